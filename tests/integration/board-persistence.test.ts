// Boards in the real database: content survives putting the board away and loading it on a
// new connection (as after a server restart), and compaction keeps it identical.
import { Types } from 'mongoose';
import { pino } from 'pino';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { connectMongoose } from '../../server/db/database.js';
import { modelsFor } from '../../server/db/models.js';
import { BoardRegistry, newMember } from '../../server/board/board-registry.js';
import { COMPACT_AFTER_UPDATES } from '../../server/board/board-persistence.js';
import type { BoardOutbox } from '../../server/board/live-board.js';
import { encodeUpdateFrame } from '../../shared/board/sync-frames.js';
import type { BoardElement } from '../../shared/board/elements.js';
import { useTestDatabase } from '../support/test-database.js';
import { until } from '../support/until.js';
import { inject } from 'vitest';
import '../support/provided.js';

const db = useTestDatabase('board_persistence');
const quiet = pino({ level: 'silent' });
const outbox: BoardOutbox = { sync: () => undefined, awareness: () => undefined, state: () => undefined };
const owner = (kind: 'link' | 'call' = 'link') => {
  const linkId = new Types.ObjectId().toString();
  return { boardId: `${kind}-${linkId}`, kind, programmeId: new Types.ObjectId().toString(), linkId, callId: new Types.ObjectId().toString() };
};
const stroke = (i: number): BoardElement => ({ kind: 'stroke', points: [i % 1600, 10, 50, (i * 7) % 1600, 20, 50], colour: 'blue', size: 'thin', z: i });
const contentOf = (doc: Y.Doc) => JSON.stringify(Object.entries(doc.getMap('elements').toJSON()).sort(([a], [b]) => a.localeCompare(b)));
const pass = async () => undefined;

/** Draws as a client would: each edit is one update sent to the board. */
async function draw(registry: BoardRegistry, boardId: string, edits: (doc: Y.Doc) => void) {
  const board = registry.get(boardId)!;
  const member = board.members.get('s1') ?? (board.join(newMember('s1', 'p1', 'teacher', 'T', 'school-1')), board.members.get('s1')!);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(board.doc));
  const pending: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => pending.push(u));
  edits(client);
  for (const u of pending) await board.receiveSync(member, encodeUpdateFrame(u), undefined, pass);
}

describe('board persistence', () => {
  it('keeps content, lock and the last clear across a restart on a new connection', async () => {
    const models = await modelsFor(db.connection());
    const o = owner();
    const first = new BoardRegistry(models, outbox, quiet, () => true);
    await first.open(o);
    await draw(first, o.boardId, (d) => {
      for (let i = 0; i < 30; i++) d.getMap('elements').set(`s${i}`, stroke(i));
      d.getMap('elements').delete('s3');
    });
    const board = first.get(o.boardId)!;
    await board.setLocked(true);
    const expected = contentOf(board.doc);
    await first.closeAll();

    const again = await connectMongoose(inject('mongoUri'), db.connection().name);
    try {
      const second = new BoardRegistry(await modelsFor(again), outbox, quiet, () => true);
      const reopened = await second.open(o);
      expect(contentOf(reopened.doc)).toBe(expected);
      expect(reopened.elements.has('s3')).toBe(false);
      expect(reopened.state().locked).toBe(true);
      await second.closeAll();
    } finally {
      await again.close();
    }
  });

  it('compacts many updates into a snapshot with identical content, and loads it back', async () => {
    const models = await modelsFor(db.connection());
    const o = owner('call');
    const registry = new BoardRegistry(models, outbox, quiet, () => true);
    const board = await registry.open(o);
    // Long strokes: compaction also waits for enough new bytes (COMPACT_MIN_BYTES).
    const long = (i: number): BoardElement =>
      ({ ...stroke(i), points: Array.from({ length: 300 }, (_, k) => (k % 3 === 2 ? 50 : (i * 7 + k) % 1600)) }) as BoardElement;
    for (let batch = 0; batch < COMPACT_AFTER_UPDATES + 50; batch++) {
      await draw(registry, o.boardId, (d) => d.getMap('elements').set(`b${batch}`, long(batch)));
      // Stored one by one (not merged within the batching window), as in a slow lesson.
      await board.flush();
    }
    await until('a snapshot is written', async () => (await models.BoardSnapshot.countDocuments({ _id: o.boardId })) === 1);
    await board.flush();
    expect(await models.BoardUpdate.countDocuments({ boardId: o.boardId })).toBeLessThan(COMPACT_AFTER_UPDATES);
    const live = contentOf(board.doc);
    await registry.closeAll();
    // Put away: one snapshot and no updates left.
    expect(await models.BoardUpdate.countDocuments({ boardId: o.boardId })).toBe(0);
    const loaded = await new BoardRegistry(models, outbox, quiet, () => true).open(o);
    expect(contentOf(loaded.doc)).toBe(live);
    expect(loaded.elements.size).toBe(COMPACT_AFTER_UPDATES + 50);
  });

  it('undoes a clear after a restart', async () => {
    const models = await modelsFor(db.connection());
    const o = owner();
    const registry = new BoardRegistry(models, outbox, quiet, () => true);
    await registry.open(o);
    await draw(registry, o.boardId, (d) => d.getMap('elements').set('keep', stroke(1)));
    expect(await registry.get(o.boardId)!.clear()).toBe(1);
    await registry.closeAll();
    const reopened = await new BoardRegistry(models, outbox, quiet, () => true).open(o);
    expect(reopened.elements.size).toBe(0);
    expect(reopened.state().canUndoClear).toBe(true);
    await reopened.undoClear();
    expect(reopened.elements.get('keep')).toEqual(stroke(1));
  });

  it('keeps a class’s held words for its teacher across a restart, and stores the decision', async () => {
    const models = await modelsFor(db.connection());
    const o = owner('call');
    const registry = new BoardRegistry(models, outbox, quiet, () => true);
    const board = await registry.open(o);
    const note: BoardElement = { kind: 'sticky', x: 10, y: 10, text: 'ring me on 07700 900123', colour: 'yellow', z: 1 };
    await board.hold('pii-1', { element: note, schoolId: 'school-a', by: 'Class 4A', text: note.text, reason: 'It names a phone number.' });
    await board.hold('pii-2', {
      element: { ...note, text: 'my postcode is SW1A 1AA' },
      schoolId: 'school-a',
      by: 'Class 4A',
      text: 'my postcode is SW1A 1AA',
      reason: 'It names a postcode.',
    });
    await registry.closeAll();

    const teacher = newMember('t1', 'p1', 'teacher', 'Ms A', 'school-a');
    const partnerTeacher = newMember('t2', 'p2', 'teacher', 'Mr B', 'school-b');
    const reopened = await new BoardRegistry(models, outbox, quiet, () => true).open(o);
    expect(reopened.state(teacher).held).toEqual([
      { elementId: 'pii-1', by: 'Class 4A', text: note.text, reason: 'It names a phone number.' },
      { elementId: 'pii-2', by: 'Class 4A', text: 'my postcode is SW1A 1AA', reason: 'It names a postcode.' },
    ]);
    expect(reopened.state(partnerTeacher).held).toEqual([]);
    expect(reopened.elements.has('pii-1')).toBe(false);
    const released = await reopened.takeHeld('pii-1');
    expect(released?.element).toEqual(note);
    expect(await reopened.takeHeld('pii-1')).toBeUndefined();

    const third = await new BoardRegistry(models, outbox, quiet, () => true).open(o);
    expect(third.state(teacher).held?.map((h) => h.elementId)).toEqual(['pii-2']);
  });
});
