// log:verify and the checkpoints, on the real database: each tampering makes it exit 1
// naming the event; an export's verification starts at the latest checkpoint.
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectMongoose } from '../../server/db/database.js';
import { LOG_CHECKPOINT_COLLECTION, LOG_HEAD_COLLECTION, SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';
import { until } from '../support/until.js';
import { runTool } from '../support/run-tool.js';

const actor = { kind: 'user' as const, id: 'u-teacher' };
const scope = { programmeId: 'p1', schoolIds: ['s1'], callId: 'c1' };

const logVerify = (dbName: string) => runTool('log-verify', dbName);

describe('verifying the log', () => {
  let connection: Connection | undefined;
  afterEach(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });
  /** A fresh database with a log of `n` chat messages, its head hint caught up. */
  const logOf = async (n: number) => {
    connection = await connectMongoose(inject('mongoUri'), `t_verify_${randomBytes(4).toString('hex')}`);
    const log = new SafeguardingLog(connection);
    for (let i = 0; i < n; i++) await log.record({ actor, role: 'teacher', scope, type: 'call.chat-message', payload: { text: `message ${i}` } });
    const hints = connection.collection(LOG_HEAD_COLLECTION);
    await until('the head hint has caught up', async () => (await hints.findOne({}))?.seq === n);
    return { log, name: connection.name };
  };

  it('names a payload removed with a forged redaction marker (no retention run removed it)', async () => {
    const { log, name } = await logOf(6);
    expect(logVerify(name).code).toBe(0);
    // The marker looks like retention's and names a later event, which is not a retention run.
    await log.collection.updateOne({ _id: 3 }, { $unset: { payload: '' }, $set: { redacted: { at: new Date(), reason: 'retention: call-logs', bySeq: 5 } } });
    const broken = logVerify(name);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN at event #3');
    expect(broken.out).toContain('unexplained-redaction');
  });

  it('names the first missing event when the newest events were deleted', async () => {
    const { log, name } = await logOf(8);
    await log.collection.deleteMany({ _id: { $gt: 5 } });
    const broken = logVerify(name);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('BROKEN at event #6');
    expect(broken.out).toContain('log-truncated');
  });

  it('leaves a checkpoint; a verification from it checks only the newer events, and fails if its event was changed', async () => {
    const { log } = await logOf(5);
    expect(await log.verify()).toMatchObject({ ok: true, fromSeq: 0, checked: 5, headSeq: 5 });
    expect(await connection!.collection(LOG_CHECKPOINT_COLLECTION).findOne({ _id: 5 as never })).toMatchObject({ hash: expect.any(String) });
    for (let i = 0; i < 3; i++) await log.record({ actor, role: 'teacher', scope, type: 'call.chat-message', payload: { later: i } });
    expect(await log.verify({ from: 'checkpoint' })).toMatchObject({ ok: true, fromSeq: 5, checked: 3, headSeq: 8 });

    // The chain rewritten from event 2 onwards would verify from the genesis; the checkpoint's hash catches it.
    await log.collection.updateOne({ _id: 8 }, { $set: { hash: 'f'.repeat(64) } });
    expect((await log.verify({ from: 'checkpoint' })).firstBreak).toEqual({ seq: 8, reason: 'checkpoint-mismatch' });
  });
});
