// One holder at a time per key, in this process (Linkroom runs as one process). A key's
// mutex is dropped once nobody holds or awaits it, so keys do not pile up.
import { Mutex } from 'async-mutex';

export class KeyedMutex {
  private readonly mutexes = new Map<string, Mutex>();

  async runExclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let mutex = this.mutexes.get(key);
    if (!mutex) this.mutexes.set(key, (mutex = new Mutex()));
    try {
      return await mutex.runExclusive(fn);
    } finally {
      if (!mutex.isLocked() && this.mutexes.get(key) === mutex) this.mutexes.delete(key);
    }
  }

  /** Keys held or awaited now. */
  get size(): number {
    return this.mutexes.size;
  }
}
