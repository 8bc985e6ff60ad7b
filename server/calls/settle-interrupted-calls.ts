// A server that stops without ending its calls (kill -9, a power cut) leaves them 'live' or
// 'paused' in the database, though nobody can be in them any more: their rooms lived in the
// stopped process. At the next start each such call is ended as interrupted, logged first.
import type { Model } from 'mongoose';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import type { CallDoc } from './call.model.js';

/** Statuses that only a running call can have. */
export const RUNNING_CALL_STATUSES = ['live', 'paused'] as const;
const RESTART_ACTOR = { kind: 'system' as const, id: 'restart', label: 'Server restart' };

export async function settleInterruptedCalls(Call: Model<CallDoc>, log: SafeguardingLog, now = new Date()): Promise<number> {
  const running = await Call.find({ status: { $in: [...RUNNING_CALL_STATUSES] } }, { programmeId: 1, linkId: 1, schoolIds: 1, status: 1 }).lean();
  for (const call of running) {
    await log.record({
      actor: RESTART_ACTOR,
      role: 'system',
      scope: { programmeId: String(call.programmeId), linkId: String(call.linkId), callId: String(call._id), schoolIds: call.schoolIds.map(String) },
      type: 'call.ended',
      payload: { by: 'server-restart', interrupted: true, lastStatus: call.status },
    });
    await Call.updateOne({ _id: call._id, status: call.status }, { status: 'ended', endedAt: now });
  }
  return running.length;
}
