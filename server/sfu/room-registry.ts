// Rooms by id: creates a room's router on the next worker of the pool on first use,
// and forgets the room when its router closes (e.g. its worker died).
import type { types } from 'mediasoup';
import type { WorkerPool } from './worker-pool.js';
import { MEDIA_CODECS } from './media-codecs.js';
import { EventEmitter } from 'node:events';
import { SfuRoom, type TransportHealth } from './room.js';

export interface SfuRoomRegistryEvents {
  /** A room's worker died: its peers must join again (a new room is made on a live worker). */
  roomLost: [{ roomId: string }];
  transportState: [TransportHealth & { roomId: string }];
}

export class SfuRoomRegistry extends EventEmitter<SfuRoomRegistryEvents> {
  private readonly rooms = new Map<string, SfuRoom>();
  private readonly pending = new Map<string, Promise<SfuRoom>>();
  private capabilities: Promise<types.RtpCapabilities> | undefined;

  constructor(private readonly pool: WorkerPool) {
    super();
  }

  /**
   * The RTP capabilities every room's router has (all are made from the same codecs), for a
   * page to load its media device before it joins: from an open room, else from a router
   * made and closed for the purpose, once.
   */
  async rtpCapabilities(): Promise<types.RtpCapabilities> {
    const open = [...this.rooms.values()].find((r) => !r.closed);
    if (open) return open.rtpCapabilities;
    this.capabilities ??= (async () => {
      const router = await this.pool.next().createRouter({ mediaCodecs: MEDIA_CODECS });
      const capabilities = router.rtpCapabilities;
      router.close();
      return capabilities;
    })().catch((err: unknown) => {
      this.capabilities = undefined;
      throw err;
    });
    return this.capabilities;
  }

  get(roomId: string): SfuRoom | undefined {
    return this.rooms.get(roomId);
  }

  /** The room, created once even when several peers arrive at the same moment. */
  async getOrCreate(roomId: string): Promise<SfuRoom> {
    const existing = this.rooms.get(roomId);
    if (existing && !existing.closed) return existing;
    let pending = this.pending.get(roomId);
    if (!pending) {
      pending = this.create(roomId).finally(() => this.pending.delete(roomId));
      this.pending.set(roomId, pending);
    }
    return pending;
  }

  private async create(roomId: string): Promise<SfuRoom> {
    const worker = this.pool.next();
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const room = new SfuRoom(roomId, router, this.pool.webRtcServerOf(worker));
    await room.startObservers();
    this.rooms.set(roomId, room);
    room.on('transportState', (health) => this.emit('transportState', { roomId, ...health }));
    room.once('closed', ({ reason }) => {
      if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
      if (reason === 'worker-died') this.emit('roomLost', { roomId });
    });
    return room;
  }

  /** Closes a room with no peers left. */
  closeIfEmpty(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (room && room.peerCount === 0) room.close();
  }

  /** Every open room (for the operator's metrics). */
  all(): SfuRoom[] {
    return [...this.rooms.values()];
  }

  get size(): number {
    return this.rooms.size;
  }

  closeAll(): void {
    for (const room of [...this.rooms.values()]) room.close();
  }
}
