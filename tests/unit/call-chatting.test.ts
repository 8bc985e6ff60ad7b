// CallChatting over fakes: who may write where, unkind words refused, a class's personal
// details held for its own teacher, and a message that cannot be logged never said.
import { describe, expect, it } from 'vitest';
import { FakeWorld, liveCall } from '../support/call-fakes.js';

async function started(surnames: string[] = []) {
  const world = new FakeWorld();
  const s = world.services({ surnames });
  await liveCall(world, s);
  return { world, s };
}
const texts = (world: FakeWorld, id: string) => (world.chats.get(id) ?? []).map((m) => m.text);

describe('CallChatting', () => {
  it('keeps the class chat closed until a teacher opens it; the teachers’ chat is theirs', async () => {
    const { world, s } = await started();
    await expect(s.chatting.send('d-a', 'class', 'Hello!')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(s.chatting.send('d-a', 'teachers', 'Hello!')).rejects.toMatchObject({ code: 'forbidden' });
    expect(world.logged()).toEqual(['call.forbidden', 'call.forbidden']);
    await s.chatting.send('t-a', 'teachers', 'Shall we start?');
    expect(texts(world, 't-b')).toEqual(['Shall we start?']);
    expect(texts(world, 'd-a')).toEqual([]);
    await s.chatting.setClassChat('t-a', true);
    await s.chatting.send('d-a', 'class', 'Hello from 4A');
    expect(texts(world, 'd-b')).toEqual(['Hello from 4A']);
  });

  it('refuses unkind words, logged with the text, and shows nothing', async () => {
    const { world, s } = await started();
    await s.chatting.setClassChat('t-a', true);
    await expect(s.chatting.send('d-a', 'class', 'you are a b1tch')).rejects.toMatchObject({ code: 'language' });
    expect(world.events.at(-1)).toMatchObject({ type: 'call.chat-refused', payload: { reason: 'language' } });
    expect(texts(world, 'd-b')).toEqual([]);
  });

  it('holds a class’s personal details for its own teacher, who lets them through', async () => {
    const { world, s } = await started(['Okonkwo']);
    await s.chatting.setClassChat('t-a', true);
    const sent = await s.chatting.send('d-a', 'class', 'ring me on 07700 900123');
    expect(sent.held?.reason).toMatch(/phone number/);
    await s.chatting.send('d-a', 'class', 'I am Ada Okonkwo');
    expect(texts(world, 'd-b')).toEqual([]);
    expect(world.logged().slice(-4)).toEqual(['call.chat-message', 'pii.held', 'call.chat-message', 'pii.held']);
    // The partner school's teacher may not decide.
    await expect(s.chatting.release('t-b', sent.messageId)).rejects.toMatchObject({ code: 'forbidden' });
    await s.chatting.release('t-a', sent.messageId);
    expect(texts(world, 'd-b')).toEqual(['ring me on 07700 900123']);
  });

  it('deletes a message from the call, keeping it in the log; a message that cannot be logged is not said', async () => {
    const { world, s } = await started();
    const { messageId } = await s.chatting.send('t-a', 'teachers', 'Oops, wrong chat');
    await s.chatting.delete('t-b', messageId);
    expect(world.events.at(-1)).toMatchObject({ type: 'call.chat-deleted', payload: { text: 'Oops, wrong chat' } });
    expect(texts(world, 't-a')).toEqual([]);
    world.failNextLog = new Error('log down');
    await expect(s.chatting.send('t-a', 'teachers', 'Unlogged')).rejects.toThrow('log down');
    await s.chatting.send('t-a', 'teachers', 'Logged');
    expect(texts(world, 't-b')).toEqual(['Logged']);
  });
});
