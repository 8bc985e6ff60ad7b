// Folds a board's stored parts (a snapshot and the updates after it, in order) into one
// update: deleted content is dropped, as a live document would. Used on the compaction
// thread, and in place should that thread fail.
import * as Y from 'yjs';

export function mergeParts(parts: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  for (const p of parts) Y.applyUpdate(doc, p);
  const data = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return data;
}
