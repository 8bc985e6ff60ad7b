// CallModeration over fakes: each decision logged before it is applied on the SFU and
// shown, class devices refused teachers' actions, and the removal and end of a call.
import { describe, expect, it } from 'vitest';
import { FakeWorld, liveCall } from '../support/call-fakes.js';

async function started() {
  const world = new FakeWorld();
  const s = world.services();
  const ids = await liveCall(world, s);
  return { world, s, ...ids, lc: s.calls.live.get('call-1')! };
}

describe('CallModeration', () => {
  it('mutes a class: logged first, then held on the SFU, then shown; the class may unmute itself', async () => {
    const { world, s, deviceA } = await started();
    await s.moderation.mute('t-a', deviceA);
    expect(world.effects).toEqual(['log:call.muted', 'held:d-a:audio:true', 'held:d-a:video:false', 'audio-only:d-a:false']);
    expect(world.states.get('d-b')!.participants.find((p) => p.id === deviceA)!.muted).toBe(true);
    await s.moderation.unmuteSelf('d-a');
    expect(world.states.get('t-a')!.participants.find((p) => p.id === deviceA)!.muted).toBe(false);
  });

  it('holds a class muted until a teacher releases it; its own unmute is refused and logged', async () => {
    const { world, s, deviceA } = await started();
    await s.moderation.hardMute('t-b', deviceA, true);
    await expect(s.moderation.unmuteSelf('d-a')).rejects.toMatchObject({ code: 'hard-muted' });
    expect(world.logged()).toEqual(['call.hard-mute', 'call.unmute-refused']);
    // Passing the microphone to a held class is refused before anything is logged.
    await expect(s.moderation.passMic('t-a', deviceA)).rejects.toMatchObject({ code: 'hard-muted' });
    expect(world.logged()).toHaveLength(2);
    await s.moderation.hardMute('t-b', deviceA, false);
    await s.moderation.passMic('t-a', deviceA);
    expect(s.calls.live.get('call-1')!.runtime.micHolder).toBe(deviceA);
  });

  it("puts a published piece of the link's wall on both screens in place of the board, and takes it off", async () => {
    const { world, s, lc } = await started();
    world.publishedWork.set('work-1', { itemId: 'work-1', title: 'Our river drawing', kind: 'image' });
    await s.moderation.presentBoard('t-a', true);
    await s.moderation.presentWork('t-b', 'work-1');
    // Logged before it is shown; one thing presented at a time.
    expect(world.logged()).toEqual(['call.board-presented', 'call.work-presented']);
    expect(world.states.get('d-a')).toMatchObject({ presentingWork: { itemId: 'work-1', title: 'Our river drawing', kind: 'image' }, presentingBoard: false });
    await s.moderation.presentWork('t-a', null);
    expect(lc.runtime.presentingWork).toBeNull();
    expect(world.states.get('d-b')!.presentingWork).toBeNull();
  });

  it('refuses to present work that is not on the wall for both classes, and changes nothing', async () => {
    const { world, s, lc } = await started();
    await expect(s.moderation.presentWork('t-a', 'not-let-through')).rejects.toMatchObject({ code: 'not-found' });
    expect(world.logged()).toEqual([]);
    expect(lc.runtime.presentingWork).toBeNull();
    // A class cannot present anything.
    world.publishedWork.set('work-1', { itemId: 'work-1', title: 'Our river drawing', kind: 'image' });
    await expect(s.moderation.presentWork('d-a', 'work-1')).rejects.toMatchObject({ code: 'forbidden' });
    expect(lc.runtime.presentingWork).toBeNull();
  });

  it('refuses every teacher action to a class device, logged, and changes nothing', async () => {
    const { world, s, deviceB, lc } = await started();
    for (const attempt of [
      () => s.moderation.mute('d-a', deviceB),
      () => s.moderation.muteAll('d-a'),
      () => s.moderation.lock('d-a', true),
      () => s.moderation.end('d-a'),
      () => s.moderation.moveAgenda('d-a', 'next'),
      () => s.moderation.remove('d-a', deviceB, false),
      () => s.moderation.audioOnly('d-a', true),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(new Set(world.logged())).toEqual(new Set(['call.forbidden']));
    expect(world.effects.filter((e) => !e.startsWith('log:'))).toEqual([]);
    expect(lc.runtime.locked).toBe(false);
    expect(lc.runtime.status).toBe('live');
  });

  it('removes a class: logged, its code revoked and stored, told, disconnected; the call pauses for it', async () => {
    const { world, s, deviceB, lc } = await started();
    await s.moderation.remove('t-b', deviceB, false);
    expect(world.effects.slice(0, 4)).toEqual(['log:call.device-removed', 'store-revoke:class-b', 'removed:d-b', 'disconnect:d-b']);
    expect(lc.codes.find((c) => c.classId === 'class-b')!.revoked).toBe(true);
    expect(lc.runtime.status).toBe('paused');
  });

  it('sends a class back to the lobby: out of the media room at once', async () => {
    const { world, s, deviceB, lc } = await started();
    await s.moderation.remove('t-a', deviceB, true);
    expect(world.effects.slice(0, 2)).toEqual(['log:call.device-sent-to-lobby', 'remove-peer:d-b']);
    expect(lc.runtime.participants.get(deviceB)!.state).toBe('lobby');
  });

  it('moves the agenda (logged, then stored) and ends the call for everyone', async () => {
    const { world, s } = await started();
    await s.moderation.moveAgenda('t-a', 'next');
    expect(world.effects).toEqual(['log:call.agenda-step', 'store-step:1']);
    await s.moderation.moveAgenda('t-a', 'next'); // already at the last step: nothing to log
    expect(world.logged()).toEqual(['call.agenda-step']);
    await s.moderation.end('t-b');
    expect(world.effects.slice(2)).toEqual(['log:call.ended', 'store-end:call-1', 'close-room:call-1']);
    expect(world.states.get('d-a')!.status).toBe('ended');
    expect(s.calls.live.has('call-1')).toBe(false);
    expect(() => s.calls.member('t-a')).toThrow(expect.objectContaining({ code: 'not-in-call' }));
  });

  it('lets a class raise its hand and choose audio only for itself', async () => {
    const { s, deviceA, world } = await started();
    await s.moderation.raiseHand('d-a', true);
    await s.moderation.audioOnlySelf('d-a', true);
    const view = world.states.get('t-a')!.participants.find((p) => p.id === deviceA)!;
    expect(view).toMatchObject({ handRaised: true, audioOnly: true });
    expect(world.effects).toContain('audio-only:d-a:true');
  });
});
