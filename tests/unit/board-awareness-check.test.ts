import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readAwarenessUpdate } from '../../server/board/awareness-check.js';

const raw = (entries: [number, number, string][]) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const [id, clock, json] of entries) {
    encoding.writeVarUint(e, id);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, json);
  }
  return encoding.toUint8Array(e);
};

describe('readAwarenessUpdate', () => {
  it('reads a cursor as y-protocols encodes it', () => {
    const a = new Awareness(new Y.Doc());
    a.setLocalState({ name: 'Class 4A', cursor: { x: 10, y: 20 } });
    const entries = readAwarenessUpdate(encodeAwarenessUpdate(a, [a.clientID]));
    expect(entries).toEqual([{ clientId: a.clientID, clock: expect.any(Number), state: { name: 'Class 4A', cursor: { x: 10, y: 20 } } }]);
    a.destroy();
  });

  it('accepts a removal (null state)', () => {
    expect(readAwarenessUpdate(raw([[5, 2, 'null']]))[0]!.state).toBeNull();
  });

  it('refuses other shapes, non-JSON, too many clients and garbage', () => {
    expect(() => readAwarenessUpdate(raw([[5, 1, '{"name":"x","cursor":null,"html":"<b>"}']]))).toThrow(/unexpected shape/);
    expect(() => readAwarenessUpdate(raw([[5, 1, '{nope']]))).toThrow(/not JSON/);
    expect(() => readAwarenessUpdate(raw(Array.from({ length: 5 }, (_, i) => [i, 1, 'null'] as [number, number, string])))).toThrow(/too many/);
    expect(() => readAwarenessUpdate(new Uint8Array([1, 5]))).toThrow(/could not be read/);
  });
});
