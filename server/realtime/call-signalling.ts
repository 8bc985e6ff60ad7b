// Socket events of structured calls, composed: the hub holds the live calls; each group of
// events is registered by its own module. Payloads are validated by onClientEvent; the
// two-adult rule lives in calls/call-status.ts, presence in calls/call-runtime.ts.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { AppContext } from '../http/context.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';
import { registerChatEvents } from './call-chat-events.js';
import { createCallHub, DEVICE_REJOIN_GRACE_MS, type CallAccess } from './call-hub.js';
import { registerJoinEvents } from './call-join-events.js';
import { registerModerationEvents } from './call-moderation-events.js';

export { DEVICE_REJOIN_GRACE_MS, JOIN_ATTEMPTS_PER_MINUTE } from './call-hub.js';

export interface CallSignalling extends CallAccess {
  attach(socket: Socket): void;
}

export function createCallSignalling(io: Server, ctx: AppContext, rooms: SfuRoomRegistry, logger: Logger, graceMs = DEVICE_REJOIN_GRACE_MS): CallSignalling {
  const hub = createCallHub(io, ctx, rooms, logger, graceMs);
  return {
    ...hub.access,
    attach(socket) {
      const log = logger.child({ socket: socket.id });
      registerJoinEvents(socket, hub, log);
      registerModerationEvents(socket, hub, log);
      registerChatEvents(socket, hub, log);
    },
  };
}
