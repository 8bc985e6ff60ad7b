// Socket events of structured calls, composed: the call use cases (calls/) get Socket.IO
// as their outbox, the SFU as their media policy, sessions as their principals and
// MongoDB as their store; each group of events is registered by its own thin module.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { ServerContext } from '../app-context.js';
import type { DevicePresence } from '../calls/device-presence.js';
import { boardIdsOf, BoardRegistry } from '../board/board-registry.js';
import { CallBoards } from '../board/call-boards.js';
import { pictureMayGoOnBoard } from '../exchange/board-pictures.js';
import type { BoardOutbox } from '../board/live-board.js';
import { CallChatting } from '../calls/call-chatting.js';
import { CallJoining, joinGuardFor } from '../calls/call-joining.js';
import { joinLimiter } from '../calls/join-guard.js';
import { CallModeration } from '../calls/call-moderation.js';
import type { CallOutbox, CallPrincipals } from '../calls/call-ports.js';
import { LiveCalls } from '../calls/live-calls.js';
import { MongoCallStore } from '../calls/mongo-call-store.js';
import { surnamesOfClass } from '../programme/class-surnames.js';
import type { SfuRoom } from '../sfu/room.js';
import type { CallServices } from './call-services.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';
import { registerBoardEvents } from './board-events.js';
import { registerChatEvents } from './call-chat-events.js';
import { registerJoinEvents } from './call-join-events.js';
import { registerModerationEvents } from './call-moderation-events.js';
import { freshAuth } from './fresh-auth.js';
import { sfuMediaPolicy } from './sfu-media-policy.js';

export interface CallSignalling {
  attach(socket: Socket): void;
  /** The whiteboards open on this server. */
  boards: BoardRegistry;
  /** A class device admitted to a call, by the rejoin token it holds. */
  deviceByRejoinToken(rejoinToken: string): DevicePresence | undefined;
  /** The call a class device's join code opens (limited and logged as a join). */
  callOfCode(code: string, address: string, displayName: string): Promise<{ callId: string }>;
  mayShareScreen(socketId: string, roomId: string): boolean;
  transportLimitsFor(socketId: string, roomId: string): { maxBitrateBps?: number };
  /** For media:join: is this socket admitted to the call whose media room this is? */
  mayJoinMedia(socketId: string, roomId: string): boolean;
  /** Applies the call's media policy to its SFU room once it exists. */
  prepareMediaRoom(room: SfuRoom): Promise<void>;
  reportConnection(socketId: string, roomId: string, reconnecting: boolean): void;
  /** At shutdown: stops grace timers, waits until every leave is logged, stores the boards. */
  close(): Promise<void>;
}

export function createCallSignalling(io: Server, ctx: ServerContext, rooms: SfuRoomRegistry, logger: Logger): CallSignalling {
  const media = sfuMediaPolicy(rooms);
  const outbox: CallOutbox = {
    state: (socketId, state) => io.to(socketId).emit('call:state', state),
    chat: (socketId, messages) => io.to(socketId).emit('call:chat', { messages }),
    removed: (socketId, reason) => io.to(socketId).emit('call:removed', { reason }),
    disconnect: (socketId) => io.sockets.sockets.get(socketId)?.disconnect(true),
  };
  const principals: CallPrincipals = {
    async current(socketId) {
      const socket = io.sockets.sockets.get(socketId);
      return socket ? freshAuth(ctx, socket) : undefined;
    },
  };
  // Someone newly refused for guessing codes: every call's teachers are told (in their state).
  const guard = joinGuardFor(ctx.log, () => calls.broadcastAll(), joinLimiter(ctx.redis));
  const calls = new LiveCalls({ store: new MongoCallStore(ctx.models, ctx.nodeId), log: ctx.log, outbox, media, principals, guessing: () => guard.noticeOf() });
  const joining = new CallJoining(calls, guard, logger);
  // What the SFU sees of media reaches the calls: a failed media server, a dropped connection.
  rooms.on('roomLost', ({ roomId }) => {
    calls.mediaInterrupted(roomId).catch((err: unknown) => logger.error({ err, callId: roomId }, 'could not record a media interruption'));
  });
  rooms.on('transportState', ({ roomId, peerId, iceState }) => calls.mediaConnectionState(roomId, peerId, iceState));
  const boardOutbox: BoardOutbox = {
    sync: (socketId, boardId, data, part) => io.to(socketId).emit('board:sync', { boardId, data, ...(part ? { part } : {}) }),
    // A cursor position may be dropped under load; the next one replaces it.
    awareness: (socketId, boardId, data) => io.to(socketId).volatile.emit('board:awareness', { boardId, data }),
    state: (socketId, state) => io.to(socketId).emit('board:state', state),
  };
  const boards = new BoardRegistry(ctx.models, boardOutbox, logger.child({ part: 'boards' }), (boardId, m) => {
    // A member receives a board only while admitted to the call it was opened from.
    const at = calls.membership.get(m.socketId);
    const lc = at && calls.live.get(at.callId);
    if (!lc || lc.runtime.participants.get(at.participantId)?.state !== 'in') return false;
    const ids = boardIdsOf(at.callId, lc.linkId);
    return boardId === ids.call || boardId === ids.link;
  });
  const surnamesOf = (classId: string | undefined) => surnamesOfClass(ctx.models, classId);
  const services: CallServices = {
    ctx,
    calls,
    joining,
    moderation: new CallModeration(calls),
    chatting: new CallChatting(calls, surnamesOf),
    boards: new CallBoards(calls, boards, surnamesOf, (linkId, itemId) => pictureMayGoOnBoard(ctx.models, linkId, itemId)),
  };
  return {
    boards,
    deviceByRejoinToken: (token) => calls.deviceByRejoinToken(token),
    callOfCode: (code, address, displayName) => joining.callOfCode(code, address, displayName),
    mayShareScreen: (socketId, roomId) => calls.mayShareScreen(socketId, roomId),
    transportLimitsFor: (socketId, roomId) => calls.transportLimitsFor(socketId, roomId),
    mayJoinMedia: (socketId, roomId) => calls.mayJoinMedia(socketId, roomId),
    prepareMediaRoom: (room) => calls.prepareMediaRoom(room.id),
    reportConnection: (socketId, roomId, reconnecting) => calls.mediaConnectionState(roomId, socketId, reconnecting ? 'disconnected' : 'connected'),
    async close() {
      await joining.close({ handOver: !!ctx.redis });
      await boards.closeAll();
    },
    attach(socket) {
      const log = logger.child({ socket: socket.id });
      registerJoinEvents(socket, services, log);
      registerModerationEvents(socket, services, log);
      registerChatEvents(socket, services, log);
      registerBoardEvents(socket, services, log);
    },
  };
}
