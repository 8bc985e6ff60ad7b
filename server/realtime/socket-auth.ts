// Socket.IO handshake authentication: a teacher's socket carries their session (the same
// httpOnly cookie as the REST API); a class device's socket carries none.
import type { Server } from 'socket.io';
import cookieParser from 'cookie-parser';
import type { AuthState } from '../http/auth.js';
import { principalOf, SESSION_COOKIE } from '../http/auth.js';
import type { AppContext } from '../http/context.js';
import { findSession } from '../accounts/sessions.js';

declare module 'socket.io' {
  interface SocketData {
    auth?: AuthState;
  }
}

export function authenticateSockets(io: Server, ctx: AppContext): void {
  const parse = cookieParser();
  io.use((socket, next) => {
    const req = socket.request as Parameters<typeof parse>[0];
    parse(req, {} as Parameters<typeof parse>[1], async () => {
      try {
        const token: unknown = (req as { cookies?: Record<string, unknown> }).cookies?.[SESSION_COOKIE];
        if (typeof token === 'string' && token.length > 0 && token.length <= 100) {
          const { session } = await findSession(ctx.models, token);
          const user = session ? await ctx.models.User.findById(session.userId) : null;
          if (session && user && (!user.demo || ctx.config.demo)) {
            socket.data.auth = {
              userId: user._id.toString(),
              name: user.name,
              email: user.email,
              csrfToken: session.csrfToken,
              token,
              principal: await principalOf(ctx, user),
            };
          }
        }
        next();
      } catch (err) {
        next(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}
