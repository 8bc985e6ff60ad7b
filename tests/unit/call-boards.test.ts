// CallBoards over fakes (the calls' interfaces, and the board store in memory): who may
// use a call's boards, words checked and logged before they show, a class's personal
// details held for its own teacher, and the teacher's controls logged first.
import { pino } from 'pino';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { BoardElement } from '../../shared/board/elements.js';
import { encodeUpdateFrame } from '../../shared/board/sync-frames.js';
import { BoardRegistry } from '../../server/board/board-registry.js';
import { CallBoards } from '../../server/board/call-boards.js';
import type { BoardOutbox } from '../../server/board/live-board.js';
import type { Models } from '../../server/db/models.js';
import { FakeWorld, liveCall } from '../support/call-fakes.js';

/** The board collections in memory: enough for boards that open empty and store their updates. */
function boardModelsInMemory() {
  const boards = new Map<string, Record<string, unknown>>();
  const query = <T>(value: T) => ({ sort: () => Promise.resolve(value), then: (f: (v: T) => unknown) => Promise.resolve(value).then(f) });
  return {
    Board: {
      findOneAndUpdate: (filter: { _id: string }, update: { $setOnInsert: Record<string, unknown> }) => {
        const doc = boards.get(filter._id) ?? { _id: filter._id, ...update.$setOnInsert };
        boards.set(filter._id, doc);
        return Promise.resolve(doc);
      },
      updateOne: (filter: { _id: string }, update: Record<string, unknown>) => {
        boards.set(filter._id, { ...boards.get(filter._id), ...((update.$set as object) ?? update) });
        return Promise.resolve({ matchedCount: 1 });
      },
    },
    BoardUpdate: { find: () => query([]), create: () => Promise.resolve({}), deleteMany: () => Promise.resolve({}) },
    BoardSnapshot: { findById: () => Promise.resolve(null), replaceOne: () => Promise.resolve({}) },
  } as unknown as Pick<Models, 'Board' | 'BoardUpdate' | 'BoardSnapshot'>;
}

const sticky = (text: string): BoardElement => ({ kind: 'sticky', x: 10, y: 10, text, colour: 'yellow', z: 1 });

/** What a client sends to put one element on the board. */
function frameFor(elementId: string, element: BoardElement): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array | undefined;
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getMap('elements').set(elementId, element);
  return encodeUpdateFrame(update!);
}

async function started(surnames: string[] = []) {
  const world = new FakeWorld();
  const s = world.services();
  const ids = await liveCall(world, s);
  const outbox: BoardOutbox = { sync: () => undefined, awareness: () => undefined, state: () => undefined };
  const registry = new BoardRegistry(boardModelsInMemory(), outbox, pino({ level: 'silent' }), () => true);
  const boards = new CallBoards(
    s.calls,
    registry,
    () => Promise.resolve(surnames),
    () => Promise.resolve(false),
  );
  return { world, s, boards, registry, ...ids };
}

describe('CallBoards', () => {
  it('opens a call’s boards to those admitted only, logged', async () => {
    const { world, s, boards } = await started();
    const state = await boards.open('d-a', 'call');
    expect(state).toMatchObject({ boardId: 'call-call-1', mayModerate: false, linkId: 'link-1' });
    expect(world.logged()).toEqual(['board.opened']);
    const d = await s.joining.joinDevice('d-new', { code: 'ACDEFG', displayName: 'Late class', address: '192.0.2.5' });
    expect(d.participantId).toBeTruthy();
    await expect(boards.open('d-new', 'call')).rejects.toMatchObject({ code: 'not-in-call' }); // waiting in the lobby
    await expect(boards.sync('d-b', 'call-call-1', frameFor('x', sticky('hi')), undefined)).rejects.toMatchObject({ code: 'not-open' });
  });

  it('logs every word before it shows, and refuses unkind words', async () => {
    const { world, boards } = await started();
    await boards.open('d-a', 'call');
    world.events.length = 0;
    await boards.sync('d-a', 'call-call-1', frameFor('n1', sticky('We like football')), undefined);
    expect(world.events).toEqual([expect.objectContaining({ type: 'board.text', payload: expect.objectContaining({ text: 'We like football' }) })]);
    expect(boards.boards.get('call-call-1')!.elements.has('n1')).toBe(true);
    await expect(boards.sync('d-a', 'call-call-1', frameFor('n2', sticky('you are a b1tch')), undefined)).rejects.toMatchObject({ code: 'language' });
    expect(world.logged().at(-1)).toBe('board.update-refused');
    expect(boards.boards.get('call-call-1')!.elements.has('n2')).toBe(false);
  });

  it('holds a class’s personal details for its own teacher: logged, kept off the board, let through by that teacher only', async () => {
    const { world, boards } = await started(['Okonkwo']);
    await boards.open('d-a', 'call');
    await boards.open('t-a', 'call');
    await expect(boards.sync('d-a', 'call-call-1', frameFor('p1', sticky('I am Ada Okonkwo')), undefined)).rejects.toMatchObject({ code: 'held' });
    expect(world.logged().slice(-2)).toEqual(['pii.held', 'board.update-refused']);
    const board = boards.boards.get('call-call-1')!;
    expect(board.elements.has('p1')).toBe(false);
    expect(board.held.forSchool('school-a').map((h) => h.elementId)).toEqual(['p1']);
    await boards.open('t-b', 'call');
    await expect(boards.decideHeld('t-b', 'call-call-1', 'p1', true)).rejects.toMatchObject({ code: 'forbidden' });
    await boards.decideHeld('t-a', 'call-call-1', 'p1', true);
    expect(world.logged().at(-1)).toBe('pii.released');
    expect(board.elements.get('p1')).toMatchObject({ text: 'I am Ada Okonkwo' });
  });

  it('refuses a class’s writes while the call is paused, and pictures not approved on the wall', async () => {
    const { s, boards } = await started();
    await boards.open('d-a', 'call');
    s.calls.live.get('call-1')!.runtime.status = 'paused';
    await expect(boards.sync('d-a', 'call-call-1', frameFor('n1', sticky('Hello')), undefined)).rejects.toMatchObject({ code: 'locked' });
    s.calls.live.get('call-1')!.runtime.status = 'live';
    const picture = { kind: 'picture', itemId: '0123456789abcdef01234567', x: 0, y: 0, w: 100, h: 100, z: 2 } as BoardElement;
    await expect(boards.sync('d-a', 'call-call-1', frameFor('pic', picture), undefined)).rejects.toMatchObject({ code: 'not-allowed' });
  });

  it('lets teachers lock, clear and undo (each logged first); a class asking is refused and logged', async () => {
    const { world, boards } = await started();
    await boards.open('t-a', 'call');
    await boards.sync('t-a', 'call-call-1', frameFor('n1', sticky('Our school')), undefined);
    await expect(boards.lock('d-a', 'call-call-1', true)).rejects.toMatchObject({ code: 'forbidden' });
    expect(world.logged().at(-1)).toBe('call.forbidden');
    await boards.lock('t-b', 'call-call-1', true);
    expect(boards.boards.get('call-call-1')!.state().locked).toBe(true);
    await boards.clear('t-a', 'call-call-1');
    expect(boards.boards.get('call-call-1')!.elements.size).toBe(0);
    await boards.undoClear('t-a', 'call-call-1');
    expect(boards.boards.get('call-call-1')!.elements.has('n1')).toBe(true);
    expect(world.logged().slice(-3)).toEqual(['board.locked', 'board.cleared', 'board.clear-undone']);
    await expect(boards.undoClear('t-a', 'call-call-1')).rejects.toMatchObject({ code: 'not-found' });
  });
});
