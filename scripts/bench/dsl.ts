// npm run bench:dsl — with BENCH_EVENTS (default 1,000,000) events in the safeguarding
// log: a DSL's filtered timeline (one link, one month) through the API, p50/p95, beside
// the same filter as a raw driver query in the same run (the ratio is what scoping,
// read-logging and shaping cost); then the PDF export of a 2-hour call of 5,000 events.
// The seeded database is kept in ~/.cache/linkroom/bench (embedded FerretDB) so that a
// second run does not write the million events again; MONGODB_URI uses that server.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../../server/config.js';
import { connectMongoose } from '../../server/db/database.js';
import { startEmbeddedFerretDb } from '../../server/db/embedded-ferretdb.js';
import { modelsFor } from '../../server/db/models.js';
import { markMigrated } from '../../server/db/migrations.js';
import { linkroomMigrations } from '../../server/migrations.js';
import { startLinkroom } from '../../server/linkroom.js';
import { filterOf, LOG_COLLECTION } from '../../server/safeguarding/safeguarding-log.js';
import { BENCH_DIR } from './exchange/fixtures.js';
import { callOfJoinCode } from '../../server/calls/join-codes.js';
import {
  BIG_CALL_EVENTS,
  DSL_EMAIL,
  DSL_PASSWORD,
  LOOKUP_DOCS,
  QUERY_MONTH,
  SEED_VERSION,
  seedLookups,
  seedWorld,
  type BenchWorld,
  type LookupWorld,
} from './dsl/seed.js';
import { percentile } from './server-ipc.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 3);
const DB_NAME = `bench_dsl_${EVENTS}`;
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

/** A GET without a client-side timeout: on the embedded FerretDB one answer takes minutes. */
function get(url: string, cookie: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

// The database: MONGODB_URI, or an embedded FerretDB whose files stay in the cache.
let uri = process.env.MONGODB_URI?.replace(/\/[^/]*$/, '/');
let stopDb = async () => undefined as void;
if (!uri) {
  const config = loadConfig({ ...process.env, MONGODB_URI: undefined });
  if (!('embedded' in config.database)) throw new Error('unreachable');
  const dataDir = path.join(BENCH_DIR, `dsl-ferretdb-${EVENTS}`);
  mkdirSync(dataDir, { recursive: true });
  const db = await startEmbeddedFerretDb({ bin: config.database.embedded.bin, dataDir, logger });
  uri = db.uri.endsWith('/') ? db.uri : `${db.uri}/`;
  stopDb = () => db.stop();
}
const marker = path.join(BENCH_DIR, `dsl-world-${EVENTS}${process.env.MONGODB_URI ? '-external' : ''}.json`);

const connection = await connectMongoose(uri, DB_NAME);
type Seeded = BenchWorld & { lookups: LookupWorld; lookupDocs: number };
let world: Seeded | undefined = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Seeded) : undefined;
if (world?.version !== SEED_VERSION || world.lookupDocs !== LOOKUP_DOCS || !(await connection.collection('programmes').countDocuments({}))) {
  await connection.dropDatabase();
  const t0 = performance.now();
  const models = await modelsFor(connection);
  const seeded = await seedWorld(connection, models, EVENTS, (done) => {
    if (done % 50_000 === 0 || done === EVENTS)
      process.stdout.write(
        `\rseeding the log: ${done.toLocaleString()} / ${EVENTS.toLocaleString()} events (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
      );
  });
  process.stdout.write('\n');
  const lookups = await seedLookups(models, seeded.programmeId, (what) => process.stdout.write(`\rseeding look-ups: ${what}     `));
  process.stdout.write('\n');
  // Written as the current version writes: no migration is due.
  await markMigrated(connection, linkroomMigrations(models));
  world = { ...seeded, lookups, lookupDocs: LOOKUP_DOCS };
  writeFileSync(marker, JSON.stringify(world));
}
const w = world;

const server = await startLinkroom(
  loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: `${uri}${DB_NAME}`,
    SFU_WORKERS: '1',
    CLIENT_DIST: mkdtempSync(path.join(tmpdir(), 'no-client-')),
    LOG_LEVEL: 'warn',
  }),
  logger,
);
try {
  let t0 = performance.now();
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DSL_EMAIL, password: DSL_PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const loginMs = performance.now() - t0;
  const query = `linkId=${w.linkId}&from=${QUERY_MONTH.from.toISOString()}&to=${QUERY_MONTH.to.toISOString()}&limit=10000`;
  const raw = connection.collection(LOG_COLLECTION);
  const rawFilter = filterOf({ scope: { programmeId: w.programmeId, linkId: w.linkId }, from: QUERY_MONTH.from, to: QUERY_MONTH.to });

  const apiMs: number[] = [];
  const rawMs: number[] = [];
  let apiEvents = 0;
  let rawEvents = 0;
  for (let i = 0; i < QUERIES; i++) {
    t0 = performance.now();
    const res = await get(`${server.url}/api/programmes/${w.programmeId}/timeline?${query}`, cookie);
    const body = JSON.parse(res.body.toString()) as { events: unknown[] };
    apiMs.push(performance.now() - t0);
    apiEvents = body.events.length;
    t0 = performance.now();
    rawEvents = (await raw.find(rawFilter).sort({ _id: 1 }).limit(10_001).toArray()).length;
    rawMs.push(performance.now() - t0);
    console.log(`query ${i + 1} / ${QUERIES}: API ${apiMs.at(-1)!.toFixed(0)} ms, raw ${rawMs.at(-1)!.toFixed(0)} ms`);
  }
  process.stdout.write('\n');

  // The whole chain, as log:verify walks it (it leaves a checkpoint, as the nightly one would).
  t0 = performance.now();
  const chain = await server.log.verify({ from: 'genesis' });
  const verifyMs = performance.now() - t0;

  t0 = performance.now();
  const pdf = await get(`${server.url}/api/calls/${w.bigCallId}/export?format=pdf`, cookie);
  const pdfBytes = pdf.body.byteLength;
  const exportMs = performance.now() - t0;

  // Hot look-ups, as the server makes them, each with LOOKUP_DOCS documents in its collection.
  const m = server.models;
  const lookups: Record<string, () => (key: string) => Promise<unknown>> = {
    'session by token': () => (k) => m.Session.findOne({ tokenHash: k }),
    'call by join code': () => (k) => callOfJoinCode(m, k),
    'board by id': () => (k) => m.Board.findById(k),
    'exchange item by id': () => (k) => m.ExchangeItem.findById(k),
    "a teacher's classes (by school)": () => (k) => m.Class.find({ schoolId: { $in: [k] } }, { teacherIds: 1 }).lean(),
  };
  const keys: Record<string, string[]> = {
    'session by token': w.lookups.tokenHashes,
    'call by join code': w.lookups.codes,
    'board by id': w.lookups.boardIds,
    'exchange item by id': w.lookups.itemIds,
    "a teacher's classes (by school)": w.lookups.schoolIds,
  };
  const lookupRows: Record<string, { 'p50 ms': number; 'p95 ms': number; found: string }> = {};
  for (const [name, make] of Object.entries(lookups)) {
    const run = make();
    const times: number[] = [];
    let found = 0;
    for (const k of keys[name]!) {
      const s0 = performance.now();
      const r = await run(k);
      times.push(performance.now() - s0);
      if (r && (!Array.isArray(r) || r.length)) found++;
    }
    lookupRows[name] = {
      'p50 ms': Number(percentile(times, 50).toFixed(1)),
      'p95 ms': Number(percentile(times, 95).toFixed(1)),
      found: `${found} / ${times.length}`,
    };
  }

  const explain = (await raw.find(rawFilter).explain()) as { filterPushdown?: boolean; queryPlanner?: { winningPlan?: unknown; Plan?: string[] } };
  const kind = process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (SQLite)';
  console.log(
    `bench:dsl — ${EVENTS.toLocaleString()} events in the log, database: ${kind}; one link, one month (${apiEvents} events), ${QUERIES} queries each`,
  );
  console.table({
    'timeline through the API': { 'p50 ms': Math.round(percentile(apiMs, 50)), 'p95 ms': Math.round(percentile(apiMs, 95)), events: apiEvents },
    'same filter, raw driver': { 'p50 ms': Math.round(percentile(rawMs, 50)), 'p95 ms': Math.round(percentile(rawMs, 95)), events: rawEvents },
  });
  console.log(`ratio API / raw (p50): ${(percentile(apiMs, 50) / percentile(rawMs, 50)).toFixed(2)}; goal: API ≤ 200 ms`);
  console.log(`first login after start (appends to the log; the head comes from its hint): ${loginMs.toFixed(0)} ms`);
  console.log(
    `query plan: ${explain.filterPushdown === false ? 'FerretDB did not push the filter down (every query reads the whole log)' : JSON.stringify(explain.queryPlanner?.winningPlan ?? explain.queryPlanner?.Plan ?? {})}`,
  );
  console.log(
    `whole-chain verification (log:verify): ${(verifyMs / 1000).toFixed(1)} s for ${chain.checked.toLocaleString()} events (${Math.round(chain.checked / (verifyMs / 1000)).toLocaleString()} events/s), intact: ${chain.ok}; goal ≤ 60 s`,
  );
  console.log(`hot look-ups with ${LOOKUP_DOCS.toLocaleString()} documents in each collection (goal p95 ≤ 5 ms):`);
  console.table(lookupRows);
  console.log(
    `PDF export of a 2-hour call (${BIG_CALL_EVENTS.toLocaleString()} events, verified from the latest checkpoint): ${(exportMs / 1000).toFixed(1)} s, ${(pdfBytes / 1e6).toFixed(1)} MB, status ${pdf.status}`,
  );
} finally {
  await server.close();
  await connection.close();
  await stopDb();
}
