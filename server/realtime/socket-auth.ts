// Socket.IO handshake authentication: a teacher's socket carries their session (the same
// httpOnly cookie as the REST API); a class device's socket carries none.
import type { Server } from 'socket.io';
import cookieParser from 'cookie-parser';
import type { AuthState } from '../http/auth.js';
import { authFromToken, SESSION_COOKIE } from '../http/auth.js';
import { tokenHash } from '../accounts/tokens.js';
import type { ServerContext } from '../app-context.js';

declare module 'socket.io' {
  interface SocketData {
    auth?: AuthState;
  }
}

export const userRoom = (userId: string) => `user:${userId}`;
/** By a hash of the session token: room names travel between nodes through Redis. */
export const sessionRoom = (token: string) => `session:${tokenHash(token)}`;

export function authenticateSockets(io: Server, ctx: ServerContext): void {
  const parse = cookieParser();
  io.use((socket, next) => {
    const req = socket.request as Parameters<typeof parse>[0];
    parse(req, {} as Parameters<typeof parse>[1], () => {
      authFromToken(ctx, (req as { cookies?: Record<string, unknown> }).cookies?.[SESSION_COOKIE]).then(
        (auth) => {
          if (auth) {
            (socket.data as { auth?: AuthState }).auth = auth;
            // Rooms by person and by session, so that logging out ends these connections on every node.
            void socket.join([userRoom(auth.userId), sessionRoom(auth.token)]);
          }
          next();
        },
        (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
      );
    });
  });
}
