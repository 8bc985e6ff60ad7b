import { describe, expect, it } from 'vitest';
import { presenceLanes } from '../../server/safeguarding/presence-lanes.js';
import { chainOf } from '../support/log-events.js';

const teacher = { kind: 'user' as const, id: 'u1', label: 'Ms Amara' };
const device = { kind: 'device' as const, id: 'd1', label: 'Class 4B' };
const at = (s: number) => new Date(Date.UTC(2026, 2, 3, 9, 0, s)).toISOString();

describe('presence lanes', () => {
  it('draws one lane per participant from joins, admissions, departures and the end of the call', () => {
    const lanes = presenceLanes(
      chainOf([
        { type: 'call.teacher-joined', actor: teacher, t: 0 },
        { type: 'call.device-waiting', actor: device, t: 5 },
        { type: 'call.device-admitted', actor: teacher, payload: { participantId: 'd1', name: 'Class 4B' }, t: 10 },
        { type: 'call.chat-message', actor: device, payload: { text: 'hi' }, t: 20 },
        { type: 'call.participant-left', actor: device, payload: { participantId: 'd1', name: 'Class 4B' }, t: 30 },
        { type: 'call.device-reconnected', actor: device, t: 40 },
        { type: 'call.device-sent-to-lobby', actor: teacher, payload: { participantId: 'd1', name: 'Class 4B' }, t: 50 },
        { type: 'call.device-admitted', actor: teacher, payload: { participantId: 'd1', name: 'Class 4B' }, t: 55 },
        { type: 'call.ended', actor: teacher, t: 60 },
      ]),
    );
    expect(lanes).toEqual([
      { key: 'user:u1', label: 'Ms Amara', kind: 'teacher', intervals: [{ from: at(0), to: at(60) }] },
      {
        key: 'device:d1',
        label: 'Class 4B',
        kind: 'device',
        intervals: [
          { from: at(10), to: at(30) },
          { from: at(40), to: at(50) },
          { from: at(55), to: at(60) },
        ],
      },
    ]);
  });

  it('leaves an interval open while the participant is still there, and ignores a second "in"', () => {
    const lanes = presenceLanes(
      chainOf([
        { type: 'call.teacher-joined', actor: teacher, t: 0 },
        { type: 'call.teacher-joined', actor: teacher, t: 5 },
      ]),
    );
    expect(lanes[0]!.intervals).toEqual([{ from: at(0), to: null }]);
  });
});
