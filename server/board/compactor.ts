// Folds stored board parts into one snapshot on a worker thread (one for all boards, started
// on first use). Should the thread fail, the work is done in place: slower, never lost.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RUNNING_BUILD } from '../repo-root.js';
import { mergeParts } from './merge-parts.js';

export class Compactor {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (d: Uint8Array) => void; reject: (e: Error) => void }>();

  private start(): Worker | null {
    if (this.worker || this.broken) return this.worker;
    try {
      // The worker is TypeScript like the rest of the server: a one-line bootstrap registers
      // tsx in the thread and imports it (a Worker takes only .js files by name).
      // The build runs the compiled worker directly.
      const worker = RUNNING_BUILD
        ? new Worker(new URL('./compaction-worker.js', import.meta.url))
        : new Worker(
            `import(${JSON.stringify(tsxApiUrl())}).then((t) => { t.register(); return import(${JSON.stringify(new URL('./compaction-worker.ts', import.meta.url).href)}); })`,
            { eval: true },
          );
      worker.unref();
      worker.on('message', ({ id, data, error }: { id: number; data?: Uint8Array; error?: string }) => {
        const w = this.waiting.get(id);
        this.waiting.delete(id);
        if (error || !data) w?.reject(new Error(error ?? 'compaction failed'));
        else w?.resolve(new Uint8Array(data));
      });
      worker.on('error', (err: Error) => this.fail(err));
      worker.on('exit', () => this.fail(new Error('compaction thread ended')));
      this.worker = worker;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }

  private fail(err: Error): void {
    this.broken = true;
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** The parts (a snapshot and the updates after it, in order) as one update. */
  async merge(parts: Uint8Array[]): Promise<Uint8Array> {
    const worker = this.start();
    if (!worker) return mergeParts(parts);
    const id = this.nextId++;
    try {
      return await new Promise<Uint8Array>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage({ id, parts });
      });
    } catch {
      return mergeParts(parts);
    }
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.broken = true;
    await w?.terminate();
  }
}

/** tsx's ESM register API (its package exports it as "tsx/esm/api", .mjs beside the .cjs). */
function tsxApiUrl(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}
