// Socket events that carry mediasoup signalling for one peer (one socket = one peer).
// Thin: validation lives in onClientEvent, media rules in sfu/.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { types } from 'mediasoup';
import { Refusal } from '../errors/refusal.js';
import type { SfuRoom, TransportLimits } from '../sfu/room.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';
import { onClientEvent } from './client-event.js';
import { iceServersFor } from '../turn/turn-credentials.js';
import { openPeerMedia } from '../sfu/open-peer-media.js';

const socketRoom = (roomId: string) => `media:${roomId}`;

/** Who may enter a media room, and the policy a new room starts with (calls decide both). */
export interface MediaAccess {
  mayJoinMedia(socketId: string, roomId: string): boolean;
  /** Only teachers share their screen. */
  mayShareScreen(socketId: string, roomId: string): boolean;
  transportLimitsFor(socketId: string, roomId: string): TransportLimits;
  prepareMediaRoom(room: SfuRoom): Promise<void>;
  /** What a browser says of its own media connection (dropped and being restored, or back). */
  reportConnection(socketId: string, roomId: string, reconnecting: boolean): void;
}

export function createMediaSignalling(
  io: Server,
  rooms: SfuRoomRegistry,
  logger: Logger,
  access: MediaAccess,
  turn?: { urls: string[]; secret: string; ttlS: number },
) {
  const wired = new WeakSet<SfuRoom>();

  /** Forwards a room's producer events to the other peers' sockets, once per room. */
  function wire(room: SfuRoom): void {
    if (wired.has(room)) return;
    wired.add(room);
    room.on('newProducer', (p) => io.to(socketRoom(room.id)).except(p.peerId).emit('media:new-producer', p));
    room.on('producerClosed', (p) => io.to(socketRoom(room.id)).except(p.peerId).emit('media:producer-closed', p));
    room.on('activeSpeaker', (s) => io.to(socketRoom(room.id)).emit('media:active-speaker', s));
    room.on('audioLevels', (levels) => io.to(socketRoom(room.id)).emit('media:audio-levels', { levels }));
    // Its worker died: everyone joins again, into a new room on a live worker.
    room.once('closed', ({ reason }) => reason === 'worker-died' && io.to(socketRoom(room.id)).emit('media:room-lost', { roomId: room.id }));
  }

  return function attach(socket: Socket): void {
    const peerId = socket.id;
    let room: SfuRoom | undefined;
    const log = logger.child({ peer: peerId });
    const joined = (): SfuRoom => {
      if (!room || room.closed) throw new Refusal(409, 'not-joined', 'join a room first (media:join)');
      return room;
    };

    // The server's codecs, the same for every room: no secret, and nothing made per request.
    onClientEvent(socket, 'media:capabilities', log, async () => {
      return { routerRtpCapabilities: (await rooms.rtpCapabilities()) as unknown as Record<string, unknown> };
    });

    onClientEvent(socket, 'media:join', log, async ({ roomId, rtpCapabilities, dtlsParameters }) => {
      // Joining again replaces this connection's media in the room: a browser rebuilding its
      // transports after its network dropped, or one the call took out (back to the lobby).
      if (room && !room.closed && room.hasPeer(peerId)) {
        if (room.id !== roomId) throw new Refusal(409, 'already-joined', `this connection is already in room ${room.id}`);
        room.removePeer(peerId, { rejoining: true });
      }
      if (!access.mayJoinMedia(socket.id, roomId)) {
        throw new Refusal(403, 'forbidden', 'join the call (and be admitted) before sending or receiving media');
      }
      const joining = await rooms.getOrCreate(roomId);
      if (!wired.has(joining)) await access.prepareMediaRoom(joining);
      wire(joining);
      // The connection may have gone while the room was being made: add no ghost peer.
      if (!socket.connected) throw new Refusal(409, 'disconnected', 'the connection closed while joining');
      // …or been sent back to the lobby meanwhile: no media for it.
      if (!access.mayJoinMedia(socket.id, roomId)) throw new Refusal(403, 'forbidden', 'no longer admitted to this call');
      room = joining;
      room.addPeer(peerId);
      await socket.join(socketRoom(roomId));
      log.info({ room: roomId }, 'peer joined media room');
      const producers = room.producersExcept(peerId);
      // Its device already loaded: both transports and every consumer in this one answer.
      const opened = rtpCapabilities
        ? await openPeerMedia(room, peerId, rtpCapabilities as types.RtpCapabilities, access.transportLimitsFor(peerId, roomId), dtlsParameters)
        : undefined;
      return {
        peerId,
        routerRtpCapabilities: room.rtpCapabilities,
        producers,
        // A relay for networks that let nothing else through, with credentials of its own.
        iceServers: iceServersFor(turn, peerId),
        ...opened,
      };
    });

    onClientEvent(socket, 'media:create-transport', log, async () => {
      const room = joined();
      const info = await room.createWebRtcTransport(peerId, access.transportLimitsFor(peerId, room.id));
      return info;
    });

    onClientEvent(socket, 'media:connect-transport', log, async ({ transportId, dtlsParameters }) => {
      await joined().connectTransport(peerId, transportId, dtlsParameters);
      return {};
    });

    onClientEvent(socket, 'media:restart-ice', log, async ({ transportId }) => {
      const iceParameters = await joined().restartIce(peerId, transportId);
      return { iceParameters: iceParameters as unknown as Record<string, unknown> };
    });

    onClientEvent(socket, 'media:report-connection', log, ({ reconnecting }) => {
      access.reportConnection(peerId, joined().id, reconnecting);
      return {};
    });

    onClientEvent(socket, 'media:report-path', log, ({ transportId, candidateType }) => {
      joined().noteCandidateType(peerId, transportId, candidateType);
      return {};
    });

    onClientEvent(socket, 'media:produce', log, async ({ transportId, kind, rtpParameters, source }) => {
      const room = joined();
      if (source === 'screen' && (kind !== 'video' || !access.mayShareScreen(peerId, room.id))) {
        throw new Refusal(403, 'forbidden', 'only a teacher may share a screen');
      }
      const producerId = await room.produce(peerId, transportId, kind, rtpParameters as unknown as types.RtpParameters, source);
      return { producerId };
    });

    onClientEvent(socket, 'media:close-producer', log, ({ producerId }) => {
      joined().closeProducer(peerId, producerId);
      return {};
    });

    onClientEvent(socket, 'media:consume', log, async ({ transportId, producerId, rtpCapabilities }) => {
      const consumer = await joined().consume(peerId, transportId, producerId, rtpCapabilities as types.RtpCapabilities);
      return { ...consumer, rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown> };
    });

    onClientEvent(socket, 'media:resume-consumer', log, async ({ consumerId }) => {
      await joined().resumeConsumer(peerId, consumerId);
      return {};
    });

    onClientEvent(socket, 'media:set-preferred-layers', log, async ({ consumerId, spatialLayer }) => {
      await joined().setPreferredLayers(peerId, consumerId, spatialLayer);
      return {};
    });

    onClientEvent(socket, 'media:request-keyframe', log, async ({ consumerId }) => ({ asked: await joined().requestKeyFrame(peerId, consumerId) }));

    onClientEvent(socket, 'media:line-recovered', log, async () => {
      await joined().floorReceiveEstimate(peerId);
      return {};
    });

    socket.on('disconnect', (reason) => {
      if (!room) return;
      room.removePeer(peerId);
      rooms.closeIfEmpty(room.id);
      log.info({ room: room.id, reason }, 'peer left media room');
      room = undefined;
    });
  };
}
