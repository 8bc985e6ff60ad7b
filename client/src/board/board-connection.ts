// One open board on this device: the Yjs document, kept in sync with the server through the
// y-protocols messages over the call's socket; cursors through awareness; undo and redo of
// this participant's own changes. Offline edits stay in the document and are sent by the
// sync handshake when the board is opened again.
import { Awareness, encodeAwarenessUpdate, applyAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ChunkAssembler, splitIntoChunks } from '../../../shared/board/chunks';
import { ELEMENTS_MAP, type BoardElement } from '../../../shared/board/elements';
import { decodeSyncFrame, encodeStep1, encodeStep2, encodeUpdateFrame } from '../../../shared/board/sync-frames';
import type { ClientAckData, ClientEventName, ClientPayload, ServerEventName, ServerPayload } from '../../../shared/events';
import type { BoardKind, BoardState } from '../../../shared/schemas/board';

/** What the board needs of the socket; SocketTransport has it. */
export interface BoardTransport {
  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientAckData<E>>;
  on<E extends ServerEventName>(event: E, listener: (payload: ServerPayload<E>) => void): () => void;
}

export interface BoardListener {
  onState?(state: BoardState & { mayModerate: boolean; linkId: string }): void;
  /** A change of ours was refused by the server; the board was reloaded without it. */
  onRefused?(message: string, code: string): void;
  onDocReplaced?(doc: Y.Doc): void;
}

/** Local edits go out as they happen; these errors mean "try again after reopening", not "refused". */
const TRANSIENT = new Set(['timeout', 'not-open', 'not-in-call']);
export const CURSOR_INTERVAL_MS = 50;
const REMOTE = Symbol('remote');
let partCounter = 0;

const toBytes = (data: Uint8Array | ArrayBuffer): Uint8Array => (data instanceof Uint8Array ? data : new Uint8Array(data));

export class BoardConnection {
  doc = new Y.Doc();
  awareness = new Awareness(this.doc);
  undo: Y.UndoManager;
  state: (BoardState & { mayModerate: boolean; linkId: string }) | null = null;
  private readonly assembler = new ChunkAssembler();
  private readonly off: (() => void)[] = [];
  private readonly prefix: string;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  /** The server's state vector when it came before our open was acknowledged. */
  private earlyStep1: Uint8Array | null = null;

  constructor(
    private readonly transport: BoardTransport,
    readonly kind: BoardKind,
    private readonly name: string,
    private readonly listener: BoardListener = {},
  ) {
    this.prefix = `${kind}-`;
    this.undo = this.track(this.doc);
    this.off.push(
      transport.on('board:sync', ({ boardId, data, part }) => {
        if (!boardId.startsWith(this.prefix)) return;
        const whole = part ? this.assembler.add(part, toBytes(data)) : toBytes(data);
        if (whole) this.receive(whole);
      }),
      transport.on('board:awareness', ({ boardId, data }) => {
        if (boardId.startsWith(this.prefix)) applyAwarenessUpdate(this.awareness, toBytes(data), REMOTE);
      }),
      transport.on('board:state', (state) => {
        if (state.boardId.startsWith(this.prefix) && this.state) this.setState({ ...this.state, ...state });
      }),
    );
  }

  get elements(): Y.Map<BoardElement> {
    return this.doc.getMap<BoardElement>(ELEMENTS_MAP);
  }

  get boardId(): string | undefined {
    return this.state?.boardId;
  }

  private track(doc: Y.Doc): Y.UndoManager {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.sendUpdate(update);
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === REMOTE || !this.state) return;
      const mine = [...added, ...updated, ...removed].includes(doc.clientID);
      if (mine) this.sendCursorSoon();
    });
    // Only this participant's own changes are undone; the other class's drawing stays.
    return new Y.UndoManager(doc.getMap(ELEMENTS_MAP), { trackedOrigins: new Set([null]) });
  }

  private setState(state: BoardState & { mayModerate: boolean; linkId: string }): void {
    this.state = state;
    this.listener.onState?.(state);
  }

  /** Opens (or reopens, after a dropped connection) and runs the sync handshake. */
  async open(): Promise<void> {
    const ack = await this.transport.request('board:open', { board: this.kind });
    const { ok: _ok, ...state } = ack as typeof ack & { ok?: true };
    this.setState(state);
    // "Here is what we have": the server answers with what we lack.
    await this.send(encodeStep1(this.doc));
    if (this.earlyStep1) {
      const stateVector = this.earlyStep1;
      this.earlyStep1 = null;
      await this.send(encodeStep2(this.doc, stateVector));
    }
  }

  private receive(data: Uint8Array): void {
    const frame = decodeSyncFrame(data);
    if (frame.type === 'step1') {
      // The server's state: send what it lacks (our offline edits).
      if (!this.state) {
        this.earlyStep1 = frame.stateVector;
        return;
      }
      void this.send(encodeStep2(this.doc, frame.stateVector)).catch((err: unknown) => this.refused(err));
      return;
    }
    Y.applyUpdate(this.doc, frame.update, REMOTE);
  }

  private sendUpdate(update: Uint8Array): void {
    if (!this.state || this.closed) return; // sent by the handshake once open
    void this.send(encodeUpdateFrame(update)).catch((err: unknown) => this.refused(err));
  }

  private async send(frame: Uint8Array): Promise<void> {
    const boardId = this.state?.boardId;
    if (!boardId) return;
    const parts = splitIntoChunks(frame);
    if (parts.length === 1) {
      await this.transport.request('board:sync', { boardId, data: frame });
      return;
    }
    const id = `c${++partCounter}`;
    for (const [index, data] of parts.entries()) await this.transport.request('board:sync', { boardId, data, part: { id, index, count: parts.length } });
  }

  /** The server refused a change of ours: start again from the server's document. */
  private refused(err: unknown): void {
    const code = (err as { code?: string }).code ?? 'error';
    if (TRANSIENT.has(code) || this.closed) return;
    this.listener.onRefused?.(err instanceof Error ? err.message : String(err), code);
    this.replaceDoc();
    void this.send(encodeStep1(this.doc)).catch(() => undefined);
  }

  private replaceDoc(): void {
    this.undo.destroy();
    this.awareness.destroy();
    this.doc.destroy();
    this.doc = new Y.Doc();
    this.awareness = new Awareness(this.doc);
    this.undo = this.track(this.doc);
    this.listener.onDocReplaced?.(this.doc);
  }

  /** Writes an element as one of this participant's changes (undoable). */
  put(id: string, element: BoardElement): void {
    this.doc.transact(() => this.elements.set(id, element));
  }

  remove(id: string): void {
    this.doc.transact(() => this.elements.delete(id));
  }

  setCursor(cursor: { x: number; y: number } | null): void {
    this.awareness.setLocalState({ name: this.name, cursor });
  }

  private sendCursorSoon(): void {
    if (this.cursorTimer) return;
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = undefined;
      const boardId = this.state?.boardId;
      if (!boardId || this.closed) return;
      const data = encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
      void this.transport.request('board:awareness', { boardId, data }).catch(() => undefined);
    }, CURSOR_INTERVAL_MS);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.cursorTimer);
    for (const off of this.off) off();
    const boardId = this.state?.boardId;
    if (boardId) void this.transport.request('board:close', { boardId }).catch(() => undefined);
    this.undo.destroy();
    this.awareness.destroy();
  }
}
