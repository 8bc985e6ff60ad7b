// Scrubbing pictures and sound is heavy (a 40-megapixel photo takes seconds of CPU and a
// few hundred MB while libvips decodes it). Uploads therefore wait their turn: at most
// SCRUBS_AT_ONCE in the whole server and one per uploader at a time; at most
// SCRUBS_WAITING wait; beyond that an upload is refused at once (503, Retry-After) rather
// than piled up — so memory stays bounded and a live call's signalling stays responsive.
import { Semaphore } from 'async-mutex';
import { DomainError } from '../errors/domain-error.js';
import { KeyedMutex } from '../sync/keyed-mutex.js';

export const SCRUBS_AT_ONCE = 1;
export const SCRUBS_WAITING = 8;

export class ScrubBusyError extends DomainError<'busy'> {
  readonly status = 503;
  constructor() {
    super('busy', 'Linkroom is busy preparing other uploads. Try this one again in a few seconds.');
  }
}

export class ScrubQueue {
  private readonly server: Semaphore;
  private readonly perUploader = new KeyedMutex();
  private waiting = 0;

  constructor(
    atOnce = SCRUBS_AT_ONCE,
    private readonly maxWaiting = SCRUBS_WAITING,
  ) {
    this.server = new Semaphore(atOnce);
  }

  /** Runs `scrub` in its turn, or refuses with ScrubBusyError when too many wait already. */
  async run<T>(uploader: string, scrub: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.maxWaiting) throw new ScrubBusyError();
    this.waiting++;
    let started = false;
    try {
      return await this.perUploader.runExclusive(uploader, () =>
        this.server.runExclusive(() => {
          started = true;
          this.waiting--;
          return scrub();
        }),
      );
    } finally {
      if (!started) this.waiting--;
    }
  }

  /** Uploads waiting for their turn now. */
  get queued(): number {
    return this.waiting;
  }
}
