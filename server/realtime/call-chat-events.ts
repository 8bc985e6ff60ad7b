// The call's chat (calls/call-chatting.ts).
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { CallServices } from './call-services.js';
import { onClientEvent } from './client-event.js';

export function registerChatEvents(socket: Socket, { chatting }: CallServices, log: Logger): void {
  const id = socket.id;
  onClientEvent(socket, 'call:class-chat', log, async ({ on }) => (await chatting.setClassChat(id, on), {}));
  onClientEvent(socket, 'call:chat-send', log, ({ channel, text }) => chatting.send(id, channel, text));
  onClientEvent(socket, 'call:chat-release', log, async ({ messageId }) => (await chatting.release(id, messageId), {}));
  onClientEvent(socket, 'call:chat-delete', log, async ({ messageId }) => (await chatting.delete(id, messageId), {}));
}
