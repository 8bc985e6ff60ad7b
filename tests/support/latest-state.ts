// The last call state a socket client heard, listening from now on (socket-level tests).
import type { SocketTransport } from '../../client/src/api/socket-transport.js';
import type { CallState } from '../../shared/schemas/call.js';

export function latestState(t: SocketTransport): () => CallState | undefined {
  let state: CallState | undefined;
  t.on('call:state', (s) => (state = s));
  return () => state;
}
