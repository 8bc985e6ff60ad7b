// LiveCalls: loading, the two-adult rule settled in order (pause on the SFU first, live only
// once logged), and who may do what, over fakes of its interfaces.
import { describe, expect, it } from 'vitest';
import { FakeWorld, joinEveryone, liveCall, SCHOOL_A, SCHOOL_B, storedCall, teacherOf } from '../support/call-fakes.js';

describe('LiveCalls', () => {
  it('refuses a call that does not exist or has ended, and resumes a live one as paused after a restart', async () => {
    const world = new FakeWorld();
    const { calls } = world.services();
    await expect(calls.load('nope')).rejects.toMatchObject({ code: 'not-found', status: 404 });
    world.calls.set('ended', storedCall({ id: 'ended', status: 'ended' }));
    await expect(calls.load('ended')).rejects.toMatchObject({ code: 'call-ended', status: 410 });
    world.calls.set('call-1', storedCall({ status: 'live' }));
    const [a, b] = await Promise.all([calls.load('call-1'), calls.load('call-1')]);
    expect(a).toBe(b); // loaded once
    expect(a.runtime.status).toBe('paused');
  });

  it('goes live only after the change is logged and stored, and lets media flow last', async () => {
    const world = new FakeWorld();
    const s = world.services();
    await joinEveryone(world, s);
    const fromLive = world.effects.indexOf('log:call.status-changed');
    expect(world.effects.slice(fromLive)).toEqual(['log:call.status-changed', 'store-status:live', 'media-flow:true']);
    expect(world.effects.slice(0, fromLive)).not.toContain('media-flow:true');
    expect(s.calls.live.get('call-1')!.runtime.status).toBe('live');
  });

  it('pauses media before logging when a teacher leaves, and pauses even if the log is down', async () => {
    const world = new FakeWorld();
    const s = world.services();
    await liveCall(world, s);
    world.failNextLog = new Error('log unavailable');
    s.joining.connectionLost('t-b');
    await s.joining.close();
    expect(world.effects.slice(0, 2)).toEqual(['log-failed:call.participant-left', 'media-flow:false']);
    expect(world.effects).toContain('log:call.status-changed');
    expect(s.calls.live.get('call-1')!.runtime.status).toBe('paused');
  });

  it('keeps a call from going live when the change cannot be logged', async () => {
    const world = new FakeWorld();
    const s = world.services();
    world.calls.set('call-1', storedCall());
    world.users.set('t-a', teacherOf(SCHOOL_A));
    world.users.set('t-b', teacherOf(SCHOOL_B));
    await s.joining.joinTeacher('t-a', world.users.get('t-a'), 'call-1');
    await s.joining.joinTeacher('t-b', world.users.get('t-b'), 'call-1');
    const a = await s.joining.joinDevice('d-a', { code: 'ACDEFG', displayName: 'Class 4A', address: '192.0.2.1' });
    const b = await s.joining.joinDevice('d-b', { code: 'HJKMNP', displayName: 'Class 4B', address: '192.0.2.2' });
    await s.joining.decide('t-a', a.participantId, true);
    const record = world.log.record;
    world.log.record = (input) => (input.type === 'call.status-changed' ? Promise.reject(new Error('log down')) : record(input));
    await expect(s.joining.decide('t-b', b.participantId, true)).rejects.toThrow('log down');
    expect(s.calls.live.get('call-1')!.runtime.status).toBe('waiting-for-adults');
    expect(world.effects).not.toContain('store-status:live');
    expect(world.effects).not.toContain('media-flow:true');
    expect(world.states.get('t-a')?.status).toBe('waiting-for-adults');
  });

  it('refuses a teacher action to a class device, and to a teacher whose role was removed meanwhile; both logged', async () => {
    const world = new FakeWorld();
    const s = world.services();
    await liveCall(world, s);
    await expect(s.calls.teacher('d-a', 'call:moderate')).rejects.toMatchObject({ code: 'forbidden' });
    world.users.delete('t-a'); // logged out, or the role removed
    await expect(s.calls.teacher('t-a', 'call:moderate')).rejects.toMatchObject({ code: 'forbidden' });
    expect(world.logged()).toEqual(['call.forbidden', 'call.forbidden']);
    await expect(s.calls.teacher('t-b', 'call:moderate')).resolves.toMatchObject({ me: { kind: 'teacher' } });
    expect(() => s.calls.member('stranger')).toThrow(expect.objectContaining({ code: 'not-in-call' }));
  });

  it('answers the media layer: who may join, share a screen, and at what bitrate', async () => {
    const world = new FakeWorld();
    const s = world.services();
    await liveCall(world, s);
    expect(s.calls.mayJoinMedia('d-a', 'call-1')).toBe(true);
    expect(s.calls.mayJoinMedia('d-a', 'call-2')).toBe(false);
    expect(s.calls.mayShareScreen('t-a', 'call-1')).toBe(true);
    expect(s.calls.mayShareScreen('d-a', 'call-1')).toBe(false);
    expect(s.calls.transportLimitsFor('d-b', 'call-1')).toEqual({ maxBitrateBps: 500_000 });
    expect(s.calls.transportLimitsFor('d-a', 'call-1')).toEqual({});
  });
});
