// The call's chat: the teachers' side channel and the class channel a teacher opens. A
// class's words are checked for unkind language and for personal details before the
// partner class sees them; everything said is logged before anyone reads it.
import { findPersonalDetails, reasonFor } from '../../shared/safeguarding/personal-details.js';
import { Refusal } from '../errors/refusal.js';
import { maySend, type ChatChannel } from './call-chat.js';
import type { ClassSurnames } from '../programme/class-surnames.js';
import { containsProfanity } from './language-filter.js';
import { actorOfParticipant, roleOf, type LiveCalls } from './live-calls.js';

export class CallChatting {
  constructor(
    private readonly calls: LiveCalls,
    private readonly surnamesOf: ClassSurnames,
  ) {}

  async setClassChat(connectionId: string, on: boolean): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.class-chat', { on, by: 'moderator' });
    lc.runtime.chat.classChatOn = on;
    this.calls.broadcast(lc);
  }

  async send(connectionId: string, channel: ChatChannel, text: string): Promise<{ messageId: string; held?: { reason: string } }> {
    const { calls } = this;
    const { lc, me } = calls.member(connectionId);
    if (me.state !== 'in') throw new Refusal(409, 'not-in-call', 'only someone in the call can write in its chat');
    if (!maySend(me.kind, channel, lc.runtime.chat.classChatOn)) {
      await calls.record(lc, actorOfParticipant(me), roleOf(me), 'call.forbidden', { action: `chat:${channel}` });
      throw new Refusal(403, 'forbidden', channel === 'class' ? 'The class chat is off. A teacher can turn it on.' : 'This chat is for teachers.');
    }
    if (channel === 'class' && containsProfanity(text)) {
      await calls.record(lc, actorOfParticipant(me), roleOf(me), 'call.chat-refused', { channel, text, reason: 'language' });
      throw new Refusal(422, 'language', 'That message was not sent: please choose kinder words.');
    }
    const details = me.kind === 'device' ? findPersonalDetails(text, { surnames: await this.surnamesOf(me.classId) }) : [];
    const held = details.length ? { reason: `It names ${reasonFor(details)}: a teacher of this class reads it first.` } : undefined;
    const message = lc.runtime.chat.add(channel, me, text, held);
    try {
      await calls.record(lc, actorOfParticipant(me), roleOf(me), 'call.chat-message', {
        messageId: message.id,
        channel,
        text,
        ...(held ? { held: true } : {}),
      });
      if (held) {
        await calls.record(lc, actorOfParticipant(me), roleOf(me), 'pii.held', {
          messageId: message.id,
          where: 'chat',
          kinds: [...new Set(details.map((d) => d.kind))],
          reason: held.reason,
        });
      }
    } catch (err) {
      lc.runtime.chat.delete(message.id); // logged, or not said
      throw err;
    }
    calls.broadcastChat(lc);
    return { messageId: message.id, ...(held ? { held } : {}) };
  }

  /** A teacher of the sending class lets a held message through. */
  async release(connectionId: string, messageId: string): Promise<void> {
    const { lc: found } = this.calls.member(connectionId);
    const message = found.runtime.chat.find(messageId);
    if (!message?.held) throw new Refusal(404, 'not-found', 'no such message waiting for a teacher');
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate', [found.runtime.chat.senderSchool(messageId)!]);
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'pii.released', { messageId, where: 'chat', by: 'moderator' });
    lc.runtime.chat.release(messageId);
    this.calls.broadcastChat(lc);
  }

  /** The text leaves the call but stays in the safeguarding log. */
  async delete(connectionId: string, messageId: string): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    const message = lc.runtime.chat.find(messageId);
    if (!message) throw new Refusal(404, 'not-found', 'no such message');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', message.held ? 'pii.removed' : 'call.chat-deleted', {
      messageId,
      channel: message.channel,
      text: message.text,
      from: message.fromName,
      by: 'moderator',
      ...(message.held ? { where: 'chat' } : {}),
    });
    lc.runtime.chat.delete(messageId);
    this.calls.broadcastChat(lc);
  }
}
