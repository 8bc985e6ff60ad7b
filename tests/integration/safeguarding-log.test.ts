import { runTool } from '../support/run-tool.js';
import { describe, expect, inject, it } from 'vitest';
import { connectMongoose } from '../../server/db/database.js';
import { LOG_HEAD_COLLECTION, LogUnavailableError, SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';
import { until } from '../support/until.js';
import { useTestDatabase } from '../support/test-database.js';

const db = useTestDatabase('safeguarding_log');
const actor = { kind: 'user' as const, id: 'u-teacher' };
const scope = { programmeId: 'p1', schoolIds: ['s1'] };

const logVerify = (dbName: string) => runTool('log-verify', dbName);

describe('SafeguardingLog (real database)', () => {
  it('appends chained events and verifies them', async () => {
    const log = new SafeguardingLog(db.connection());
    const first = await log.record({ actor, role: 'teacher', scope, type: 'link.created', payload: { linkId: 'l1' } });
    const second = await log.record({ actor, role: 'teacher', scope, type: 'link.confirmed', payload: { linkId: 'l1' } });
    expect(first._id + 1).toBe(second._id);
    expect(second.prevHash).toBe(first.hash);
    const stored = await log.collection.findOne({ _id: second._id });
    expect(stored).toMatchObject({ type: 'link.confirmed', payload: { linkId: 'l1' }, hash: second.hash });
    expect(await log.verify()).toMatchObject({ ok: true, headSeq: second._id, headHash: second.hash });
  });

  it('keeps one chain when two writers (two connections, as two processes) append at once', async () => {
    const other = await connectMongoose(inject('mongoUri'), db.connection().name);
    try {
      const a = new SafeguardingLog(db.connection());
      const b = new SafeguardingLog(other);
      const before = (await a.verify()).headSeq;
      const writes = [];
      for (let i = 0; i < 40; i++) {
        writes.push(a.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { writer: 'a', i } }));
        writes.push(b.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { writer: 'b', i } }));
      }
      const events = await Promise.all(writes);
      expect(new Set(events.map((e) => e._id)).size).toBe(80);
      const report = await a.verify();
      expect(report).toMatchObject({ ok: true, headSeq: before + 80 });
    } finally {
      await other.close();
    }
  });

  it('continues the chain after a restart from the head hint, and past a stale hint', async () => {
    const first = new SafeguardingLog(db.connection());
    await first.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { n: 1 } });
    const head = (await first.verify()).headSeq;
    await until('the head hint has caught up', async () => (await db.connection().collection(LOG_HEAD_COLLECTION).findOne({}))?.seq === head);
    // A new process reads where the chain ends from the hint, not by sorting the log.
    const restarted = new SafeguardingLog(db.connection());
    expect((await restarted.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { n: 2 } }))._id).toBe(head + 1);
    // A hint left behind (a crash before it moved) costs one lost race, not a fork.
    await db
      .connection()
      .collection(LOG_HEAD_COLLECTION)
      .updateOne({}, { $set: { seq: head - 1 } });
    const stale = new SafeguardingLog(db.connection());
    expect((await stale.record({ actor, role: 'teacher', scope, type: 'link.progress', payload: { n: 3 } }))._id).toBe(head + 2);
    expect(await stale.verify()).toMatchObject({ ok: true, headSeq: head + 2 });
  });

  it('logs a read of the log before returning it, and filters by scope and type', async () => {
    const log = new SafeguardingLog(db.connection());
    await log.record({ actor, role: 'teacher', scope: { programmeId: 'p9', schoolIds: ['s9'] }, type: 'link.ended', payload: {} });
    const reader = { actor: { kind: 'user' as const, id: 'u-dsl' }, role: 'school-dsl', scope: { programmeId: 'p9', schoolIds: ['s9'] } };
    const events = await log.read(reader, { scope: { schoolIds: ['s9'] }, types: ['link.ended'], limit: 10 });
    expect(events.map((e) => e.type)).toEqual(['link.ended']);
    const reads = await log.collection.find({ type: 'log.read', 'actor.id': 'u-dsl' }).toArray();
    expect(reads).toHaveLength(1);
    expect(reads[0]!.payload).toMatchObject({ query: { types: ['link.ended'] } });
  });

  it('fails with LogUnavailableError, not silently, when the database is gone', async () => {
    const gone = await connectMongoose(inject('mongoUri'), db.connection().name);
    await gone.close();
    const log = new SafeguardingLog(gone);
    await expect(log.record({ actor, role: 'teacher', scope, type: 'link.created' })).rejects.toBeInstanceOf(LogUnavailableError);
  });

  it('npm run log:verify exits 0 on an intact chain and 1 naming the first tampered event', async () => {
    const name = db.connection().name;
    const intact = logVerify(name);
    expect(intact.out).toMatch(/intact: \d+ events/);
    expect(intact.code).toBe(0);

    const log = new SafeguardingLog(db.connection());
    const victim = await log.collection.find({}).sort({ _id: 1 }).skip(2).limit(1).next();
    await log.collection.updateOne({ _id: victim!._id }, { $set: { 'payload.linkId': 'tampered' } });
    const broken = logVerify(name);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN at event #${victim!._id}`);
  });
});
