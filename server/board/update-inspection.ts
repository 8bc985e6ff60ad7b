// Reads a Yjs update without applying it and says what it would write: every inserted value
// must be a valid board element in the `elements` map. Anything else (nested types, other
// root types, strings, binary) is refused, so a bad update never reaches the document.
import * as Y from 'yjs';
import { BoardElementSchema, ELEMENTS_MAP, ElementIdSchema, type BoardElement } from '../../shared/board/elements.js';
import { BoardError } from './errors.js';

export interface WrittenElement {
  /** Known when the update names the key (a first write); later writes to a key omit it. */
  elementId: string | null;
  element: BoardElement;
}

export interface InspectedUpdate {
  written: WrittenElement[];
  /** How many items the update deletes (erasing, moving, replacing). */
  deletes: number;
  /** Nothing in it (a sync answer from someone with nothing new). */
  empty: boolean;
}

export function inspectUpdate(update: Uint8Array): InspectedUpdate {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new BoardError('malformed', 'This board update could not be read.');
  }
  const written: WrittenElement[] = [];
  for (const struct of decoded.structs) {
    if (struct instanceof Y.GC || struct instanceof Y.Skip) continue;
    if (!(struct instanceof Y.Item)) throw new BoardError('malformed', 'unknown part in a board update');
    // A decoded (not yet integrated) item names its parent by root name or by item id.
    const parent = struct.parent as unknown as string | Y.ID | null;
    if (parent !== null) {
      if (parent !== ELEMENTS_MAP) throw new BoardError('not-allowed', 'Only board elements may be written.');
      if (struct.parentSub === null || !ElementIdSchema.safeParse(struct.parentSub).success)
        throw new BoardError('not-allowed', 'A board element needs a valid id.');
    }
    const content = struct.content;
    if (content instanceof Y.ContentDeleted) continue;
    if (!(content instanceof Y.ContentAny)) throw new BoardError('not-allowed', 'Only board elements may be written.');
    for (const value of content.arr) {
      const parsed = BoardElementSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new BoardError('not-allowed', `Not a valid board element: ${issue?.path.join('.') || 'element'}: ${issue?.message ?? 'invalid'}`);
      }
      written.push({ elementId: struct.parentSub, element: parsed.data });
    }
  }
  let deletes = 0;
  for (const items of decoded.ds.clients.values()) for (const item of items) deletes += item.len;
  return { written, deletes, empty: decoded.structs.length === 0 && deletes === 0 };
}
