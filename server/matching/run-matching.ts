// Matchings run in one warm worker thread (a piscina pool of one), with a time limit: a
// large programme's search takes seconds, and the server's event loop also carries live
// calls. The thread stays up between runs, so only the first pays for loading the code.
import Piscina from 'piscina';
import { RUNNING_BUILD } from '../repo-root.js';
import type { EoiView } from '../../shared/schemas/eoi.js';
import type { MatchingResult, MatchingRunRequest, MatchingWeights } from '../../shared/schemas/matching.js';
import { DomainError } from '../errors/domain-error.js';
import { MatchingError, type MatchingErrorCode } from './errors.js';

export const MATCHING_TIME_LIMIT_MS = 5 * 60_000;
/** Runs that may wait behind the one running; more are refused at once. */
export const MATCHING_QUEUE_LIMIT = 8;
/** How long the worker thread waits for another run before it stops. */
export const MATCHING_WORKER_IDLE_MS = 10 * 60_000;

export class MatchingFailedError extends DomainError<'matching-failed'> {
  readonly status = 503;
  constructor(message: string) {
    super('matching-failed', message);
  }
}

export interface MatchingInput {
  eois: EoiView[];
  request: MatchingRunRequest;
  weights: MatchingWeights;
  linked: string[];
}

export type WorkerReply = { ok: true; result: MatchingResult } | { ok: false; code?: MatchingErrorCode; message: string };

export class MatchingRunner {
  private readonly pool: Piscina;

  constructor() {
    // One thread: the machine's other core keeps serving calls while a matching runs.
    this.pool = new Piscina({
      // The build runs the compiled worker; from TypeScript, a bootstrap registers tsx first.
      filename: new URL(RUNNING_BUILD ? './matching-worker.js' : './matching-worker.mjs', import.meta.url).href,
      minThreads: 0,
      maxThreads: 1,
      maxQueue: MATCHING_QUEUE_LIMIT,
      idleTimeout: MATCHING_WORKER_IDLE_MS,
    });
  }

  /** Worker threads alive now (0 or 1). */
  get threads(): number {
    return this.pool.threads.length;
  }

  /** The time limit counts from the request, waiting for an earlier run included. */
  async run(input: MatchingInput, { timeLimitMs = MATCHING_TIME_LIMIT_MS } = {}): Promise<MatchingResult> {
    if (this.pool.queueSize >= MATCHING_QUEUE_LIMIT)
      throw new MatchingFailedError(`${MATCHING_QUEUE_LIMIT} matchings are already waiting: try again in a few minutes`);
    let reply: WorkerReply;
    try {
      // As JSON: the forms come from mongoose documents, whose arrays cannot be cloned.
      reply = (await this.pool.run(JSON.stringify(input), { signal: AbortSignal.timeout(timeLimitMs) })) as WorkerReply;
    } catch (err) {
      if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
        throw new MatchingFailedError(
          `the matching was not done within ${Math.round(timeLimitMs / 1000)} s (waiting for earlier runs included) and was stopped`,
        );
      }
      throw new MatchingFailedError(`the matching failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (reply.ok) return reply.result;
    throw reply.code ? new MatchingError(reply.code, reply.message) : new MatchingFailedError(`the matching failed: ${reply.message}`);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
