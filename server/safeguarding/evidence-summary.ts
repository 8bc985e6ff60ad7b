// What a record's reader needs before its events: who attended and for how long, the
// moderation actions taken, and the concerns raised. Pure, from the record's own events.
import { presenceLanes } from './presence-lanes.js';
import type { StoredLogEvent } from './hash-chain.js';

/** Events where an adult acted on the call or a class in it. */
export const MODERATION_EVENT_TYPES = new Set([
  'call.muted-all',
  'call.muted',
  'call.hard-mute',
  'call.device-removed',
  'call.device-sent-to-lobby',
  'call.device-denied',
  'call.video-stopped',
  'call.spotlight',
  'call.locked',
  'call.chat-deleted',
  'call.class-chat',
  'board.cleared',
  'board.locked',
  'board.element-deleted',
  'pii.held',
  'pii.released',
  'pii.removed',
  'exchange.rejected',
  'exchange.flagged',
  'exchange.deleted',
]);

export interface Attendance {
  label: string;
  kind: 'teacher' | 'device';
  /** Each stretch in the call; `to` null while still there when the record ends. */
  stretches: { from: Date; to: Date | null }[];
  minutes: number;
}

export interface EvidenceSummary {
  from: Date | null;
  to: Date | null;
  attended: Attendance[];
  moderation: StoredLogEvent[];
  concerns: StoredLogEvent[];
}

export function evidenceSummary(events: readonly StoredLogEvent[]): EvidenceSummary {
  const last = events.at(-1)?.at ?? null;
  const attended = presenceLanes(events).map((lane) => {
    const stretches = lane.intervals.map((i) => ({ from: new Date(i.from), to: i.to === null ? null : new Date(i.to) }));
    const ms = stretches.reduce((sum, s) => sum + ((s.to ?? last ?? s.from).getTime() - s.from.getTime()), 0);
    return { label: lane.label, kind: lane.kind, stretches, minutes: Math.round(ms / 60_000) };
  });
  return {
    from: events[0]?.at ?? null,
    to: last,
    attended,
    moderation: events.filter((e) => MODERATION_EVENT_TYPES.has(e.type)),
    concerns: events.filter((e) => e.type === 'concern.raised' || e.type === 'exchange.flagged'),
  };
}
