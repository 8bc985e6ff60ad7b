// What HTTP handlers may ask of the live connections (app-context.ts, LiveConnections):
// answered from the Socket.IO server and the calls it carries.
import type { Server } from 'socket.io';
import type { LiveConnections } from '../app-context.js';
import type { AuthState } from '../http/auth.js';
import type { CallSignalling } from './call-signalling.js';

export function liveConnectionsOf(io: Server, calls: Pick<CallSignalling, 'deviceByRejoinToken' | 'callOfCode'>): LiveConnections {
  return {
    // Logging out, or losing a role, ends that person's live connections (and so their
    // presence in any call) at once.
    disconnectUser({ userId, token }) {
      for (const socket of io.sockets.sockets.values()) {
        const auth = (socket.data as { auth?: AuthState }).auth;
        if (auth?.userId === userId && (!token || auth.token === token)) socket.disconnect(true);
      }
    },
    deviceByRejoinToken: (rejoinToken) => calls.deviceByRejoinToken(rejoinToken),
    callOfCode: (code, address, displayName) => calls.callOfCode(code, address, displayName),
  };
}
