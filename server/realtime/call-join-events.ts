// Joining and leaving a call (calls/call-joining.ts): teachers by session, class devices by
// code from the classroom's address.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { clientAddressOf, trustFunction } from '../http/client-address.js';
import type { CallServices } from './call-services.js';
import { onClientEvent } from './client-event.js';
import { freshAuth } from './fresh-auth.js';

export function registerJoinEvents(socket: Socket, { ctx, joining }: CallServices, log: Logger): void {
  const trustProxy = trustFunction(ctx.config.trustProxy);
  onClientEvent(socket, 'call:join-teacher', log, async ({ callId }) => joining.joinTeacher(socket.id, await freshAuth(ctx, socket), callId));
  onClientEvent(socket, 'call:join-device', log, ({ code, displayName, rejoinToken, readiness }) =>
    joining.joinDevice(socket.id, { code, displayName, rejoinToken, readiness, address: clientAddressOf(socket.request, trustProxy) }),
  );
  onClientEvent(socket, 'call:admit', log, async ({ participantId }) => (await joining.decide(socket.id, participantId, true), {}));
  onClientEvent(socket, 'call:deny', log, async ({ participantId }) => (await joining.decide(socket.id, participantId, false), {}));
  onClientEvent(socket, 'call:leave', log, () => (joining.leave(socket.id), {}));
  socket.on('disconnect', () => joining.connectionLost(socket.id));
}
