// A simulated drawer: its own small Yjs document (only its strokes, so sixty of them fit
// in one process), sending each stroke as one update over the board protocol, and noting
// when the strokes of others arrive.
import * as Y from 'yjs';
import type { SocketTransport } from '../../../client/src/api/socket-transport.js';
import type { BoardElement } from '../../../shared/board/elements.js';
import { decodeSyncFrame, encodeUpdateFrame } from '../../../shared/board/sync-frames.js';

export const STROKE_POINTS = 40;

/** Stroke id → when it was sent (one clock: all drawers run in this process). */
export const sentAt = new Map<string, number>();

export class Drawer {
  private readonly doc = new Y.Doc();
  private readonly elements = this.doc.getMap<BoardElement>('elements');
  private boardId = '';
  private count = 0;
  private mine: string[] = [];
  listening = true;
  latencies: number[] = [];
  sentBytes: number[] = [];

  constructor(
    readonly index: number,
    private readonly transport: SocketTransport,
  ) {
    transport.on('board:sync', ({ data }) => {
      if (!this.listening) return;
      const now = performance.now();
      const frame = decodeSyncFrame(data instanceof Uint8Array ? data : new Uint8Array(data));
      if (frame.type === 'step1') return;
      for (const s of Y.decodeUpdate(frame.update).structs) {
        const key = (s as { parentSub?: string | null }).parentSub;
        const at = key ? sentAt.get(key) : undefined;
        if (at !== undefined) this.latencies.push(now - at);
      }
    });
  }

  async open(): Promise<void> {
    const ack = await this.transport.request('board:open', { board: 'link' });
    this.boardId = ack.boardId;
  }

  private stroke(z: number): BoardElement {
    const x0 = Math.floor(Math.random() * 1400);
    const y0 = Math.floor(Math.random() * 800);
    const points: number[] = [];
    for (let i = 0; i < STROKE_POINTS; i++) points.push(x0 + i * 3, y0 + Math.round(Math.sin(i / 4) * 20), 50);
    return { kind: 'stroke', points, colour: 'blue', size: 'medium', z };
  }

  /** Draws `strokes` strokes as one update (1 in a lesson; more when fast-forwarding a session) and erases some earlier ones. */
  async draw(strokes = 1, eraseShare = 0, measure = false): Promise<void> {
    let update: Uint8Array | undefined;
    // One transaction gives one update event.
    const capture = (u: Uint8Array) => (update = u);
    this.doc.on('update', capture);
    const ids: string[] = [];
    this.doc.transact(() => {
      for (let i = 0; i < strokes; i++) {
        const id = `d${this.index}-${this.count++}`;
        ids.push(id);
        this.elements.set(id, this.stroke(this.count));
        this.mine.push(id);
      }
      if (eraseShare > 0 && this.mine.length > 20 && Math.random() < eraseShare * strokes) {
        const victim = this.mine.splice(Math.floor(Math.random() * (this.mine.length - 10)), 1)[0]!;
        this.elements.delete(victim);
      }
    });
    this.doc.off('update', capture);
    const frame = encodeUpdateFrame(update!);
    if (measure) {
      const now = performance.now();
      for (const id of ids) sentAt.set(id, now);
      this.sentBytes.push(frame.byteLength);
    }
    await this.transport.request('board:sync', { boardId: this.boardId, data: frame });
  }
}
