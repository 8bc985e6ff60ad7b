// npm run bench:matching — time to match 200, 1,000 and 5,000 classes exactly (goal: 1,000
// classes in 1 s or less). BENCH_SIZES=200,1000 to choose; BENCH_RUNS=3 runs per size;
// BENCH_FLEXIBLE=0.5, the share of schools for which an exact year group is not essential.
// "runner ms" is the median of as many runs through the server's runner (its warm worker
// thread, forms sent as JSON), as POST /api/programmes/:id/matching/run does it after the
// database read.
import { performance } from 'node:perf_hooks';
import { DEFAULT_MATCHING_WEIGHTS } from '../../shared/schemas/matching.js';
import { matchProgramme } from '../../server/matching/programme-matching.js';
import { MatchingRunner } from '../../server/matching/run-matching.js';
import { generateEois } from './matching/generate.js';

const SIZES = (process.env.BENCH_SIZES ?? '200,1000,5000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const FLEXIBLE = Number(process.env.BENCH_FLEXIBLE ?? 0.5);

console.log(`share of schools for which an exact year is not essential: ${FLEXIBLE}`);
console.log('classes  schools  linked  points     bound      optimal  search nodes  matchings  median ms  (runs)  runner ms');
const runner = new MatchingRunner();
// The runner's first run loads the code in its thread: not counted.
await runner.run({ eois: generateEois(10, 1), request: { weights: {}, locked: [], removed: [] }, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] });
for (const size of SIZES) {
  const eois = generateEois(size, size, FLEXIBLE);
  const times: number[] = [];
  let last;
  for (let run = 0; run < (size >= 5000 ? 1 : RUNS); run++) {
    const t0 = performance.now();
    last = matchProgramme(eois, { weights: {}, locked: [], removed: [] }, DEFAULT_MATCHING_WEIGHTS);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  if (!last) throw new Error('no matching run');
  const r = last;
  const runnerTimes: number[] = [];
  for (let run = 0; run < (size >= 5000 ? 1 : RUNS); run++) {
    const t0 = performance.now();
    await runner.run({ eois, request: { weights: {}, locked: [], removed: [] }, weights: DEFAULT_MATCHING_WEIGHTS, linked: [] });
    runnerTimes.push(performance.now() - t0);
  }
  const runnerMs = runnerTimes.sort((a, b) => a - b)[Math.floor(runnerTimes.length / 2)]!;
  console.log(
    [
      String(r.objective.classes).padEnd(8),
      String(eois.length).padEnd(7),
      String(r.objective.linked).padEnd(6),
      String(r.objective.points).padEnd(10),
      String(r.objective.bound).padEnd(10),
      String(r.objective.optimal).padEnd(8),
      String(r.stats.searchNodes).padEnd(13),
      String(r.stats.matchings).padEnd(10),
      times[Math.floor(times.length / 2)]!.toFixed(0).padEnd(10),
      `(${times.length})`.padEnd(6),
      runnerMs.toFixed(0),
    ].join(' '),
  );
}
await runner.close();
