// Calls left running by a node that stopped: one process alone ends them at its next start;
// beside other nodes, a call whose node still runs is left alone, one whose node is gone
// waits a grace to be taken over, and one taken over meanwhile is never ended.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeLiveness } from '../../server/cluster/node-registry.js';
import { MongoCallStore } from '../../server/calls/mongo-call-store.js';
import { settleInterruptedCalls } from '../../server/calls/settle-interrupted-calls.js';
import { modelsFor, type Models } from '../../server/db/models.js';
import { LOG_COLLECTION, SafeguardingLog } from '../../server/safeguarding/safeguarding-log.js';
import { useTestDatabase } from '../support/test-database.js';

const GRACE_MS = 30_000;

/** Nodes as a test says they are: the ids in `running` are alive. */
const nodesWith = (id: string, ...running: string[]): NodeLiveness => ({
  id,
  alive: (ids) => Promise.resolve(new Set(ids.filter((i) => i === id || running.includes(i)))),
});

describe('settling calls whose node stopped', () => {
  const db = useTestDatabase('settle_calls');
  let models: Models;
  let log: SafeguardingLog;
  beforeAll(async () => {
    models = await modelsFor(db.connection());
    log = new SafeguardingLog(db.connection());
  });

  const runningCall = async (node: string | null, status: 'live' | 'paused' = 'live') => {
    const call = await models.Call.create({
      programmeId: new Types.ObjectId(),
      linkId: new Types.ObjectId(),
      schoolIds: [new Types.ObjectId(), new Types.ObjectId()],
      title: 'Meet your partner class',
      status,
      createdBy: new Types.ObjectId(),
      ...(node ? { node } : {}),
    });
    return String(call._id);
  };
  const statusOf = async (id: string) => (await models.Call.findById(id).lean())!.status;
  const endedLogged = (id: string) => db.connection().collection(LOG_COLLECTION).countDocuments({ 'scope.callId': id, type: 'call.ended' });

  it('alone, ends every call the previous process left running, and logs each', async () => {
    const [old, unknown] = [await runningCall('old-process'), await runningCall(null, 'paused')];
    await settleInterruptedCalls(models.Call, log, nodesWith('this-process'));
    expect([await statusOf(old), await statusOf(unknown)]).toEqual(['ended', 'ended']);
    expect(await endedLogged(old)).toBe(1);
  });

  it('beside other nodes, leaves the calls of a node that runs', async () => {
    const id = await runningCall('node-a');
    await settleInterruptedCalls(models.Call, log, nodesWith('node-b', 'node-a'), { graceMs: GRACE_MS });
    expect(await statusOf(id)).toBe('live');
    expect((await models.Call.findById(id).lean())!.orphanedAt).toBeUndefined();
  });

  it('gives the call of a node gone a grace to be taken over, then ends it as interrupted', async () => {
    const id = await runningCall('node-gone');
    const t0 = new Date();
    await settleInterruptedCalls(models.Call, log, nodesWith('node-b'), { graceMs: GRACE_MS, now: t0 });
    expect(await statusOf(id)).toBe('live');
    await settleInterruptedCalls(models.Call, log, nodesWith('node-b'), { graceMs: GRACE_MS, now: new Date(t0.getTime() + GRACE_MS / 2) });
    expect(await statusOf(id)).toBe('live');
    await settleInterruptedCalls(models.Call, log, nodesWith('node-b'), { graceMs: GRACE_MS, now: new Date(t0.getTime() + GRACE_MS) });
    expect(await statusOf(id)).toBe('ended');
    expect(await endedLogged(id)).toBe(1);
  });

  it('never ends a call another node took over during the grace, and that node learns where it came from', async () => {
    const id = await runningCall('node-gone');
    const t0 = new Date();
    await settleInterruptedCalls(models.Call, log, nodesWith('node-c'), { graceMs: GRACE_MS, now: t0 });
    // Its participants reconnect to node B, which claims it.
    expect(await new MongoCallStore(models, 'node-b').claim(id)).toEqual({ movedFrom: 'node-gone' });
    // Node C still thinks B is gone (say its sweep read before B's key was written): the call stays.
    await settleInterruptedCalls(models.Call, log, nodesWith('node-c'), { graceMs: GRACE_MS, now: new Date(t0.getTime() + GRACE_MS) });
    expect(await statusOf(id)).toBe('live');
    expect(await endedLogged(id)).toBe(0);
    // A node claiming a call it already serves moved nothing.
    expect(await new MongoCallStore(models, 'node-b').claim(id)).toEqual({ movedFrom: null });
  });
});
