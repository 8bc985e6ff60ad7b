// CallJoining over fakes: who may join, the join-code limit taken before the look-up (and
// refusals beyond it not logged one by one), the lobby, and a dropped device's grace period.
import { describe, expect, it, vi } from 'vitest';
import { JOIN_LOOKUPS_PER_MINUTE } from '../../server/calls/join-guard.js';
import { TAKEOVER_REJOIN_MS } from '../../server/calls/live-calls.js';
import { FakeWorld, liveCall, PROGRAMME, SCHOOL_A, SCHOOL_B, storedCall, teacherOf } from '../support/call-fakes.js';

const deviceJoin = (code: string, address = '192.0.2.9') => ({ code, displayName: 'Class 4A', address });

describe('CallJoining', () => {
  it('lets in a teacher of a linked school only, logged before they count', async () => {
    const world = new FakeWorld();
    const { joining } = world.services();
    world.calls.set('call-1', storedCall());
    await expect(joining.joinTeacher('x', undefined, 'call-1')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(joining.joinTeacher('x', teacherOf('school-elsewhere'), 'call-1')).rejects.toMatchObject({ code: 'forbidden' });
    const coordinator = {
      ...teacherOf(SCHOOL_A),
      principal: { userId: 'c', grants: [{ role: 'coordinator' as const, programmeId: PROGRAMME }], classIds: [] },
    };
    await expect(joining.joinTeacher('x', coordinator, 'call-1')).rejects.toMatchObject({ code: 'forbidden' });
    expect(world.events).toEqual([]);
    await joining.joinTeacher('t-a', teacherOf(SCHOOL_A), 'call-1');
    expect(world.effects[0]).toBe('log:call.teacher-joined');
    await expect(joining.joinTeacher('t-a', teacherOf(SCHOOL_A), 'call-1')).rejects.toMatchObject({ code: 'already-joined' });
  });

  it('logs that a call carries on here when the node that served it stopped (several nodes)', async () => {
    const world = new FakeWorld();
    const { joining } = world.services();
    world.calls.set('call-1', storedCall({ status: 'live' }));
    world.servedBefore.set('call-1', 'node-gone');
    await joining.joinTeacher('t-a', teacherOf(SCHOOL_A), 'call-1');
    expect(world.logged().slice(0, 2)).toEqual(['call.moved', 'call.teacher-joined']);
    expect(world.events[0]).toMatchObject({ actor: { kind: 'system' }, payload: { fromNodeId: 'node-gone', status: 'live' } });
    // Once here, the call is not moved again by the next one joining.
    await joining.joinTeacher('t-b', teacherOf(SCHOOL_B), 'call-1');
    expect(world.logged().filter((t) => t === 'call.moved')).toHaveLength(1);
  });

  it('lets a class device the previous node admitted straight back in when its call is taken over, and no other', async () => {
    const world = new FakeWorld();
    const nodeA = world.services();
    const { deviceA, deviceB } = await liveCall(world, nodeA);
    const tokenOf = (id: string) => nodeA.calls.live.get('call-1')!.runtime.participants.get(id)!.rejoinToken!;
    const [tokenA, tokenB] = [tokenOf(deviceA), tokenOf(deviceB)];
    // Class 4B is sent back to the lobby on node A: its token is no longer admitted anywhere.
    await nodeA.moderation.remove('t-b', deviceB, true);
    expect(world.calls.get('call-1')!.admitted.map((a) => a.participantId)).toEqual([deviceA]);
    expect(JSON.stringify(world.calls.get('call-1')!.admitted)).not.toContain(tokenA);

    // Node A stops; node B serves the call from the same database as everyone reconnects there.
    const nodeB = world.services();
    world.servedBefore.set('call-1', 'node-a');
    await nodeB.joining.joinTeacher('t-a2', teacherOf(SCHOOL_A), 'call-1');
    await nodeB.joining.joinTeacher('t-b2', teacherOf(SCHOOL_B), 'call-1');
    const backA = await nodeB.joining.joinDevice('d-a2', { code: 'ACDEFG', displayName: 'Class 4A', address: '192.0.2.1', rejoinToken: tokenA });
    expect(backA.participantId).toBe(deviceA);
    const runtime = nodeB.calls.live.get('call-1')!.runtime;
    expect(runtime.participants.get(deviceA)).toMatchObject({ state: 'in', socketId: 'd-a2' });
    expect(world.logged()).toContain('call.device-reconnected');
    // Its token opens the call once, for its own class only; the lobby's token opens nothing.
    const again = await nodeB.joining.joinDevice('d-b2', { code: 'HJKMNP', displayName: 'Class 4B', address: '192.0.2.2', rejoinToken: tokenB });
    expect(runtime.participants.get(again.participantId)!.state).toBe('lobby');
    const wrongClass = await nodeB.joining.joinDevice('d-x', { code: 'HJKMNP', displayName: 'Class 4B', address: '192.0.2.2', rejoinToken: tokenA });
    expect(runtime.participants.get(wrongClass.participantId)!.state).toBe('lobby');
  });

  it('after a takeover, lets a previously admitted class device back without admission only for a while', async () => {
    const world = new FakeWorld();
    const nodeA = world.services();
    const { deviceA } = await liveCall(world, nodeA);
    const token = nodeA.calls.live.get('call-1')!.runtime.participants.get(deviceA)!.rejoinToken!;
    const nodeB = world.services();
    world.servedBefore.set('call-1', 'node-a');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await nodeB.joining.joinTeacher('t-a2', teacherOf(SCHOOL_A), 'call-1');
      vi.setSystemTime(Date.now() + TAKEOVER_REJOIN_MS + 1);
      const late = await nodeB.joining.joinDevice('d-a2', { code: 'ACDEFG', displayName: 'Class 4A', address: '192.0.2.1', rejoinToken: token });
      expect(nodeB.calls.live.get('call-1')!.runtime.participants.get(late.participantId)!.state).toBe('lobby');
    } finally {
      vi.useRealTimers();
    }
  });

  it('at shutdown beside other nodes, keeps a dropped device admitted for the node taking over; alone, it leaves (logged)', async () => {
    for (const handOver of [true, false]) {
      const world = new FakeWorld();
      const s = world.services();
      const { deviceA } = await liveCall(world, s);
      s.joining.connectionLost('d-a');
      await s.joining.close({ handOver });
      await Promise.resolve();
      const left = world.events.some((e) => e.type === 'call.participant-left' && (e.payload as { participantId?: string }).participantId === deviceA);
      expect(left).toBe(!handOver);
      if (handOver) expect(world.calls.get('call-1')!.admitted.map((a) => a.participantId)).toContain(deviceA);
    }
  });

  it('puts a class device with a right code in the lobby, and logs a wrong or revoked code', async () => {
    const world = new FakeWorld();
    const s = world.services();
    world.calls.set(
      'call-1',
      storedCall({ devices: [{ classId: 'class-a', className: '4A', schoolId: SCHOOL_A, code: 'ACDEFG', revoked: true }, ...storedCall().devices.slice(1)] }),
    );
    await expect(s.joining.joinDevice('d1', deviceJoin('XXXXXX'))).rejects.toMatchObject({ code: 'bad-code' });
    await expect(s.joining.joinDevice('d1', deviceJoin('ACDEFG'))).rejects.toMatchObject({ code: 'bad-code' });
    expect(world.events.map((e) => [e.type, (e.payload as { codeRevoked?: boolean } | undefined)?.codeRevoked])).toEqual([
      ['call.join-attempt', false],
      ['call.join-attempt', true],
    ]);
    // Typed as a person would: lower case, with a space.
    const { participantId } = await s.joining.joinDevice('d2', deviceJoin('hjk mnp'));
    const device = s.calls.live.get('call-1')!.runtime.participants.get(participantId)!;
    expect(device).toMatchObject({ state: 'lobby', schoolId: SCHOOL_B, classId: 'class-b' });
    expect(world.logged().at(-1)).toBe('call.device-waiting');
  });

  it('takes a look-up before making it: a burst gets the limit, and refusals are not logged one by one', async () => {
    const world = new FakeWorld();
    const s = world.services();
    world.calls.set('call-1', storedCall());
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => s.joining.joinDevice('d', deviceJoin('XXXXXX', '198.51.100.3'))));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    expect(codes.filter((c) => c === 'bad-code')).toHaveLength(JOIN_LOOKUPS_PER_MINUTE);
    expect(codes.filter((c) => c === 'rate-limited')).toHaveLength(50 - JOIN_LOOKUPS_PER_MINUTE);
    expect(world.logged()).toEqual(Array(JOIN_LOOKUPS_PER_MINUTE).fill('call.join-attempt'));
    await s.joining.close(); // the flood is reported as one event with its count
    expect(world.events.at(-1)).toMatchObject({ type: 'call.join-rate-limited', payload: { refused: 50 - JOIN_LOOKUPS_PER_MINUTE } });
  });

  it('refuses a new class device while the call is locked, logged', async () => {
    const world = new FakeWorld();
    const s = world.services();
    await liveCall(world, s);
    s.calls.live.get('call-1')!.runtime.locked = true;
    await expect(s.joining.joinDevice('d-new', deviceJoin('ACDEFG'))).rejects.toMatchObject({ code: 'call-locked' });
    expect(world.events.at(-1)).toMatchObject({ type: 'call.join-attempt', payload: { locked: true } });
  });

  it('lets only a teacher of the device’s own school admit it; a denied device is told and let go', async () => {
    const world = new FakeWorld();
    const s = world.services();
    world.calls.set('call-1', storedCall());
    world.users.set('t-a', teacherOf(SCHOOL_A));
    world.users.set('t-b', teacherOf(SCHOOL_B));
    await s.joining.joinTeacher('t-a', world.users.get('t-a'), 'call-1');
    await s.joining.joinTeacher('t-b', world.users.get('t-b'), 'call-1');
    const { participantId } = await s.joining.joinDevice('d-a', deviceJoin('ACDEFG'));
    await expect(s.joining.decide('t-b', participantId, true)).rejects.toMatchObject({ code: 'forbidden' });
    expect(world.logged().at(-1)).toBe('call.forbidden');
    world.effects.length = 0;
    await s.joining.decide('t-a', participantId, false);
    expect(world.effects.slice(0, 2)).toEqual(['log:call.device-denied', 'removed:d-a']);
    expect(s.calls.membership.has('d-a')).toBe(false);
    await expect(s.joining.decide('t-a', participantId, true)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps a dropped class device’s place for the grace period, then logs it leaving', async () => {
    vi.useFakeTimers();
    try {
      const world = new FakeWorld();
      const s = world.services({ graceMs: 60_000 });
      const { deviceA } = await liveCall(world, s);
      const token = s.calls.live.get('call-1')!.runtime.participants.get(deviceA)!.rejoinToken!;
      s.joining.connectionLost('d-a');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(world.logged()).not.toContain('call.participant-left');
      // Back within the grace period, on a new connection, without being admitted again.
      const back = await s.joining.joinDevice('d-a2', { ...deviceJoin('ACDEFG'), rejoinToken: token });
      expect(back.participantId).toBe(deviceA);
      expect(world.logged()).toContain('call.device-reconnected');
      s.joining.connectionLost('d-a2');
      await vi.advanceTimersByTimeAsync(60_001);
      expect(world.logged()).toContain('call.participant-left');
      expect(s.calls.live.get('call-1')!.runtime.participants.has(deviceA)).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("goes live again when a school's only teacher reloads the page while the log is slow to record the leave", async () => {
    const world = new FakeWorld();
    const s = world.services();
    await liveCall(world, s);
    let release = () => undefined as void;
    world.logGate = new Promise<void>((r) => (release = r));
    // The old page's connection goes (its leave waits on the log) and the new page joins.
    s.joining.connectionLost('t-b');
    const rejoined = s.joining.joinTeacher('t-b2', world.users.get('t-b'), 'call-1');
    release();
    world.logGate = null;
    await rejoined;
    await s.calls.live.get('call-1')!.settling;
    await s.joining.close();
    const lc = s.calls.live.get('call-1')!;
    expect(lc.runtime.status).toBe('live');
    expect(world.effects.filter((e) => e.startsWith('media-flow:')).at(-1)).toBe('media-flow:true');
    expect(world.states.get('t-b2')?.status).toBe('live');
  });

  it('replaces a device’s old connection that was not yet noticed as dropped', async () => {
    const world = new FakeWorld();
    const s = world.services();
    const { deviceA } = await liveCall(world, s);
    const token = s.calls.live.get('call-1')!.runtime.participants.get(deviceA)!.rejoinToken!;
    await s.joining.joinDevice('d-a2', { ...deviceJoin('ACDEFG'), rejoinToken: token });
    expect(world.disconnected).toEqual(['d-a']);
    expect(s.calls.membership.has('d-a')).toBe(false);
    expect(s.calls.membership.get('d-a2')).toEqual({ callId: 'call-1', participantId: deviceA });
  });
});
