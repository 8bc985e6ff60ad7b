// Runs one matching off the main thread: a large programme's search takes seconds, and the
// server's event loop also carries live calls.
import { parentPort, workerData } from 'node:worker_threads';
import type { EoiView } from '../../shared/schemas/eoi.js';
import type { MatchingRunRequest, MatchingWeights } from '../../shared/schemas/matching.js';
import { MatchingError } from './errors.js';
import { matchProgramme } from './programme-matching.js';

const input = JSON.parse(workerData as string) as { eois: EoiView[]; request: MatchingRunRequest; weights: MatchingWeights; linked: string[] };
try {
  parentPort!.postMessage({ ok: true, result: matchProgramme(input.eois, input.request, input.weights, new Set(input.linked)) });
} catch (err) {
  parentPort!.postMessage(err instanceof MatchingError ? { ok: false, code: err.code, message: err.message } : { ok: false, message: err instanceof Error ? err.message : String(err) });
}
