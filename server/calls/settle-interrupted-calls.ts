// A call's room and live state live in the node serving it. A node that stops without ending
// its calls (kill -9, a power cut) leaves them 'live' or 'paused' in the database, though
// nobody can be in them any more. One process alone: at its next start each such call is
// ended as interrupted. Several nodes (REDIS_URL): another node takes a call over when its
// participants reconnect there; a call nobody took over within a grace is ended the same way.
import type { Model } from 'mongoose';
import type { NodeLiveness } from '../cluster/node-registry.js';
import type { SafeguardingLog } from '../safeguarding/safeguarding-log.js';
import type { CallDoc } from './call.model.js';

/** Statuses that only a running call can have. */
export const RUNNING_CALL_STATUSES = ['live', 'paused'] as const;
const RESTART_ACTOR = { kind: 'system' as const, id: 'restart', label: 'Server restart' };

export interface SettleOptions {
  now?: Date;
  /** How long a call whose node is gone waits to be taken over (0: ended at once). */
  graceMs?: number;
}

export async function settleInterruptedCalls(
  Call: Model<CallDoc>,
  log: SafeguardingLog,
  nodes: NodeLiveness,
  { now = new Date(), graceMs = 0 }: SettleOptions = {},
): Promise<number> {
  const running = await Call.find(
    { status: { $in: [...RUNNING_CALL_STATUSES] } },
    { programmeId: 1, linkId: 1, schoolIds: 1, status: 1, node: 1, orphanedAt: 1 },
  ).lean();
  const alive = await nodes.alive(running.flatMap((c) => (c.node ? [c.node] : [])));
  let ended = 0;
  for (const call of running) {
    if (call.node && alive.has(call.node)) continue;
    // Only while nobody took it over meanwhile (a node that claims it changes `node`).
    const unchanged = { _id: call._id, status: call.status, node: call.node ?? null };
    if (graceMs > 0 && !call.orphanedAt) {
      await Call.updateOne(unchanged, { orphanedAt: now });
      continue;
    }
    if (call.orphanedAt && now.getTime() - call.orphanedAt.getTime() < graceMs) continue;
    const done = await Call.updateOne(unchanged, { status: 'ended', endedAt: now });
    if (done.modifiedCount !== 1) continue;
    ended++;
    await log.record({
      actor: RESTART_ACTOR,
      role: 'system',
      scope: { programmeId: String(call.programmeId), linkId: String(call.linkId), callId: String(call._id), schoolIds: call.schoolIds.map(String) },
      type: 'call.ended',
      payload: { by: 'server-restart', interrupted: true, lastStatus: call.status },
    });
  }
  return ended;
}
