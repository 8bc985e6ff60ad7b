import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../server/sync/keyed-mutex.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A job that notes when it starts and ends, and takes a moment in between. */
const recordingJob = (trace: string[], name: string) => async () => {
  trace.push(`${name} in`);
  await tick();
  trace.push(`${name} out`);
  return name;
};

describe('KeyedMutex', () => {
  it('runs one holder at a time per key, in the order they came', async () => {
    const mutex = new KeyedMutex();
    const trace: string[] = [];
    const results = await Promise.all([mutex.runExclusive('p1', recordingJob(trace, 'a')), mutex.runExclusive('p1', recordingJob(trace, 'b'))]);
    expect(results).toEqual(['a', 'b']);
    expect(trace).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('lets different keys run side by side', async () => {
    const mutex = new KeyedMutex();
    const trace: string[] = [];
    await Promise.all([mutex.runExclusive('p1', recordingJob(trace, 'a')), mutex.runExclusive('p2', recordingJob(trace, 'b'))]);
    expect(trace.slice(0, 2).sort()).toEqual(['a in', 'b in']);
  });

  it('releases the key when the holder fails, and forgets keys nobody holds', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.runExclusive('p1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.runExclusive('p1', async () => 'next')).resolves.toBe('next');
    expect(mutex.size).toBe(0);
  });
});
