// Who was present when, from a call's log events: one lane per participant, with the
// intervals between coming in (joined, admitted, reconnected) and going out (left,
// removed, sent to the lobby, the call ended). Pure; the timeline draws the result.
import type { PresenceLane } from '../../shared/schemas/safeguarding.js';
import type { StoredLogEvent } from './hash-chain.js';

type Payload = { participantId?: string; name?: string };

/** The events that move someone in or out of a call. */
export const PRESENCE_EVENT_TYPES = [
  'call.teacher-joined',
  'call.device-admitted',
  'call.device-reconnected',
  'call.device-removed',
  'call.device-sent-to-lobby',
  'call.participant-left',
  'call.ended',
] as const;

interface Move {
  key: string;
  label: string;
  kind: PresenceLane['kind'];
  direction: 'in' | 'out';
}

function moveOf(e: StoredLogEvent): Move | 'end-all' | null {
  const p = (e.payload ?? {}) as Payload;
  const device = (direction: Move['direction']): Move | null =>
    p.participantId ? { key: `device:${p.participantId}`, label: p.name ?? 'Class device', kind: 'device', direction } : null;
  switch (e.type) {
    case 'call.teacher-joined':
      return { key: `user:${e.actor.id}`, label: e.actor.label ?? 'Teacher', kind: 'teacher', direction: 'in' };
    case 'call.device-admitted':
      return device('in');
    case 'call.device-reconnected':
      return { key: `device:${e.actor.id}`, label: e.actor.label ?? 'Class device', kind: 'device', direction: 'in' };
    case 'call.device-removed':
    case 'call.device-sent-to-lobby':
      return device('out');
    case 'call.participant-left':
      return e.actor.kind === 'user'
        ? { key: `user:${e.actor.id}`, label: e.actor.label ?? 'Teacher', kind: 'teacher', direction: 'out' }
        : { key: `device:${e.actor.id}`, label: e.actor.label ?? p.name ?? 'Class device', kind: 'device', direction: 'out' };
    case 'call.ended':
      return 'end-all';
    default:
      return null;
  }
}

/** Lanes in order of first appearance; an interval still open has `to: null`. */
export function presenceLanes(events: readonly StoredLogEvent[]): PresenceLane[] {
  const lanes = new Map<string, PresenceLane>();
  const closeAll = (at: string) => {
    for (const lane of lanes.values()) {
      const last = lane.intervals.at(-1);
      if (last && last.to === null) last.to = at;
    }
  };
  for (const e of events) {
    const move = moveOf(e);
    if (!move) continue;
    const at = e.at.toISOString();
    if (move === 'end-all') {
      closeAll(at);
      continue;
    }
    let lane = lanes.get(move.key);
    if (!lane) {
      lane = { key: move.key, label: move.label, kind: move.kind, intervals: [] };
      lanes.set(move.key, lane);
    }
    const last = lane.intervals.at(-1);
    if (move.direction === 'in' && (!last || last.to !== null)) lane.intervals.push({ from: at, to: null });
    if (move.direction === 'out' && last && last.to === null) last.to = at;
  }
  return [...lanes.values()];
}
