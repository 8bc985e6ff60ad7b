import { describe, expect, it } from 'vitest';
import { ScrubBusyError, ScrubQueue } from '../../server/exchange/scrub-queue.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('ScrubQueue', () => {
  it('runs one scrub at a time in the server and per uploader, in arrival order', async () => {
    const queue = new ScrubQueue(1, 10);
    const running: string[] = [];
    const order: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const jobs = ['a1', 'a2', 'b1'].map((name, i) =>
      queue.run(name[0]!, async () => {
        running.push(name);
        expect(running).toHaveLength(1);
        await gates[i]!.promise;
        order.push(name);
        running.pop();
      }),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(queue.queued).toBe(2);
    gates.forEach((g) => g.resolve());
    await Promise.all(jobs);
    expect(order).toEqual(['a1', 'b1', 'a2']);
    expect(queue.queued).toBe(0);
  });

  it('refuses at once, changing nothing, when too many wait', async () => {
    const queue = new ScrubQueue(1, 2);
    const gate = deferred();
    const first = queue.run('t1', () => gate.promise);
    await new Promise((r) => setTimeout(r, 10)); // t1 is scrubbing, not waiting
    const waiting = [queue.run('t2', async () => 'ran'), queue.run('t3', async () => 'ran')];
    await new Promise((r) => setTimeout(r, 10));
    await expect(queue.run('t4', async () => 'ran')).rejects.toBeInstanceOf(ScrubBusyError);
    gate.resolve();
    await first;
    expect(await Promise.all(waiting)).toEqual(['ran', 'ran']);
    expect(queue.queued).toBe(0);
  });
});
