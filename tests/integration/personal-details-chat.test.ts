// The personal-details guard in a live call's class chat, over real sockets: a class's
// message naming a phone number is held for its own teacher; the partner class and its
// teacher never see it unless that teacher lets it through; every step is logged.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SocketTransport } from '../../client/src/api/socket-transport.js';
import type { ChatMessageView } from '../../shared/schemas/call.js';
import { startCallWorld, type CallWorld } from '../support/call-world.js';
import { until } from '../support/until.js';

describe('personal details in the class chat', () => {
  let world: CallWorld;
  let teachers: SocketTransport[];
  let devices: SocketTransport[];
  const seen = new Map<SocketTransport, ChatMessageView[]>();
  beforeAll(async () => {
    world = await startCallWorld(inject('mongoUri'), `t_pii_chat_${process.pid}`);
    teachers = [await world.teacher(0), await world.teacher(1)];
    devices = [await world.device(0, 'Class 4A', teachers[0]!), await world.device(1, 'Class 4B', teachers[1]!)];
    for (const s of [...teachers, ...devices]) {
      seen.set(s, []);
      s.on('call:chat', ({ messages }) => seen.set(s, messages));
    }
    await teachers[0]!.request('call:class-chat', { on: true });
  });
  afterAll(async () => {
    await world?.close();
  });
  const texts = (s: SocketTransport) => seen.get(s)!.map((m) => m.text);

  it('holds it for the sending class’s teacher; the partner sees it only once released', async () => {
    const sent = await devices[0]!.request('call:chat-send', { channel: 'class', text: 'ring me on 07700 900123' });
    expect(sent.held?.reason).toContain('a phone number');
    await devices[0]!.request('call:chat-send', { channel: 'class', text: 'We have a pond' });
    await until('the partner class has the plain message', () => texts(devices[1]!).includes('We have a pond'));
    expect(texts(devices[1]!)).toEqual(['We have a pond']);
    expect(texts(teachers[1]!)).toEqual(['We have a pond']);
    expect(seen.get(teachers[0]!)!.find((m) => m.id === sent.messageId)?.held).toBeDefined();
    expect(seen.get(devices[0]!)!.find((m) => m.id === sent.messageId)?.held).toBeDefined();

    // The partner school's teacher may not let it through.
    await expect(teachers[1]!.request('call:chat-release', { messageId: sent.messageId })).rejects.toMatchObject({ code: 'forbidden' });
    await teachers[0]!.request('call:chat-release', { messageId: sent.messageId });
    await until('the partner class sees the released message', () => texts(devices[1]!).includes('ring me on 07700 900123'));

    const log = world.server.log.collection;
    expect(await log.countDocuments({ type: 'pii.held', 'payload.messageId': sent.messageId })).toBe(1);
    expect(await log.countDocuments({ type: 'pii.released', 'payload.messageId': sent.messageId })).toBe(1);
  });

  it('a held message its teacher removes never reaches the partner class', async () => {
    const sent = await devices[0]!.request('call:chat-send', { channel: 'class', text: 'add me on snapchat coolkid22' });
    expect(sent.held).toBeDefined();
    await teachers[0]!.request('call:chat-delete', { messageId: sent.messageId });
    await until('the sender no longer has it', () => !seen.get(devices[0]!)!.some((m) => m.id === sent.messageId));
    expect(texts(devices[1]!)).not.toContain('add me on snapchat coolkid22');
    expect(await world.server.log.collection.countDocuments({ type: 'pii.removed', 'payload.messageId': sent.messageId })).toBe(1);
  });

  it('holds a surname its teacher listed for the class (set on the class, never shown to the partner)', async () => {
    const cls = await world.server.models.Class.findOne({ schoolId: (await world.server.models.School.findOne({ name: 'School 0' }))!._id });
    const patched = await fetch(`${world.server.url}/api/classes/${cls!.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: world.cookies[0], 'x-csrf-token': world.csrfs[0] },
      body: JSON.stringify({ surnames: ['Okafor'] }),
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).surnames).toEqual(['Okafor']);
    const sent = await devices[0]!.request('call:chat-send', { channel: 'class', text: 'Tom Okafor drew the pond' });
    expect(sent.held?.reason).toContain('a surname from the class list');
    await new Promise((r) => setTimeout(r, 100));
    expect(texts(devices[1]!)).not.toContain('Tom Okafor drew the pond');
  });
});
