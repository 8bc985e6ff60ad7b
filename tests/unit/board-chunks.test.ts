import { describe, expect, it } from 'vitest';
import { ChunkAssembler, ChunkError, splitIntoChunks } from '../../shared/board/chunks.js';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

describe('splitIntoChunks and ChunkAssembler', () => {
  it('leaves a small message whole', () => {
    expect(splitIntoChunks(bytes(10), 16)).toHaveLength(1);
  });

  it('puts parts arriving in any order back into the original bytes', () => {
    const data = bytes(1000);
    const parts = splitIntoChunks(data, 64);
    expect(parts).toHaveLength(16);
    expect(parts.every((p) => p.byteLength <= 64)).toBe(true);
    const assembler = new ChunkAssembler();
    const order = parts.map((_, i) => i).reverse();
    let whole: Uint8Array | null = null;
    for (const index of order) whole = assembler.add({ id: 'm', index, count: parts.length }, parts[index]!);
    expect(whole).toEqual(data);
  });

  it('refuses a part sent twice, a changed count, an index out of range and too many bytes', () => {
    const a = new ChunkAssembler(100);
    a.add({ id: 'm', index: 0, count: 3 }, bytes(10));
    expect(() => a.add({ id: 'm', index: 0, count: 3 }, bytes(10))).toThrow(ChunkError);
    expect(() => a.add({ id: 'm', index: 1, count: 4 }, bytes(10))).toThrow(/count changed/);
    expect(() => a.add({ id: 'n', index: 3, count: 3 }, bytes(10))).toThrow(/out of range/);
    const b = new ChunkAssembler(100);
    b.add({ id: 'm', index: 0, count: 3 }, bytes(60));
    expect(() => b.add({ id: 'm', index: 1, count: 3 }, bytes(60))).toThrow(/larger than 100/);
  });

  it('drops an abandoned message when a new one starts', () => {
    const a = new ChunkAssembler();
    a.add({ id: 'old', index: 0, count: 2 }, bytes(5));
    expect(a.add({ id: 'new', index: 0, count: 1 }, bytes(5))).toEqual(bytes(5));
    // The old message's second part now starts a fresh (incomplete) message instead of completing one.
    expect(a.add({ id: 'old', index: 1, count: 2 }, bytes(5))).toBeNull();
  });
});
