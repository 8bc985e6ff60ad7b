// One open board: its Yjs document, who has it open, cursors, and the teacher's settings.
// It applies only updates that passed inspection, stores every applied update, and sends
// through an outbox: it knows nothing about sockets.
import { HeldElements, type HeldElement } from './held-elements.js';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ChunkAssembler, ChunkError, splitIntoChunks, type ChunkPart } from '../../shared/board/chunks.js';
import { BoardElementSchema, ELEMENTS_MAP, type BoardElement } from '../../shared/board/elements.js';
import { decodeSyncFrame, encodeStep1, encodeStep2, encodeUpdateFrame, SyncFrameError } from '../../shared/board/sync-frames.js';
import type { BoardKind, BoardState } from '../../shared/schemas/board.js';
import type { Models } from '../db/models.js';
import { readAwarenessUpdate } from './awareness-check.js';
import { BoardPersistence, bytesOf, COMPACT_IDLE_MS } from './board-persistence.js';
import type { Compactor } from './compactor.js';
import { BoardError } from './errors.js';
import { inspectUpdate, type InspectedUpdate } from './update-inspection.js';

/** A board larger than this takes no more writes (keep it, then clear it). */
export const MAX_BOARD_BYTES = 12 * 1024 * 1024;

export interface BoardMember {
  socketId: string;
  participantId: string;
  kind: 'teacher' | 'device';
  name: string;
  schoolId: string;
  /** Awareness client ids this member speaks for. */
  awarenessIds: Set<number>;
  assembler: ChunkAssembler;
}

export interface BoardOutbox {
  sync(socketId: string, boardId: string, data: Uint8Array, part?: ChunkPart): void;
  awareness(socketId: string, boardId: string, data: Uint8Array): void;
  state(socketId: string, state: BoardState): void;
}

export interface BoardSettings {
  locked: boolean;
  cursorsHidden: boolean;
  lastClear: [string, BoardElement][] | null;
  held: [string, HeldElement][];
}

/** Checks an update before it is applied (language, logging); throws to refuse it. */
export type UpdateGuard = (inspected: InspectedUpdate) => Promise<void>;

let partCounter = 0;

export class LiveBoard {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly members = new Map<string, BoardMember>();
  /** A class's words with personal details, waiting for its teacher (held-elements.ts). */
  readonly held: HeldElements;
  private readonly persistence: BoardPersistence;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly kind: BoardKind,
    private settings: BoardSettings,
    private readonly models: Pick<Models, 'Board' | 'BoardUpdate' | 'BoardSnapshot'>,
    private readonly outbox: BoardOutbox,
    private readonly logger: Logger,
    /** Whether a member may still receive the board (still admitted to the call). */
    private readonly mayReceive: (m: BoardMember) => boolean = () => true,
    compactor?: Compactor,
  ) {
    this.persistence = new BoardPersistence(models, id, logger, compactor);
    this.held = new HeldElements(settings.held);
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (this.settings.cursorsHidden && removed.length === 0) return;
      const changed = [...added, ...updated, ...removed];
      const data = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      for (const m of this.readers()) if (m.socketId !== origin) this.outbox.awareness(m.socketId, this.id, data);
    });
  }

  async load(): Promise<void> {
    await this.persistence.load(this.doc);
  }

  get elements(): Y.Map<BoardElement> {
    return this.doc.getMap<BoardElement>(ELEMENTS_MAP);
  }

  /** The board's settings; for a teacher, also what waits for them from their school's class. */
  state(member?: BoardMember): BoardState {
    const base = {
      boardId: this.id,
      kind: this.kind,
      locked: this.settings.locked,
      cursorsHidden: this.settings.cursorsHidden,
      canUndoClear: !!this.settings.lastClear,
    };
    return member?.kind === 'teacher' ? { ...base, held: this.held.forSchool(member.schoolId) } : base;
  }

  /** Sends each member its state again (after a hold or a decision on one). */
  announceState(): void {
    for (const m of this.readers()) this.outbox.state(m.socketId, this.state(m));
  }

  /** Keeps a class's element for its teacher: stored before anyone is told. */
  async hold(elementId: string, entry: HeldElement): Promise<void> {
    this.held.hold(elementId, entry);
    await this.saveHeld();
  }

  /** Takes a held element out (to place it or drop it); stored before it is placed. */
  async takeHeld(elementId: string): Promise<HeldElement | undefined> {
    const entry = this.held.take(elementId);
    if (entry) await this.saveHeld();
    return entry;
  }

  private async saveHeld(): Promise<void> {
    const held = this.held
      .entries()
      .map(([elementId, h]) => ({ elementId, element: JSON.stringify(h.element), schoolId: h.schoolId, by: h.by, text: h.text, reason: h.reason }));
    await this.models.Board.updateOne({ _id: this.id }, { $set: { held } });
    this.announceState();
  }

  /** Puts an element on the board from the server (a held element let through). */
  placeElement(elementId: string, element: BoardElement): void {
    this.doc.transact(() => this.elements.set(elementId, element), 'server');
  }

  private *readers(): Generator<BoardMember> {
    for (const m of this.members.values()) if (this.mayReceive(m)) yield m;
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === 'storage') return;
    this.persistence.append(update);
    const frame = encodeUpdateFrame(update);
    for (const m of this.readers()) if (m.socketId !== origin) this.send(m, frame);
    this.compactIfDue('busy');
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.compactIfDue('idle'), COMPACT_IDLE_MS);
  }

  private compactIfDue(when: 'idle' | 'busy'): void {
    const fail = (err: unknown) => this.logger.error({ err, boardId: this.id }, 'board compaction failed');
    // While drawing goes on, batching stays as it is; in a pause, what is queued is stored first.
    if (when === 'busy') this.persistence.maybeCompact(when)?.catch(fail);
    else
      void this.persistence
        .flush()
        .then(() => this.persistence.maybeCompact(when))
        .catch(fail);
  }

  private send(m: BoardMember, data: Uint8Array): void {
    const parts = splitIntoChunks(data);
    if (parts.length === 1) return this.outbox.sync(m.socketId, this.id, data);
    const id = `s${++partCounter}`;
    parts.forEach((p, index) => this.outbox.sync(m.socketId, this.id, p, { id, index, count: parts.length }));
  }

  /** A member opens the board: it gets the server's state vector and answers with what it has. */
  join(member: BoardMember): void {
    this.members.set(member.socketId, member);
    this.send(member, encodeStep1(this.doc));
    const known = [...this.awareness.getStates().keys()];
    if (known.length && !this.settings.cursorsHidden)
      this.outbox.awareness(member.socketId, this.id, awarenessProtocol.encodeAwarenessUpdate(this.awareness, known));
  }

  leave(socketId: string): void {
    const m = this.members.get(socketId);
    if (!m) return;
    this.members.delete(socketId);
    if (m.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...m.awarenessIds], 'server');
  }

  /** One sync message (or a part of one) from a member. */
  async receiveSync(member: BoardMember, data: Uint8Array, part: ChunkPart | undefined, guard: UpdateGuard): Promise<void> {
    let whole: Uint8Array | null;
    try {
      whole = part ? member.assembler.add(part, data) : data;
    } catch (err) {
      throw new BoardError('malformed', err instanceof ChunkError ? err.message : 'The message parts could not be put together.');
    }
    if (!whole) return;
    let frame;
    try {
      frame = decodeSyncFrame(whole);
    } catch (err) {
      throw new BoardError('malformed', err instanceof SyncFrameError ? err.message : 'The sync message could not be read.');
    }
    if (frame.type === 'step1') {
      this.send(member, encodeStep2(this.doc, frame.stateVector));
      return;
    }
    const inspected = inspectUpdate(frame.update);
    // A sync answer always repeats the sender's deletions; with nothing new it changes nothing.
    if (inspected.empty || (frame.type === 'step2' && Y.snapshotContainsUpdate(Y.snapshot(this.doc), frame.update))) return;
    if (member.kind === 'device' && this.settings.locked) throw new BoardError('locked', 'The board is locked: only a teacher can change it now.');
    if (this.persistence.storedBytes + frame.update.byteLength > MAX_BOARD_BYTES)
      throw new BoardError('board-full', 'This board is full. Keep it as a picture, then clear it to carry on.');
    await guard(inspected);
    // The lock may have been set while the guard was logging.
    if (member.kind === 'device' && this.settings.locked) throw new BoardError('locked', 'The board is locked: only a teacher can change it now.');
    try {
      Y.applyUpdate(this.doc, frame.update, member.socketId);
    } catch {
      throw new BoardError('malformed', 'This board update could not be applied.');
    }
  }

  receiveAwareness(member: BoardMember, data: Uint8Array): void {
    const entries = readAwarenessUpdate(data);
    for (const e of entries) {
      for (const other of this.members.values()) {
        if (other !== member && other.awarenessIds.has(e.clientId)) throw new BoardError('not-allowed', 'That cursor belongs to someone else.');
      }
      if (e.state && e.state.name !== member.name) throw new BoardError('not-allowed', 'A cursor carries its own participant name.');
    }
    for (const e of entries) member.awarenessIds.add(e.clientId);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, data, member.socketId);
  }

  private async saveSettings(change: Partial<BoardSettings>): Promise<void> {
    const { lastClear, ...rest } = change;
    await this.models.Board.updateOne(
      { _id: this.id },
      lastClear === undefined
        ? rest
        : lastClear === null
          ? { ...rest, $unset: { lastClear: 1 } }
          : { ...rest, lastClear: Buffer.from(JSON.stringify(lastClear)) },
    );
    Object.assign(this.settings, change);
    this.announceState();
  }

  setLocked(on: boolean): Promise<void> {
    return this.saveSettings({ locked: on });
  }

  async setCursorsHidden(on: boolean): Promise<void> {
    await this.saveSettings({ cursorsHidden: on });
  }

  /** Removes every element; the teacher may put them back with undoClear. Returns how many. */
  async clear(): Promise<number> {
    const removed = [...this.elements.entries()];
    await this.saveSettings({ lastClear: removed });
    this.doc.transact(() => {
      for (const [key] of removed) this.elements.delete(key);
    }, 'server');
    return removed.length;
  }

  async undoClear(): Promise<number> {
    const restore = this.settings.lastClear;
    if (!restore) throw new BoardError('not-found', 'There is no clear to undo.');
    this.doc.transact(() => {
      for (const [key, element] of restore) if (!this.elements.has(key)) this.elements.set(key, element);
    }, 'server');
    await this.saveSettings({ lastClear: null });
    return restore.length;
  }

  deleteElement(elementId: string): BoardElement {
    const element = this.elements.get(elementId);
    if (!element) throw new BoardError('not-found', 'There is no such element on the board.');
    this.doc.transact(() => this.elements.delete(elementId), 'server');
    return element;
  }

  /** Stores everything and folds it into a snapshot (when the board is put away). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.awareness.destroy();
    await this.persistence.compact();
    this.persistence.close();
    this.doc.destroy();
  }

  flush(): Promise<void> {
    return this.persistence.flush();
  }
}

/** Reads a board's stored settings. */
type StoredHold = { elementId: string; element: string; schoolId: string; by: string; text: string; reason: string };

export function settingsFrom(doc: { locked?: boolean | null; cursorsHidden?: boolean | null; lastClear?: unknown; held?: StoredHold[] | null }): BoardSettings {
  let lastClear: BoardSettings['lastClear'] = null;
  if (doc.lastClear) {
    const raw = bytesOf(doc.lastClear);
    const entries = JSON.parse(Buffer.from(raw).toString('utf8')) as [string, unknown][];
    lastClear = entries.flatMap(([k, v]) => {
      const parsed = BoardElementSchema.safeParse(v);
      return parsed.success ? [[k, parsed.data] as [string, BoardElement]] : [];
    });
  }
  // A stored hold whose element no longer reads as one is dropped (its record is in the log).
  const held = (doc.held ?? []).flatMap((h) => {
    const parsed = BoardElementSchema.safeParse(JSON.parse(h.element));
    return parsed.success
      ? [[h.elementId, { element: parsed.data, schoolId: h.schoolId, by: h.by, text: h.text, reason: h.reason }] as [string, HeldElement]]
      : [];
  });
  return { locked: !!doc.locked, cursorsHidden: !!doc.cursorsHidden, lastClear, held };
}
