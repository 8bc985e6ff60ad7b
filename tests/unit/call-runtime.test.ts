import { describe, expect, it } from 'vitest';
import { CallRuntime } from '../../server/calls/call-runtime.js';

const newCall = () =>
  new CallRuntime({
    id: 'c1',
    schoolIds: ['A', 'B'],
    agenda: [
      { title: 'Welcome', durationMin: 5 },
      { title: 'Goodbye', durationMin: 5 },
    ],
    currentStep: 0,
    stepStartedAt: null,
    status: 'waiting-for-adults',
  });

function liveCall() {
  const call = newCall();
  const tA = call.teacherJoined('uA', 'Ms A', 'A', 'sA').me;
  const tB = call.teacherJoined('uB', 'Mr B', 'B', 'sB').me;
  const dA = call.deviceWaiting({ classId: 'cA', schoolId: 'A', className: '4A' }, '4A', 'dA');
  const dB = call.deviceWaiting({ classId: 'cB', schoolId: 'B', className: '4B' }, '4B', 'dB');
  call.admit(dA.id);
  call.admit(dB.id);
  expect(call.recompute()).toEqual({ changed: true, from: 'waiting-for-adults', to: 'live' });
  return { call, tA, tB, dA, dB };
}

describe('CallRuntime', () => {
  it('keeps a class device out of the count until admitted', () => {
    const call = newCall();
    call.teacherJoined('uA', 'Ms A', 'A', 'sA');
    call.teacherJoined('uB', 'Mr B', 'B', 'sB');
    call.deviceWaiting({ classId: 'cA', schoolId: 'A', className: '4A' }, '4A', 'dA');
    call.deviceWaiting({ classId: 'cB', schoolId: 'B', className: '4B' }, '4B', 'dB');
    expect(call.recompute().to).toBe('waiting-for-adults');
  });

  it('gives a returning teacher their old place: never locked out', () => {
    const { call, tB } = liveCall();
    call.disconnected(tB.id);
    expect(call.recompute().to).toBe('paused');
    const back = call.teacherJoined('uB', 'Mr B', 'B', 'sB2');
    expect(back).toEqual({ me: tB, previousSocketId: null });
    expect(call.recompute().to).toBe('live');
  });

  it('moves a teacher who opens the call again (another tab) to the new connection, naming the old one', () => {
    const { call, tA } = liveCall();
    expect(call.teacherJoined('uA', 'Ms A', 'A', 'sA-tab2')).toEqual({ me: tA, previousSocketId: 'sA' });
    expect(tA.socketId).toBe('sA-tab2');
  });

  it('keeps a dropped class device’s place for the grace period and lets it back with its token only', () => {
    const { call, dA } = liveCall();
    const token = dA.rejoinToken!;
    call.disconnected(dA.id);
    expect(call.recompute().to).toBe('live');
    expect(call.findRejoin('not-the-token')).toBeUndefined();
    const back = call.findRejoin(token)!;
    expect(back.id).toBe(dA.id);
    expect(call.rejoin(back, 'dA2')).toEqual({ previousSocketId: null });
    expect([...call.participants.values()].find((p) => p.socketId === 'dA2')?.id).toBe(dA.id);
    // Back again before the server noticed the last drop: the new connection takes over.
    expect(call.rejoin(call.findRejoin(token)!, 'dA3')).toEqual({ previousSocketId: 'dA2' });
  });

  it('pauses when a device’s place is given up after the grace period', () => {
    const { call, dB } = liveCall();
    call.disconnected(dB.id);
    call.drop(dB.id);
    expect(call.recompute().to).toBe('paused');
  });

  it('forgets a device that leaves the lobby', () => {
    const call = newCall();
    const d = call.deviceWaiting({ classId: 'cA', schoolId: 'A', className: '4A' }, '4A', 'dA');
    call.disconnected(d.id);
    expect(call.participants.has(d.id)).toBe(false);
  });

  it('admits only devices waiting in the lobby', () => {
    const { call, tA, dA } = liveCall();
    expect(call.admit(tA.id)).toBeUndefined();
    expect(call.admit(dA.id)).toBeUndefined();
  });

  it('moves through the agenda and stops at its ends', () => {
    const call = newCall();
    expect(call.moveAgenda('back', new Date())).toBe(false);
    expect(call.moveAgenda('next', new Date())).toBe(true);
    expect(call.currentStep).toBe(1);
    expect(call.moveAgenda('next', new Date())).toBe(false);
  });
});
