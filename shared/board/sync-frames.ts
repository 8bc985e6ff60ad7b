// The y-protocols sync messages (step 1: "here is what I have", step 2: "here is what you
// lack", update) as bytes, for both ends. Decoding never applies anything: the receiver
// decides what to do with an update once it has read it.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as sync from 'y-protocols/sync';
import * as Y from 'yjs';

export type SyncFrame = { type: 'step1'; stateVector: Uint8Array } | { type: 'step2' | 'update'; update: Uint8Array };

export class SyncFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncFrameError';
  }
}

const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

export const encodeStep1 = (doc: Y.Doc): Uint8Array => frame((e) => sync.writeSyncStep1(e, doc));
export const encodeStep2 = (doc: Y.Doc, stateVector?: Uint8Array): Uint8Array => frame((e) => sync.writeSyncStep2(e, doc, stateVector));
export const encodeUpdateFrame = (update: Uint8Array): Uint8Array => frame((e) => sync.writeUpdate(e, update));

export function decodeSyncFrame(data: Uint8Array): SyncFrame {
  try {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (decoding.hasContent(d)) throw new SyncFrameError('trailing bytes after the sync message');
    if (type === sync.messageYjsSyncStep1) return { type: 'step1', stateVector: payload };
    if (type === sync.messageYjsSyncStep2) return { type: 'step2', update: payload };
    if (type === sync.messageYjsUpdate) return { type: 'update', update: payload };
    throw new SyncFrameError(`unknown sync message type ${type}`);
  } catch (err) {
    throw err instanceof SyncFrameError ? err : new SyncFrameError('the sync message could not be read');
  }
}
