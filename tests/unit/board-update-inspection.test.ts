import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { BoardElement } from '../../shared/board/elements.js';
import { BoardError } from '../../server/board/errors.js';
import { inspectUpdate } from '../../server/board/update-inspection.js';

const stroke: BoardElement = { kind: 'stroke', points: [1, 2, 50, 3, 4, 50], colour: 'red', size: 'thin', z: 1 };
const updateOf = (edit: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array => {
  const doc = base ?? new Y.Doc();
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
};
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof BoardError ? err.code : 'other';
  }
  return 'accepted';
};

describe('inspectUpdate', () => {
  it('reads the elements an update writes, with their ids on first write', () => {
    const out = inspectUpdate(updateOf((d) => d.getMap('elements').set('s1', stroke)));
    expect(out).toEqual({ written: [{ elementId: 's1', element: stroke }], deletes: 0, empty: false });
  });

  it('counts deletions and accepts replacing an element', () => {
    const doc = new Y.Doc();
    doc.getMap('elements').set('t', { kind: 'text', x: 1, y: 1, text: 'hi', colour: 'black', size: 'thin', z: 2 });
    const out = inspectUpdate(
      updateOf((d) => d.getMap('elements').set('t', { kind: 'text', x: 1, y: 1, text: 'hello', colour: 'black', size: 'thin', z: 2 }), doc),
    );
    expect(out.written[0]!.element).toMatchObject({ text: 'hello' });
    expect(out.deletes).toBe(1);
  });

  it('says when an update carries nothing', () => {
    expect(inspectUpdate(Y.encodeStateAsUpdate(new Y.Doc())).empty).toBe(true);
  });

  it('refuses nested types, other roots, raw strings, bad ids and invalid elements', () => {
    expect(codeOf(() => inspectUpdate(updateOf((d) => d.getMap('elements').set('x', new Y.Map()))))).toBe('not-allowed');
    expect(codeOf(() => inspectUpdate(updateOf((d) => d.getText('elements').insert(0, 'words'))))).toBe('not-allowed');
    expect(codeOf(() => inspectUpdate(updateOf((d) => d.getMap('other').set('x', stroke))))).toBe('not-allowed');
    expect(codeOf(() => inspectUpdate(updateOf((d) => d.getMap('elements').set('../bad id', stroke))))).toBe('not-allowed');
    expect(codeOf(() => inspectUpdate(updateOf((d) => d.getMap('elements').set('x', { ...stroke, points: [1, 2] }))))).toBe('not-allowed');
    expect(codeOf(() => inspectUpdate(updateOf((d) => d.getMap('elements').set('x', { ...stroke, script: 'alert(1)' }))))).toBe('not-allowed');
    expect(
      codeOf(() =>
        inspectUpdate(updateOf((d) => d.getMap('elements').set('x', { kind: 'text', x: 0, y: 0, text: 'x'.repeat(201), colour: 'red', size: 'thin', z: 0 }))),
      ),
    ).toBe('not-allowed');
  });

  it('refuses bytes that are not an update', () => {
    expect(codeOf(() => inspectUpdate(new Uint8Array([255, 255, 255, 255, 255])))).toBe('malformed');
    expect(codeOf(() => inspectUpdate(new Uint8Array([])))).toBe('malformed');
  });
});
