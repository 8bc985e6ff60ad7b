// The whiteboard over the real server: sync between participants, convergence under
// concurrent and offline edits, the teacher's lock enforced on the server, chunked syncs,
// and bad input refused before it reaches anyone or the stored document.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BoardConnection } from '../../client/src/board/board-connection.js';
import type { SocketTransport } from '../../client/src/api/socket-transport.js';
import { SYNC_CHUNK_BYTES } from '../../shared/board/chunks.js';
import { encodeUpdateFrame } from '../../shared/board/sync-frames.js';
import type { BoardElement } from '../../shared/board/elements.js';
import { startCallWorld, type CallWorld } from '../support/call-world.js';
import { until } from '../support/until.js';
import '../support/provided.js';

let world: CallWorld;
let teacherA: SocketTransport;
let teacherB: SocketTransport;
let deviceA: SocketTransport;
let deviceB: SocketTransport;
const boards: BoardConnection[] = [];

const stroke = (i: number, colour: 'red' | 'blue' = 'blue'): BoardElement => ({
  kind: 'stroke',
  points: [10 + (i % 1000), 20, 50, 30 + (i % 500), 40, 60],
  colour,
  size: 'medium',
  z: i,
});
const contentOf = (doc: Y.Doc) => JSON.stringify(Object.entries(doc.getMap('elements').toJSON()).sort(([a], [b]) => a.localeCompare(b)));
const bytes = (data: unknown): Uint8Array => data as Uint8Array;

async function openBoard(t: SocketTransport, kind: 'call' | 'link', name: string, refusals: string[] = []) {
  const b = new BoardConnection(t, kind, name, { onRefused: (_m, code) => refusals.push(code) });
  boards.push(b);
  await b.open();
  return b;
}

/** The document as the server holds it. */
const serverDoc = (boardId: string): Y.Doc => world.server.boards.get(boardId)!.doc;

describe('whiteboard over sockets', () => {
  beforeAll(async () => {
    world = await startCallWorld(inject('mongoUri'), `board_socket_${process.pid}`);
    teacherA = await world.teacher(0);
    teacherB = await world.teacher(1);
    deviceA = await world.device(0, 'Class 4A', teacherA);
    deviceB = await world.device(1, 'Class 4B', teacherB);
  });
  afterAll(async () => {
    for (const b of boards) b.close();
    await world?.close();
  });

  it('brings concurrent and offline edits of four participants to one identical document', async () => {
    // One participant edits before it opens the board: offline edits merged by the handshake.
    const late = new BoardConnection(deviceB, 'link', 'Class 4B');
    boards.push(late);
    for (let i = 0; i < 20; i++) late.put(`offline-${i}`, stroke(i, 'red'));
    const online = [
      await openBoard(teacherA, 'link', 'Teacher 0'),
      await openBoard(teacherB, 'link', 'Teacher 1'),
      await openBoard(deviceA, 'link', 'Class 4A'),
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const edits = online.flatMap((b, who) =>
      Array.from({ length: 40 }, (_, i) => async () => {
        const keys = [...b.elements.keys()];
        if (keys.length > 5 && random() < 0.3) b.remove(keys[Math.floor(random() * keys.length)]!);
        else b.put(`e-${who}-${i % 25}`, stroke(who * 100 + i)); // some keys written twice: replacements
      }),
    );
    // Interleave everyone's edits with no waiting between them.
    for (const edit of edits.sort(() => random() - 0.5)) await edit();
    await late.open();
    const all = [...online, late];
    const linkBoardId = online[0]!.boardId!;
    await until('all four documents and the server agree', () => {
      const server = contentOf(serverDoc(linkBoardId));
      return all.every((b) => contentOf(b.doc) === server);
    });
    expect(late.elements.has('offline-0')).toBe(true);
    expect(online[0]!.elements.get('offline-19')).toMatchObject({ colour: 'red' });
    expect(online[0]!.elements.size).toBeGreaterThan(20);
  });

  it('rejects a class device’s update on the server while the board is locked, logs it, and lets teachers draw', async () => {
    const refusals: string[] = [];
    const teacher = await openBoard(teacherA, 'call', 'Teacher 0');
    const device = await openBoard(deviceA, 'call', 'Class 4A', refusals);
    const partner = await openBoard(deviceB, 'call', 'Class 4B');
    await teacherA.request('board:lock', { boardId: teacher.boardId!, on: true });
    await until('the device sees the lock', () => device.state?.locked === true);
    device.put('sneaky', stroke(1));
    await until('the device is told', () => refusals.includes('locked'));
    teacher.put('allowed', stroke(2));
    await until('the teacher’s stroke reaches the partner', () => partner.elements.has('allowed'));
    expect(partner.elements.has('sneaky')).toBe(false);
    expect(serverDoc(teacher.boardId!).getMap('elements').has('sneaky')).toBe(false);
    // The device's own copy was reloaded from the server, without its refused stroke.
    await until('the device copy is reloaded', () => device.elements.has('allowed') && !device.elements.has('sneaky'));
    const refused = await world.server.log.collection.findOne({ type: 'board.update-refused', 'payload.boardId': teacher.boardId, 'payload.reason': 'locked' });
    expect(refused).toMatchObject({ actor: { kind: 'device' }, role: 'class-device' });
    expect(await world.server.log.collection.countDocuments({ type: 'board.locked', 'payload.on': true })).toBe(1);
    // A class device cannot unlock it.
    await expect(deviceA.request('board:lock', { boardId: teacher.boardId!, on: false })).rejects.toMatchObject({ code: 'forbidden' });
    await teacherA.request('board:lock', { boardId: teacher.boardId!, on: false });
    await until('unlocked', () => device.state?.locked === false);
    device.put('now-fine', stroke(3));
    await until('the unlocked device’s stroke reaches the partner', () => partner.elements.has('now-fine'));
  });

  it('logs every word put on a board and refuses unkind ones before anyone sees them', async () => {
    const refusals: string[] = [];
    const device = await openBoard(deviceA, 'call', 'Class 4A', refusals);
    const partner = await openBoard(deviceB, 'call', 'Class 4B');
    device.put('note-1', { kind: 'sticky', x: 100, y: 100, text: 'We like football', colour: 'yellow', z: 50 });
    await until('the note arrives', () => partner.elements.has('note-1'));
    expect(await world.server.log.collection.findOne({ type: 'board.text', 'payload.text': 'We like football' })).toMatchObject({
      payload: { elementId: 'note-1', kind: 'sticky' },
    });
    device.put('note-2', { kind: 'text', x: 100, y: 200, text: 'you are a b1tch', colour: 'red', size: 'thick', z: 51 });
    await until('refused for language', () => refusals.includes('language'));
    expect(partner.elements.has('note-2')).toBe(false);
    expect(await world.server.log.collection.findOne({ type: 'board.update-refused', 'payload.reason': 'language' })).toBeTruthy();
  });

  it("holds a class's words that name personal details for its own teacher; the partner sees them only once let through", async () => {
    const refusals: string[] = [];
    const device = await openBoard(deviceA, 'call', 'Class 4A', refusals);
    const partner = await openBoard(deviceB, 'call', 'Class 4B');
    const ownTeacher = await openBoard(teacherA, 'call', 'Ms A');
    const otherTeacher = await openBoard(teacherB, 'call', 'Mr B');
    device.put('pii-1', { kind: 'sticky', x: 300, y: 100, text: 'ring me on 07700 900123', colour: 'yellow', z: 70 });
    await until('held', () => refusals.includes('held'));
    await until('its teacher sees it waiting', () => (ownTeacher.state?.held ?? []).some((h) => h.elementId === 'pii-1'));
    expect(ownTeacher.state!.held![0]).toMatchObject({ by: 'Class 4A', text: 'ring me on 07700 900123', reason: 'It names a phone number.' });
    expect(otherTeacher.state?.held ?? []).toEqual([]);
    expect(partner.elements.has('pii-1')).toBe(false);
    expect(serverDoc(device.boardId!).getMap('elements').has('pii-1')).toBe(false);
    // The partner school's teacher may not decide; the class's own teacher lets it through.
    await expect(teacherB.request('board:release-held', { boardId: device.boardId!, elementId: 'pii-1' })).rejects.toMatchObject({ code: 'forbidden' });
    await teacherA.request('board:release-held', { boardId: device.boardId!, elementId: 'pii-1' });
    await until('the partner sees it', () => partner.elements.has('pii-1'));
    expect(ownTeacher.state?.held).toEqual([]);

    device.put('pii-2', { kind: 'text', x: 300, y: 200, text: 'add me on snapchat coolkid22', colour: 'red', size: 'thick', z: 71 });
    await until('held again', () => (ownTeacher.state?.held ?? []).some((h) => h.elementId === 'pii-2'));
    await teacherA.request('board:remove-held', { boardId: device.boardId!, elementId: 'pii-2' });
    await until('gone from the list', () => !(ownTeacher.state?.held ?? []).some((h) => h.elementId === 'pii-2'));
    expect(partner.elements.has('pii-2')).toBe(false);
    const log = world.server.log.collection;
    expect(await log.countDocuments({ type: 'pii.held', 'payload.where': 'board' })).toBe(2);
    expect(await log.countDocuments({ type: 'pii.released', 'payload.elementId': 'pii-1' })).toBe(1);
    expect(await log.countDocuments({ type: 'pii.removed', 'payload.elementId': 'pii-2' })).toBe(1);
  });

  it('lets a teacher clear, undo the clear and delete one element, each logged', async () => {
    const teacher = await openBoard(teacherB, 'call', 'Teacher 1');
    const partner = await openBoard(deviceA, 'call', 'Class 4A');
    teacher.put('to-delete', { kind: 'text', x: 5, y: 5, text: 'Our school', colour: 'black', size: 'medium', z: 60 });
    await until('text arrives', () => partner.elements.has('to-delete'));
    const before = partner.elements.size;
    const boardId = teacher.boardId!;
    await teacherB.request('board:clear', { boardId });
    await until('cleared everywhere', () => partner.elements.size === 0 && teacher.elements.size === 0);
    await until('undo offered', () => teacher.state?.canUndoClear === true);
    await teacherB.request('board:undo-clear', { boardId });
    await until('restored', () => partner.elements.size === before);
    await teacherB.request('board:delete-element', { boardId, elementId: 'to-delete' });
    await until('deleted', () => !partner.elements.has('to-delete'));
    await expect(teacherB.request('board:delete-element', { boardId, elementId: 'to-delete' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(deviceA.request('board:clear', { boardId })).rejects.toMatchObject({ code: 'forbidden' });
    const types = (
      await world.server.log.collection
        .find({ 'payload.boardId': boardId, type: { $in: ['board.cleared', 'board.clear-undone', 'board.element-deleted'] } })
        .toArray()
    ).map((e) => e.type);
    expect(types).toEqual(['board.cleared', 'board.clear-undone', 'board.element-deleted']);
    expect(await world.server.log.collection.findOne({ type: 'board.element-deleted', 'payload.elementId': 'to-delete' })).toMatchObject({
      payload: { text: 'Our school' },
    });
  });

  it('sends a large board in parts under the message limit, both ways', async () => {
    const big = new BoardConnection(teacherA, 'link', 'Teacher 0');
    boards.push(big);
    // ~1.2 MB of strokes drawn offline: the handshake carries them up in parts.
    const points = Array.from({ length: 1500 * 3 }, (_, i) => (i % 3 === 2 ? 50 : i % 1600));
    for (let i = 0; i < 150; i++) big.put(`big-${i}`, { kind: 'stroke', points, colour: 'green', size: 'thin', z: 1000 + i });
    expect(Y.encodeStateAsUpdate(big.doc).byteLength).toBeGreaterThan(600_000);
    await big.open();
    await until('the server has the big board', () => serverDoc(big.boardId!).getMap('elements').has('big-149'), 20_000);
    // A newcomer receives it in parts.
    const parts: number[] = [];
    const off = teacherB.on('board:sync', ({ part, data }) => {
      if (part) parts.push(bytes(data).byteLength);
    });
    const newcomer = await openBoard(teacherB, 'link', 'Teacher 1');
    await until('the newcomer has the big board', () => newcomer.elements.has('big-149'), 20_000);
    off();
    expect(parts.length).toBeGreaterThan(2);
    expect(Math.max(...parts)).toBeLessThanOrEqual(SYNC_CHUNK_BYTES);
  });

  it('shows cursors to others under the sender’s own name, and hides them when a teacher says so', async () => {
    const device = await openBoard(deviceA, 'call', 'Class 4A');
    const teacher = await openBoard(teacherA, 'call', 'Teacher 0');
    device.setCursor({ x: 300, y: 200 });
    await until('the teacher sees the cursor', () => [...teacher.awareness.getStates().values()].some((s) => (s as { name?: string }).name === 'Class 4A'));
    // A cursor that claims another name is refused.
    const liar = new BoardConnection(deviceB, 'call', 'Teacher 0');
    boards.push(liar);
    await liar.open();
    liar.setCursor({ x: 1, y: 1 });
    const { encodeAwarenessUpdate } = await import('y-protocols/awareness');
    await expect(
      deviceB.request('board:awareness', { boardId: liar.boardId!, data: encodeAwarenessUpdate(liar.awareness, [liar.doc.clientID]) }),
    ).rejects.toMatchObject({ code: 'not-allowed' });
    await teacherA.request('board:hide-cursors', { boardId: teacher.boardId!, on: true });
    await until('hidden', () => device.state?.cursorsHidden === true);
    expect(await world.server.log.collection.countDocuments({ type: 'board.cursors-hidden' })).toBe(1);
    await teacherA.request('board:hide-cursors', { boardId: teacher.boardId!, on: false });
  });

  it('puts on the board only pictures of the link’s wall that both schools have approved', async () => {
    const refusals: string[] = [];
    const device = await openBoard(deviceA, 'call', 'Class 4A', refusals);
    const partner = await openBoard(deviceB, 'call', 'Class 4B');
    const m = world.server.models;
    const link = (await m.Link.findById(world.linkId))!;
    const item = (approval: 'approved' | 'pending') =>
      m.ExchangeItem.create({
        programmeId: link.programmeId,
        linkId: link._id,
        fromSchoolId: link.schoolIds[0],
        kind: 'image',
        title: 'Our map',
        by: { kind: 'user', id: 'u', label: 'T' },
        senderApproval: approval,
        receiverApproval: 'not-required',
      });
    const [approved, pending] = [await item('approved'), await item('pending')];
    const picture = (itemId: string): BoardElement => ({ kind: 'picture', itemId, x: 100, y: 100, w: 400, h: 300, z: 900 });
    device.put('pic-ok', picture(approved.id));
    await until('the approved picture reaches the partner', () => partner.elements.has('pic-ok'));
    device.put('pic-pending', picture(pending.id));
    await until('the unapproved picture is refused', () => refusals.includes('not-allowed'));
    expect(partner.elements.has('pic-pending')).toBe(false);
  });

  it('refuses malformed, oversized and out-of-place updates, which reach no one and change nothing', async () => {
    const device = await openBoard(deviceA, 'call', 'Class 4A');
    const watcher = await openBoard(deviceB, 'call', 'Class 4B');
    const boardId = device.boardId!;
    const stored = () => contentOf(serverDoc(boardId));
    const before = stored();
    let received = 0;
    const off = deviceB.on('board:sync', () => void (received += 1));
    const nested = new Y.Doc();
    nested.getMap('elements').set('x', new Y.Text('hidden'));
    const otherRoot = new Y.Doc();
    otherRoot.getMap('secrets').set('x', stroke(1));
    const badColour = new Y.Doc();
    badColour.getMap('elements').set('x', { ...stroke(1), colour: 'pink' });
    const cases: [unknown, string][] = [
      [{ boardId, data: new Uint8Array([2, 200, 1, 2]) }, 'malformed'],
      [{ boardId, data: new Uint8Array([9, 1, 0]) }, 'malformed'],
      [{ boardId, data: encodeUpdateFrame(Y.encodeStateAsUpdate(nested)) }, 'not-allowed'],
      [{ boardId, data: encodeUpdateFrame(Y.encodeStateAsUpdate(otherRoot)) }, 'not-allowed'],
      [{ boardId, data: encodeUpdateFrame(Y.encodeStateAsUpdate(badColour)) }, 'not-allowed'],
      [{ boardId, data: new Uint8Array(SYNC_CHUNK_BYTES + 1) }, 'bad-request'],
      [{ boardId, data: 'not bytes' }, 'bad-request'],
      [{ boardId, data: new Uint8Array([0]), part: { id: 'p', index: 5, count: 2 } }, 'bad-request'],
      [{ boardId: `call-${'0'.repeat(24)}`, data: new Uint8Array([0, 0]) }, 'forbidden'],
    ];
    for (const [payload, code] of cases) {
      await expect(deviceA.request('board:sync', payload as never), JSON.stringify(payload).slice(0, 80)).rejects.toMatchObject({ code });
    }
    await new Promise((r) => setTimeout(r, 200));
    off();
    expect(received).toBe(0);
    expect(stored()).toBe(before);
    expect(watcher.elements.size).toBe(device.elements.size);
  });

  it('keeps boards from anyone not admitted to the call', async () => {
    const { SocketTransport } = await import('../../client/src/api/socket-transport.js');
    const outsider = new SocketTransport(world.server.url, { reconnection: false });
    world.transports.push(outsider);
    await outsider.connected();
    await expect(outsider.request('board:open', { board: 'call' })).rejects.toMatchObject({ code: 'not-in-call' });
    await expect(outsider.request('board:sync', { boardId: `call-${world.callId}`, data: new Uint8Array([0, 0]) })).rejects.toMatchObject({
      code: 'not-in-call',
    });
    // A class device waiting in the lobby cannot open a board either.
    const waiting = new SocketTransport(world.server.url, { reconnection: false });
    world.transports.push(waiting);
    await waiting.connected();
    await waiting.request('call:join-device', { code: world.codes[0], displayName: 'Waiting class' });
    await expect(waiting.request('board:open', { board: 'call' })).rejects.toMatchObject({ code: 'not-in-call' });
  });
});
