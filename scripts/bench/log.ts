// npm run bench:log — hash-chained safeguarding appends per second with 1, 8 and 64
// concurrent writers (group commit), beside raw driver insertOne and insertMany of the
// same documents on the same database, in the same run.
import { performance } from 'node:perf_hooks';
import { connectMongoose } from '../../server/db/database.js';
import { hashEvent, hashPayload, GENESIS_HASH } from '../../server/safeguarding/hash-chain.js';
import { LOG_INDEX_KEYS, SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';
import { startTestDatabaseServer } from '../../tests/support/test-database-server.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const WRITERS = (process.env.BENCH_WRITERS ?? '1,8,64').split(',').map(Number);
const INSERT_MANY_BATCH = 500;
const actor = { kind: 'user' as const, id: '665f1c0ffee0000000000001', label: 'Ms Teacher' };
const scope = {
  programmeId: '665f1c0ffee0000000000002',
  schoolIds: ['665f1c0ffee0000000000003', '665f1c0ffee0000000000004'],
  linkId: '665f1c0ffee0000000000005',
};
const payload = (i: number) => ({ step: 'welcome', index: i, note: 'Class 4B admitted by their teacher' });

const perSecond = (n: number, t0: number) => Math.round(n / ((performance.now() - t0) / 1000));

const server = await startTestDatabaseServer();
const conn = await connectMongoose(server.uri, `bench_log_${process.pid}`);
try {
  // Raw: the same documents, precomputed, into a collection with the log's indexes.
  const rawDocs = (n: number) => {
    let prevHash = GENESIS_HASH;
    return Array.from({ length: n }, (_, k) => {
      const base = { _id: k + 1, at: new Date(), actor, role: 'teacher', scope, type: 'link.progress', payloadHash: hashPayload(payload(k)), prevHash };
      const doc = { ...base, payload: payload(k), hash: hashEvent(base) };
      prevHash = doc.hash;
      return doc;
    });
  };
  const rawCollection = async (name: string) => {
    const c = conn.collection(name);
    for (const key of LOG_INDEX_KEYS) await c.createIndex(key);
    return c;
  };
  const rows: Record<string, { 'events/s': number }> = {};

  const one = await rawCollection('bench_raw_one');
  const oneDocs = rawDocs(Math.min(EVENTS, 2_000));
  let t0 = performance.now();
  for (const doc of oneDocs) await one.insertOne(doc as never, { writeConcern: { w: 'majority', j: true } });
  rows['raw insertOne (one at a time)'] = { 'events/s': perSecond(oneDocs.length, t0) };

  const many = await rawCollection('bench_raw_many');
  const manyDocs = rawDocs(EVENTS);
  t0 = performance.now();
  for (let i = 0; i < manyDocs.length; i += INSERT_MANY_BATCH) {
    await many.insertMany(manyDocs.slice(i, i + INSERT_MANY_BATCH) as never[], { ordered: true, writeConcern: { w: 'majority', j: true } });
  }
  const rawMany = perSecond(EVENTS, t0);
  rows[`raw insertMany (batches of ${INSERT_MANY_BATCH})`] = { 'events/s': rawMany };

  const log = new SafeguardingLog(conn);
  await log.ensureIndexes();
  const ratios: string[] = [];
  for (const writers of WRITERS) {
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < EVENTS) await log.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: payload(next++) });
      }),
    );
    const rate = perSecond(EVENTS, t0);
    rows[`record(), ${writers} concurrent writer${writers === 1 ? '' : 's'}`] = { 'events/s': rate };
    ratios.push(`${writers}: ${((rate / rawMany) * 100).toFixed(0)} %`);
  }

  // Two processes' writers (two connections) racing for the head.
  const other = await connectMongoose(server.uri, conn.name);
  const b = new SafeguardingLog(other);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: 2_000 }, (_, i) => (i % 2 ? log : b).record({ actor, role: 'teacher', scope, type: 'link.progress', payload: payload(i) })),
  );
  rows['record(), 2 processes racing (2,000 events)'] = { 'events/s': perSecond(2_000, t0) };
  await other.close();

  t0 = performance.now();
  const report = await log.verify();
  rows['log:verify walk'] = { 'events/s': perSecond(report.checked, t0) };

  const kind = process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (SQLite, patched)';
  console.log(`bench:log — ${EVENTS} events per row, database: ${kind}`);
  console.table(rows);
  if (!report.ok) console.log('first break:', report.firstBreak);
  console.log(`record() / raw insertMany by writers — ${ratios.join(', ')}; chain intact after the run: ${report.ok} (${report.checked} events)`);
} finally {
  await conn.dropDatabase();
  await conn.close();
  await server.stop();
}
