// Join codes of class devices: reserved when a call is created, looked up by `_id` when a
// device joins (join-code.model.ts says why a collection of their own).
import type { Models } from '../db/models.js';
import { RUNNING_CALL_STATUSES } from './settle-interrupted-calls.js';

/** Whether a code is free: no call, ended or not, ever had it. */
export async function joinCodeIsFree(models: Models, code: string): Promise<boolean> {
  return !(await models.JoinCode.exists({ _id: code }));
}

export async function reserveJoinCodes(models: Models, callId: unknown, codes: string[]): Promise<void> {
  await models.JoinCode.insertMany(codes.map((code) => ({ _id: code, callId })));
}

/** The call a code opens, unless that call has ended. */
export async function callOfJoinCode(models: Models, code: string) {
  const entry = await models.JoinCode.findById(code, { callId: 1 }).lean();
  return entry ? models.Call.findOne({ _id: entry.callId, status: { $ne: 'ended' } }) : null;
}

/** The migration to the collection: codes of calls created before it (server/migrations.ts). */
export async function backfillJoinCodes(models: Models): Promise<number> {
  const calls = await models.Call.find({ status: { $in: ['waiting-for-adults', ...RUNNING_CALL_STATUSES] } }, { devices: 1 }).lean();
  let added = 0;
  for (const call of calls) {
    for (const d of call.devices) {
      const r = await models.JoinCode.updateOne({ _id: d.code }, { $setOnInsert: { callId: call._id } }, { upsert: true });
      added += r.upsertedCount;
    }
  }
  return added;
}
