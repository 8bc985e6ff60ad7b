import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { decodeSyncFrame, encodeStep1, encodeStep2, encodeUpdateFrame, SyncFrameError } from '../../shared/board/sync-frames.js';

describe('sync frames', () => {
  it('round-trips the three y-protocols sync messages', () => {
    const doc = new Y.Doc();
    doc.getMap('elements').set('a', 1);
    expect(decodeSyncFrame(encodeStep1(doc))).toEqual({ type: 'step1', stateVector: Y.encodeStateVector(doc) });
    const step2 = decodeSyncFrame(encodeStep2(doc, new Uint8Array([0])));
    expect(step2.type).toBe('step2');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (step2 as { update: Uint8Array }).update);
    expect(copy.getMap('elements').get('a')).toBe(1);
    expect(decodeSyncFrame(encodeUpdateFrame(new Uint8Array([7, 8])))).toEqual({ type: 'update', update: new Uint8Array([7, 8]) });
  });

  it('refuses unknown types, truncation and trailing bytes', () => {
    expect(() => decodeSyncFrame(new Uint8Array([3, 0]))).toThrow(SyncFrameError);
    expect(() => decodeSyncFrame(new Uint8Array([2, 5, 1]))).toThrow(SyncFrameError);
    expect(() => decodeSyncFrame(new Uint8Array([2, 1, 1, 9]))).toThrow(/trailing/);
  });
});
