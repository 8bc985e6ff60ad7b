// The boards open on this server: loaded from the database when first opened, put away
// (stored and compacted) a while after the last member leaves.
import type { Logger } from 'pino';
import type { BoardKind } from '../../shared/schemas/board.js';
import type { Models } from '../db/models.js';
import { ChunkAssembler } from '../../shared/board/chunks.js';
import { Compactor } from './compactor.js';
import { LiveBoard, settingsFrom, type BoardMember, type BoardOutbox } from './live-board.js';

export const BOARD_IDLE_UNLOAD_MS = 30_000;

export interface BoardOwner {
  boardId: string;
  kind: BoardKind;
  programmeId: string;
  linkId: string;
  callId: string;
}

export const boardIdsOf = (callId: string, linkId: string) => ({ call: `call-${callId}`, link: `link-${linkId}` });

export function newMember(socketId: string, participantId: string, kind: 'teacher' | 'device', name: string, schoolId: string): BoardMember {
  return { socketId, participantId, kind, name, schoolId, awarenessIds: new Set(), assembler: new ChunkAssembler() };
}

export class BoardRegistry {
  private readonly live = new Map<string, LiveBoard>();
  private readonly loading = new Map<string, Promise<LiveBoard>>();
  private readonly idle = new Map<string, NodeJS.Timeout>();
  /** Boards being put away: a new open waits until everything is stored. */
  private readonly closing = new Map<string, Promise<void>>();
  /** One compaction thread for all boards. */
  private readonly compactor = new Compactor();

  constructor(
    private readonly models: Pick<Models, 'Board' | 'BoardUpdate' | 'BoardSnapshot'>,
    private readonly outbox: BoardOutbox,
    private readonly logger: Logger,
    private readonly mayReceive: (boardId: string, m: BoardMember) => boolean,
    private readonly idleUnloadMs = BOARD_IDLE_UNLOAD_MS,
  ) {}

  get(boardId: string): LiveBoard | undefined {
    return this.live.get(boardId);
  }

  open(owner: BoardOwner): Promise<LiveBoard> {
    this.cancelUnload(owner.boardId);
    const existing = this.live.get(owner.boardId);
    if (existing) return Promise.resolve(existing);
    let pending = this.loading.get(owner.boardId);
    if (!pending) {
      pending = (async () => {
        await this.closing.get(owner.boardId);
        const meta = await this.models.Board.findOneAndUpdate(
          { _id: owner.boardId },
          {
            $setOnInsert: {
              kind: owner.kind,
              programmeId: owner.programmeId,
              linkId: owner.linkId,
              ...(owner.kind === 'call' ? { callId: owner.callId } : {}),
            },
          },
          { upsert: true, returnDocument: 'after' },
        );
        const board = new LiveBoard(
          owner.boardId,
          owner.kind,
          settingsFrom(meta),
          this.models,
          this.outbox,
          this.logger,
          (m) => this.mayReceive(owner.boardId, m),
          this.compactor,
        );
        await board.load();
        this.live.set(owner.boardId, board);
        return board;
      })().finally(() => this.loading.delete(owner.boardId));
      this.loading.set(owner.boardId, pending);
    }
    return pending;
  }

  /** A socket leaves one board, or all of them (disconnect). */
  leave(socketId: string, boardId?: string): void {
    for (const board of boardId ? [this.live.get(boardId)].filter((b) => !!b) : this.live.values()) {
      board.leave(socketId);
      if (board.members.size === 0) this.scheduleUnload(board);
    }
  }

  releaseIfUnused(boardId: string): void {
    const board = this.live.get(boardId);
    if (board && board.members.size === 0) this.scheduleUnload(board);
  }

  private cancelUnload(boardId: string): void {
    clearTimeout(this.idle.get(boardId));
    this.idle.delete(boardId);
  }

  private scheduleUnload(board: LiveBoard): void {
    this.cancelUnload(board.id);
    this.idle.set(
      board.id,
      setTimeout(() => {
        this.idle.delete(board.id);
        if (board.members.size > 0) return;
        this.live.delete(board.id);
        const closing = board
          .close()
          .catch((err: unknown) => this.logger.error({ err, boardId: board.id }, 'board could not be put away'))
          .finally(() => this.closing.delete(board.id));
        this.closing.set(board.id, closing);
      }, this.idleUnloadMs),
    );
  }

  /** At shutdown: every board stored and compacted. */
  async closeAll(): Promise<void> {
    for (const t of this.idle.values()) clearTimeout(t);
    this.idle.clear();
    const boards = [...this.live.values()];
    this.live.clear();
    await Promise.allSettled([...boards.map((b) => b.close()), ...this.closing.values()]);
    await this.compactor.close();
  }
}
