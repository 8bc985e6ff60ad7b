// The call's chat: the teachers' side channel and the class channel a teacher opens.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { maySend } from '../calls/call-chat.js';
import { containsProfanity } from '../calls/language-filter.js';
import { findPersonalDetails, reasonFor } from '../../shared/safeguarding/personal-details.js';
import { Refusal } from '../errors/refusal.js';
import { surnamesOfClass } from '../programme/class-surnames.js';
import { onClientEvent } from './client-event.js';
import type { CallHub } from './call-hub.js';

export function registerChatEvents(socket: Socket, hub: CallHub, log: Logger): void {
  const { actorOfParticipant, broadcast, broadcastChat, member, record, roleOf, teacher } = hub;
  onClientEvent(socket, 'call:class-chat', log, async ({ on }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    await record(lc, actorOfParticipant(me), 'teacher', 'call.class-chat', { on, by: 'moderator' });
    lc.runtime.chat.classChatOn = on;
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:chat-send', log, async ({ channel, text }) => {
    const { lc, me } = member(socket);
    if (me.state !== 'in') throw new Refusal(409, 'not-in-call', 'only someone in the call can write in its chat');
    if (!maySend(me.kind, channel, lc.runtime.chat.classChatOn)) {
      await record(lc, actorOfParticipant(me), roleOf(me), 'call.forbidden', { action: `chat:${channel}` });
      throw new Refusal(403, 'forbidden', channel === 'class' ? 'The class chat is off. A teacher can turn it on.' : 'This chat is for teachers.');
    }
    if (channel === 'class' && containsProfanity(text)) {
      await record(lc, actorOfParticipant(me), roleOf(me), 'call.chat-refused', { channel, text, reason: 'language' });
      throw new Refusal(422, 'language', 'That message was not sent: please choose kinder words.');
    }
    // A class's words are checked for personal details before the partner class sees them.
    const details = me.kind === 'device' ? findPersonalDetails(text, { surnames: await surnamesOfClass(hub.ctx.models, me.classId) }) : [];
    const held = details.length ? { reason: `It names ${reasonFor(details)}: a teacher of this class reads it first.` } : undefined;
    const message = lc.runtime.chat.add(channel, me, text, held);
    try {
      await record(lc, actorOfParticipant(me), roleOf(me), 'call.chat-message', { messageId: message.id, channel, text, ...(held ? { held: true } : {}) });
      if (held)
        await record(lc, actorOfParticipant(me), roleOf(me), 'pii.held', {
          messageId: message.id,
          where: 'chat',
          kinds: [...new Set(details.map((d) => d.kind))],
          reason: held.reason,
        });
    } catch (err) {
      lc.runtime.chat.delete(message.id); // logged, or not said
      throw err;
    }
    broadcastChat(lc);
    return { messageId: message.id, ...(held ? { held } : {}) };
  });

  // A teacher of the sending class lets a held message through.
  onClientEvent(socket, 'call:chat-release', log, async ({ messageId }) => {
    const { lc: found } = member(socket);
    const message = found.runtime.chat.find(messageId);
    if (!message?.held) throw new Refusal(404, 'not-found', 'no such message waiting for a teacher');
    const { lc, me } = await teacher(socket, 'call:moderate', [found.runtime.chat.senderSchool(messageId)!]);
    await record(lc, actorOfParticipant(me), 'teacher', 'pii.released', { messageId, where: 'chat', by: 'moderator' });
    lc.runtime.chat.release(messageId);
    broadcastChat(lc);
    return {};
  });

  onClientEvent(socket, 'call:chat-delete', log, async ({ messageId }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    const message = lc.runtime.chat.find(messageId);
    if (!message) throw new Refusal(404, 'not-found', 'no such message');
    // The text leaves the call but stays in the safeguarding log.
    await record(lc, actorOfParticipant(me), 'teacher', message.held ? 'pii.removed' : 'call.chat-deleted', {
      messageId,
      channel: message.channel,
      text: message.text,
      from: message.fromName,
      by: 'moderator',
      ...(message.held ? { where: 'chat' } : {}),
    });
    lc.runtime.chat.delete(messageId);
    broadcastChat(lc);
    return {};
  });
}
