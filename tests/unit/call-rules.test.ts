import { describe, expect, it } from 'vitest';
import { moveStep } from '../../server/calls/agenda.js';
import { decideStatus, mediaMayFlow, type CallStatus } from '../../server/calls/call-status.js';
import { isWellFormedJoinCode, JOIN_CODE_ALPHABET, newJoinCode, normaliseJoinCode } from '../../server/calls/join-code.js';

const facts = (teachers: string[], devices: string[], ended = false) => ({
  schoolIds: ['A', 'B'],
  teacherSchools: new Set(teachers),
  deviceSchools: new Set(devices),
  ended,
});

describe('the two-adult rule (decideStatus)', () => {
  it('waits until a teacher of each school and devices of both schools are in', () => {
    expect(decideStatus('waiting-for-adults', facts([], [])).status).toBe('waiting-for-adults');
    expect(decideStatus('waiting-for-adults', facts(['A'], ['A', 'B']))).toMatchObject({ status: 'waiting-for-adults', missingTeachers: ['B'] });
    expect(decideStatus('waiting-for-adults', facts(['A', 'B'], ['A']))).toMatchObject({ status: 'waiting-for-adults', missingDevices: true });
    expect(decideStatus('waiting-for-adults', facts(['A', 'B'], ['A', 'B'])).status).toBe('live');
  });

  it('never goes live for a lone adult with another school’s class device', () => {
    expect(decideStatus('waiting-for-adults', facts(['A'], ['B'])).status).toBe('waiting-for-adults');
    expect(decideStatus('waiting-for-adults', facts(['B'], ['B'])).status).toBe('waiting-for-adults');
  });

  it('pauses a live call when a school’s last teacher leaves, and resumes when one returns', () => {
    const paused = decideStatus('live', facts(['A'], ['A', 'B']));
    expect(paused).toMatchObject({ status: 'paused', missingTeachers: ['B'] });
    expect(decideStatus('paused', facts(['A'], ['A', 'B'])).status).toBe('paused');
    expect(decideStatus('paused', facts(['A', 'B'], ['A', 'B'])).status).toBe('live');
  });

  it('ends for good', () => {
    expect(decideStatus('live', facts(['A', 'B'], ['A', 'B'], true)).status).toBe('ended');
    expect(decideStatus('ended', facts(['A', 'B'], ['A', 'B'])).status).toBe('ended');
  });

  it('lets media flow only when live', () => {
    for (const s of ['waiting-for-adults', 'paused', 'ended'] as CallStatus[]) expect(mediaMayFlow(s)).toBe(false);
    expect(mediaMayFlow('live')).toBe(true);
  });
});

describe('join codes', () => {
  it('are six characters from an unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) expect(isWellFormedJoinCode(newJoinCode())).toBe(true);
    for (const lookalike of '0O1IL5S2Z8B') expect(JOIN_CODE_ALPHABET).not.toContain(lookalike);
  });

  it('forgive case, spaces and dashes as typed', () => {
    expect(normaliseJoinCode(' acd-efg ')).toBe('ACDEFG');
    expect(isWellFormedJoinCode('ACDEF0')).toBe(false);
    expect(isWellFormedJoinCode('ACDEF')).toBe(false);
  });
});

describe('agenda moves', () => {
  it('stays inside the agenda', () => {
    expect(moveStep(0, -1, 5)).toBe(0);
    expect(moveStep(0, 1, 5)).toBe(1);
    expect(moveStep(4, 1, 5)).toBe(4);
  });
});
