// What teachers do to a running call, and the few things a class may do itself
// (calls/call-moderation.ts).
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { CallServices } from './call-services.js';
import { onClientEvent } from './client-event.js';

export function registerModerationEvents(socket: Socket, { moderation: m }: CallServices, log: Logger): void {
  const id = socket.id;
  const done = async (work: Promise<void>) => (await work, {});
  onClientEvent(socket, 'call:remove', log, ({ participantId, toLobby }) => done(m.remove(id, participantId, toLobby)));
  onClientEvent(socket, 'call:mute', log, ({ participantId }) => done(m.mute(id, participantId)));
  onClientEvent(socket, 'call:mute-all', log, () => done(m.muteAll(id)));
  onClientEvent(socket, 'call:hard-mute', log, ({ participantId, on }) => done(m.hardMute(id, participantId, on)));
  onClientEvent(socket, 'call:unmute-self', log, () => done(m.unmuteSelf(id)));
  onClientEvent(socket, 'call:mute-self', log, () => done(m.muteSelf(id)));
  onClientEvent(socket, 'call:agenda', log, ({ direction }) => done(m.moveAgenda(id, direction)));
  onClientEvent(socket, 'call:end', log, () => done(m.end(id)));
  onClientEvent(socket, 'call:lock', log, ({ on }) => done(m.lock(id, on)));
  onClientEvent(socket, 'call:present-board', log, ({ on }) => done(m.presentBoard(id, on)));
  onClientEvent(socket, 'call:present-work', log, ({ itemId }) => done(m.presentWork(id, itemId)));
  onClientEvent(socket, 'call:raise-hand', log, ({ on }) => done(m.raiseHand(id, on)));
  onClientEvent(socket, 'call:spotlight', log, ({ participantId }) => done(m.spotlight(id, participantId)));
  onClientEvent(socket, 'call:pass-mic', log, ({ participantId }) => done(m.passMic(id, participantId)));
  onClientEvent(socket, 'call:stop-video', log, ({ participantId, on }) => done(m.stopVideo(id, participantId, on)));
  onClientEvent(socket, 'call:audio-only', log, ({ on }) => done(m.audioOnly(id, on)));
  onClientEvent(socket, 'call:audio-only-self', log, ({ on }) => done(m.audioOnlySelf(id, on)));
}
