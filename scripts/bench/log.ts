// npm run bench:log — hash-chained safeguarding appends per second beside raw driver
// inserts of the same documents on the same database, in the same run.
import { performance } from 'node:perf_hooks';
import { connectMongoose } from '../../server/db/database.js';
import { hashEvent, hashPayload, GENESIS_HASH } from '../../server/safeguarding/hash-chain.js';
import { SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';
import { startTestDatabaseServer } from '../../tests/support/test-database-server.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const actor = { kind: 'user' as const, id: '665f1c0ffee0000000000001', label: 'Ms Teacher' };
const scope = { programmeId: '665f1c0ffee0000000000002', schoolIds: ['665f1c0ffee0000000000003', '665f1c0ffee0000000000004'], linkId: '665f1c0ffee0000000000005' };
const payload = (i: number) => ({ step: 'welcome', index: i, note: 'Class 4B admitted by their teacher' });

const server = await startTestDatabaseServer();
const conn = await connectMongoose(server.uri, `bench_log_${process.pid}`);
try {
  // Raw: the same documents, precomputed, inserted one by one with the same write concern.
  const raw = conn.collection('bench_raw');
  let prevHash = GENESIS_HASH;
  const docs = Array.from({ length: EVENTS }, (_, k) => {
    const base = { _id: k + 1, at: new Date(), actor, role: 'teacher', scope, type: 'link.progress', payloadHash: hashPayload(payload(k)), prevHash };
    const doc = { ...base, payload: payload(k), hash: hashEvent(base) };
    prevHash = doc.hash;
    return doc;
  });
  let t0 = performance.now();
  for (const doc of docs) await raw.insertOne(doc as never, { writeConcern: { w: 'majority', j: true } });
  const rawPerSec = EVENTS / ((performance.now() - t0) / 1000);

  const log = new SafeguardingLog(conn);
  t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) await log.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: payload(i) });
  const chainedPerSec = EVENTS / ((performance.now() - t0) / 1000);

  // Two writers on two connections racing for the head (as two server processes would).
  const other = await connectMongoose(server.uri, conn.name);
  const a = new SafeguardingLog(conn);
  const b = new SafeguardingLog(other);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: EVENTS / 2 }, (_, i) => [
      a.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: payload(i) }),
      b.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: payload(i) }),
    ]).flat(),
  );
  const racingPerSec = EVENTS / ((performance.now() - t0) / 1000);
  await other.close();

  t0 = performance.now();
  const report = await log.verify();
  const verifyPerSec = report.checked / ((performance.now() - t0) / 1000);

  const kind = process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (SQLite)';
  console.log(`bench:log — ${EVENTS} events each, database: ${kind}`);
  console.table({
    'raw driver insertOne': { 'events/s': Math.round(rawPerSec) },
    'safeguarding record() (1 writer)': { 'events/s': Math.round(chainedPerSec) },
    'safeguarding record() (2 racing writers)': { 'events/s': Math.round(racingPerSec) },
    'log:verify walk': { 'events/s': Math.round(verifyPerSec) },
  });
  console.log(`ratio chained / raw: ${(chainedPerSec / rawPerSec).toFixed(2)}; chain intact after the run: ${report.ok} (${report.checked} events)`);
} finally {
  await conn.dropDatabase();
  await conn.close();
  await server.stop();
}
