// Group commit of the safeguarding log on its own embedded database (stalled with SIGSTOP
// here, so that no other test file shares it): no fork, no gap, no acknowledgement before
// the event is stored, and a refused append never shows in the log as done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { connectMongoose } from '../../server/db/database.js';
import { startEmbeddedFerretDb, type EmbeddedFerretDb } from '../../server/db/embedded-ferretdb.js';
import type { StoredLogEvent } from '../../server/safeguarding/hash-chain.js';
import { LogUnavailableError, SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';

const actor = { kind: 'user' as const, id: 'u-teacher' };
const scope = { programmeId: 'p1', linkId: 'l1' };
const STALL_MS = 400;
const SHORT_TIMEOUT_MS = 300;

describe('the log under concurrent writers and a stalled database', () => {
  let dataDir: string;
  let db: EmbeddedFerretDb;
  const connections: Connection[] = [];
  const connect = async () => {
    const c = await connectMongoose(`${db.uri}group_commit`);
    connections.push(c);
    return c;
  };
  beforeAll(async () => {
    const config = loadConfig({ ...process.env, MONGODB_URI: undefined });
    if (!('embedded' in config.database)) throw new Error('unreachable');
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkroom-group-commit-'));
    db = await startEmbeddedFerretDb({ bin: config.database.embedded.bin, dataDir, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    db.process.kill('SIGCONT');
    for (const c of connections) await c.close().catch(() => undefined);
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('chains 600 appends from three writers (as three processes) with no fork and no gap', async () => {
    const logs = await Promise.all([0, 1, 2].map(async () => new SafeguardingLog(await connect())));
    const events = await Promise.all(
      Array.from({ length: 600 }, (_, i) => logs[i % 3]!.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { i } })),
    );
    const seqs = events.map((e) => e._id).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(await logs[0]!.verify()).toMatchObject({ ok: true, headSeq: 600 });
  });

  it('answers no append while the database is stalled, and every one once it has stored them', async () => {
    const log = new SafeguardingLog(await connect());
    await log.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { warm: true } });
    db.process.kill('SIGSTOP');
    const answered: StoredLogEvent[] = [];
    const writes = Array.from({ length: 50 }, (_, i) =>
      log.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { stalled: i } }).then((e) => answered.push(e)),
    );
    await new Promise((r) => setTimeout(r, STALL_MS));
    expect(answered).toHaveLength(0);
    db.process.kill('SIGCONT');
    await Promise.all(writes);
    const stored = await log.collection.find({ _id: { $in: answered.map((e) => e._id) } }).toArray();
    expect(stored.map((e) => e.hash).sort()).toEqual(answered.map((e) => e.hash).sort());
    expect(await log.verify()).toMatchObject({ ok: true });
  });

  it('refuses appends the database does not confirm in time; any that land later are named as refused', async () => {
    const log = new SafeguardingLog(await connect(), { appendTimeoutMs: SHORT_TIMEOUT_MS });
    await log.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { warm: true } });
    db.process.kill('SIGSTOP');
    const refused = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => log.record({ actor, role: 'teacher', scope, type: 'call.chat-message', payload: { refused: i } })),
    );
    db.process.kill('SIGCONT');
    expect(refused.every((r) => r.status === 'rejected' && r.reason instanceof LogUnavailableError)).toBe(true);

    const after = await log.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { after: true } });
    const all = await log.collection.find({}).sort({ _id: 1 }).toArray();
    const landed = all.filter((e) => typeof (e.payload as { refused?: number } | undefined)?.refused === 'number');
    const named = all.filter((e) => e.type === 'log.unconfirmed-append').flatMap((e) => (e.payload as { events: { seq: number }[] }).events.map((x) => x.seq));
    // Each refused action is absent from the log, or named there as refused.
    expect(landed.map((e) => e._id).filter((seq) => !named.includes(seq))).toEqual([]);
    expect(after._id).toBe(all.at(-1)!._id);
    expect(await log.verify()).toMatchObject({ ok: true });
  });
});
