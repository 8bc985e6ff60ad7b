// Large board messages (a first sync of a long lesson's board) travel in parts well under
// Socket.IO's 1 MB message limit, and are put back together on arrival.
/** Half of the server's Socket.IO message limit (256 KB), leaving room for the envelope. */
export const SYNC_CHUNK_BYTES = 128 * 1024;
/** The most a reassembled message may be: a whole board, with room to spare. */
export const MAX_ASSEMBLED_BYTES = 16 * 1024 * 1024;
export const MAX_CHUNKS = Math.ceil(MAX_ASSEMBLED_BYTES / SYNC_CHUNK_BYTES);

export interface ChunkPart {
  id: string;
  index: number;
  count: number;
}

export class ChunkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChunkError';
  }
}

export function splitIntoChunks(data: Uint8Array, maxBytes = SYNC_CHUNK_BYTES): Uint8Array[] {
  if (data.byteLength <= maxBytes) return [data];
  const parts: Uint8Array[] = [];
  for (let at = 0; at < data.byteLength; at += maxBytes) parts.push(data.subarray(at, at + maxBytes));
  return parts;
}

/** Collects the parts of messages, one message per id; gives the whole once all have come. */
export class ChunkAssembler {
  private readonly pending = new Map<string, { parts: (Uint8Array | undefined)[]; received: number; bytes: number }>();

  constructor(private readonly maxBytes = MAX_ASSEMBLED_BYTES) {}

  add(part: ChunkPart, data: Uint8Array): Uint8Array | null {
    if (part.count < 1 || part.count > MAX_CHUNKS || part.index < 0 || part.index >= part.count) throw new ChunkError('part number out of range');
    let entry = this.pending.get(part.id);
    if (!entry) {
      // Only one message is assembled at a time per sender: a new one replaces an abandoned one.
      this.pending.clear();
      entry = { parts: new Array<Uint8Array | undefined>(part.count), received: 0, bytes: 0 };
      this.pending.set(part.id, entry);
    }
    if (entry.parts.length !== part.count) throw new ChunkError('part count changed within one message');
    if (entry.parts[part.index]) throw new ChunkError('part sent twice');
    entry.bytes += data.byteLength;
    if (entry.bytes > this.maxBytes) {
      this.pending.delete(part.id);
      throw new ChunkError(`message larger than ${this.maxBytes} bytes`);
    }
    entry.parts[part.index] = data;
    entry.received += 1;
    if (entry.received < part.count) return null;
    this.pending.delete(part.id);
    const whole = new Uint8Array(entry.bytes);
    let at = 0;
    for (const p of entry.parts) {
      whole.set(p!, at);
      at += p!.byteLength;
    }
    return whole;
  }
}
