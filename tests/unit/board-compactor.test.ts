import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Compactor } from '../../server/board/compactor.js';

describe('Compactor', () => {
  it('folds a snapshot and later updates (with deletions) into one update with the same content, off the main thread', async () => {
    const doc = new Y.Doc();
    const parts: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => parts.push(u));
    const m = doc.getMap('elements');
    for (let i = 0; i < 50; i++) m.set(`e${i}`, { kind: 'stroke', n: i });
    for (let i = 0; i < 50; i += 3) m.delete(`e${i}`);
    const compactor = new Compactor();
    const merged = await compactor.merge(parts);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, merged);
    expect(copy.getMap('elements').toJSON()).toEqual(m.toJSON());
    expect((compactor as unknown as { broken: boolean }).broken).toBe(false);
    await compactor.close();
  });
});
