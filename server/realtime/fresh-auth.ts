// The user behind a socket as of now: a role removed or a logout since the socket
// connected takes effect at the next action.
import type { Socket } from 'socket.io';
import type { ServerContext } from '../app-context.js';
import { authFromToken, type AuthState } from '../http/auth.js';

export async function freshAuth(ctx: ServerContext, socket: Socket): Promise<AuthState | undefined> {
  const data = socket.data as { auth?: AuthState };
  data.auth = await authFromToken(ctx, data.auth?.token);
  return data.auth;
}
