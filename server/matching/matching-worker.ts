// One matching, in the runner's worker thread (run-matching.ts). Refusals travel back as
// their code and message: errors lose their class between threads.
import { MatchingError } from './errors.js';
import { matchProgramme } from './programme-matching.js';
import type { MatchingInput, WorkerReply } from './run-matching.js';

export function matchInWorker(json: string): WorkerReply {
  const input = JSON.parse(json) as MatchingInput;
  try {
    return { ok: true, result: matchProgramme(input.eois, input.request, input.weights, new Set(input.linked)) };
  } catch (err) {
    return err instanceof MatchingError
      ? { ok: false, code: err.code, message: err.message }
      : { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
