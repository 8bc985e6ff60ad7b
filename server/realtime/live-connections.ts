// What HTTP handlers may ask of the live connections (app-context.ts, LiveConnections):
// answered from the Socket.IO server and the calls it carries.
import type { Server } from 'socket.io';
import type { LiveConnections } from '../app-context.js';
import type { DevicePresence } from '../calls/device-presence.js';
import { sessionRoom, userRoom } from './socket-auth.js';
import type { CallSignalling } from './call-signalling.js';

export function liveConnectionsOf(
  io: Server,
  calls: Pick<CallSignalling, 'deviceByRejoinToken' | 'callOfCode'>,
  /** Several nodes: a device of a call another node serves, from the store. */
  stored?: (rejoinToken: string) => Promise<DevicePresence | undefined>,
): LiveConnections {
  return {
    // Logging out, or losing a role, ends that person's live connections (and so their
    // presence in any call) at once.
    // Through rooms, so that with several nodes (the Redis adapter) it reaches every node's sockets.
    disconnectUser({ userId, token }) {
      io.in(token ? sessionRoom(token) : userRoom(userId)).disconnectSockets(true);
    },
    deviceByRejoinToken: async (rejoinToken) => calls.deviceByRejoinToken(rejoinToken) ?? (stored ? await stored(rejoinToken) : undefined),
    callOfCode: (code, address, displayName) => calls.callOfCode(code, address, displayName),
  };
}
