// One matching in a worker thread, with a time limit.
import { Worker } from 'node:worker_threads';
import type { EoiView } from '../../shared/schemas/eoi.js';
import type { MatchingResult, MatchingRunRequest, MatchingWeights } from '../../shared/schemas/matching.js';
import { DomainError } from '../errors/domain-error.js';
import { MatchingError, type MatchingErrorCode } from './errors.js';

export const MATCHING_TIME_LIMIT_MS = 5 * 60_000;

export class MatchingFailedError extends DomainError<'matching-failed'> {
  readonly status = 503;
  constructor(message: string) {
    super('matching-failed', message);
  }
}

type WorkerReply = { ok: true; result: MatchingResult } | { ok: false; code?: MatchingErrorCode; message: string };

export function runMatching(input: { eois: EoiView[]; request: MatchingRunRequest; weights: MatchingWeights; linked: string[] }): Promise<MatchingResult> {
  // The worker is TypeScript like the rest of the server; its entry registers tsx.
  const worker = new Worker(new URL('./matching-worker.mjs', import.meta.url), { workerData: JSON.stringify(input) });
  // (As JSON: the forms come from mongoose documents, whose arrays cannot be cloned.)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new MatchingFailedError(`the matching took longer than ${MATCHING_TIME_LIMIT_MS / 60_000} minutes and was stopped`));
    }, MATCHING_TIME_LIMIT_MS);
    worker.once('message', (reply: WorkerReply) => {
      clearTimeout(timer);
      void worker.terminate();
      if (reply.ok) resolve(reply.result);
      else reject(reply.code ? new MatchingError(reply.code, reply.message) : new MatchingFailedError(`the matching failed: ${reply.message}`));
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(new MatchingFailedError(`the matching failed: ${err.message}`));
    });
  });
}
