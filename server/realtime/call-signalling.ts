// Socket events of structured calls, composed: the hub holds the live calls; each group of
// events is registered by its own module. Payloads are validated by onClientEvent; the
// two-adult rule lives in calls/call-status.ts, presence in calls/call-runtime.ts.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { DevicePresence, ServerContext } from '../app-context.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';
import { boardIdsOf, BoardRegistry } from '../board/board-registry.js';
import type { BoardOutbox } from '../board/live-board.js';
import { registerBoardEvents } from './board-events.js';
import { registerChatEvents } from './call-chat-events.js';
import { createCallHub, DEVICE_REJOIN_GRACE_MS, type CallAccess } from './call-hub.js';
import { registerJoinEvents } from './call-join-events.js';
import { registerModerationEvents } from './call-moderation-events.js';

export { DEVICE_REJOIN_GRACE_MS } from './call-hub.js';

export interface CallSignalling extends CallAccess {
  attach(socket: Socket): void;
  /** The whiteboards open on this server. */
  boards: BoardRegistry;
  /** A class device admitted to a call, by the rejoin token it holds. */
  deviceByRejoinToken(rejoinToken: string): DevicePresence | undefined;
}

export function createCallSignalling(io: Server, ctx: ServerContext, rooms: SfuRoomRegistry, logger: Logger, graceMs = DEVICE_REJOIN_GRACE_MS): CallSignalling {
  const hub = createCallHub(io, ctx, rooms, logger, graceMs);
  const outbox: BoardOutbox = {
    sync: (socketId, boardId, data, part) => io.to(socketId).emit('board:sync', { boardId, data, ...(part ? { part } : {}) }),
    // A cursor position may be dropped under load; the next one replaces it.
    awareness: (socketId, boardId, data) => io.to(socketId).volatile.emit('board:awareness', { boardId, data }),
    state: (socketId, state) => io.to(socketId).emit('board:state', state),
  };
  const boards = new BoardRegistry(ctx.models, outbox, logger.child({ part: 'boards' }), (boardId, m) => {
    // A member receives a board only while admitted to the call it was opened from.
    const at = hub.membership.get(m.socketId);
    const lc = at && hub.live.get(at.callId);
    if (!lc || lc.runtime.participants.get(at.participantId)?.state !== 'in') return false;
    const ids = boardIdsOf(at.callId, lc.linkId);
    return boardId === ids.call || boardId === ids.link;
  });
  return {
    ...hub.access,
    boards,
    deviceByRejoinToken(rejoinToken) {
      for (const lc of hub.live.values()) {
        const p = lc.runtime.findRejoin(rejoinToken);
        if (p && p.state === 'in') {
          return {
            callId: lc.runtime.call.id,
            linkId: lc.linkId,
            programmeId: lc.programmeId,
            schoolId: p.schoolId,
            ...(p.classId ? { classId: p.classId } : {}),
            participantId: p.id,
            name: p.name,
            live: lc.runtime.status === 'live',
          };
        }
      }
      return undefined;
    },
    async close() {
      await hub.access.close();
      await boards.closeAll();
    },
    attach(socket) {
      const log = logger.child({ socket: socket.id });
      registerJoinEvents(socket, hub, log);
      registerModerationEvents(socket, hub, log);
      registerChatEvents(socket, hub, log);
      registerBoardEvents(socket, hub, boards, log);
    },
  };
}
