// What teachers do to a running call (agenda, muting, microphone, spotlight, video, audio
// only, lock, removal, end), and the few things a class may do itself. Each decision is
// logged first, then applied, then everyone is told.
import { Refusal } from '../errors/refusal.js';
import { actorOfParticipant, roleOf, type LiveCalls } from './live-calls.js';

export class CallModeration {
  constructor(private readonly calls: LiveCalls) {}

  /** Out of the call with its code revoked, or (`toLobby`) back to the lobby to be let in again. */
  async remove(connectionId: string, participantId: string, toLobby: boolean): Promise<void> {
    const { calls } = this;
    const { lc, me } = await calls.teacher(connectionId, 'call:moderate');
    const device = calls.deviceOf(lc, participantId);
    const callId = lc.runtime.call.id;
    if (toLobby) {
      if (device.state !== 'in') throw new Refusal(409, 'not-in-call', 'only a class device in the call can be sent back to the lobby');
      await calls.record(lc, actorOfParticipant(me), 'teacher', 'call.device-sent-to-lobby', { participantId, name: device.name, by: 'moderator' });
      lc.runtime.backToLobby(participantId);
      // Out of the media room at once: nothing more is seen or heard from it or by it.
      if (device.socketId) calls.deps.media.removePeer(callId, device.socketId);
      await calls.settle(lc, actorOfParticipant(me), 'teacher');
      return;
    }
    await calls.record(lc, actorOfParticipant(me), 'teacher', 'call.device-removed', { participantId, name: device.name, codeRevoked: true });
    if (device.classId) {
      await calls.deps.store.revokeDevice(callId, device.classId, new Date());
      for (const c of lc.codes) if (c.classId === device.classId) c.revoked = true;
    }
    lc.runtime.drop(participantId);
    calls.clearGrace(participantId);
    if (device.socketId) {
      calls.membership.delete(device.socketId);
      calls.deps.outbox.removed(device.socketId, 'A teacher removed this device from the call.');
      calls.deps.outbox.disconnect(device.socketId);
    }
    await calls.settle(lc, actorOfParticipant(me), 'teacher');
  }

  /** A soft mute: the class may unmute itself (unlike a hold). */
  async mute(connectionId: string, participantId: string): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    const device = this.calls.deviceOf(lc, participantId);
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.muted', { participantId, name: device.name, by: 'moderator' });
    device.muted = true;
    await this.applyAndTell(lc, device);
  }

  async muteAll(connectionId: string): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.muted-all', { by: 'moderator' });
    for (const p of lc.runtime.participants.values()) if (p.kind === 'device') p.muted = true;
    await this.applyAndTell(lc);
  }

  /** A hold: the class cannot unmute itself until a teacher releases it. */
  async hardMute(connectionId: string, participantId: string, on: boolean): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    const device = this.calls.deviceOf(lc, participantId);
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.hard-mute', { participantId, name: device.name, on, by: 'moderator' });
    device.hardMuted = on;
    device.muted = on || device.muted;
    await this.applyAndTell(lc, device);
  }

  /** A class mutes itself (a noisy moment in the room); it may unmute again. */
  async muteSelf(connectionId: string): Promise<void> {
    const { lc, me } = this.calls.member(connectionId);
    if (me.muted) return;
    await this.calls.record(lc, actorOfParticipant(me), roleOf(me), 'call.muted', { participantId: me.id, name: me.name, by: 'self' });
    me.muted = true;
    await this.applyAndTell(lc, me);
  }

  async unmuteSelf(connectionId: string): Promise<void> {
    const { lc, me } = this.calls.member(connectionId);
    if (me.hardMuted) {
      await this.calls.record(lc, actorOfParticipant(me), roleOf(me), 'call.unmute-refused', { by: 'self' });
      throw new Refusal(403, 'hard-muted', 'A teacher has muted this device. Ask them to let you speak.');
    }
    me.muted = false;
    await this.applyAndTell(lc, me);
  }

  async moveAgenda(connectionId: string, direction: 'next' | 'back'): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    if (lc.runtime.moveAgenda(direction, new Date())) {
      const step = lc.runtime.currentStep;
      await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.agenda-step', { step, title: lc.runtime.call.agenda[step]?.title ?? '', direction });
      await this.calls.deps.store.saveStep(lc.runtime.call.id, step, lc.runtime.stepStartedAt);
    }
    this.calls.broadcast(lc);
  }

  async end(connectionId: string): Promise<void> {
    const { calls } = this;
    const { lc, me } = await calls.teacher(connectionId, 'call:moderate');
    const callId = lc.runtime.call.id;
    await calls.record(lc, actorOfParticipant(me), 'teacher', 'call.ended', { by: 'moderator' });
    lc.runtime.end();
    await calls.deps.store.end(callId, new Date());
    calls.broadcast(lc);
    calls.deps.media.closeRoom(callId);
    for (const p of lc.runtime.participants.values()) {
      calls.clearGrace(p.id);
      if (p.socketId) calls.membership.delete(p.socketId);
    }
    calls.live.delete(callId);
  }

  /** A locked call lets no new class device into its lobby. */
  async lock(connectionId: string, on: boolean): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.locked', { on, by: 'moderator' });
    lc.runtime.locked = on;
    this.calls.broadcast(lc);
  }

  /** Puts the board on both classes' screens beside the partner's video (presenter mode), or takes it off. */
  async presentBoard(connectionId: string, on: boolean): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.board-presented', { on, by: 'moderator' });
    lc.runtime.presentingBoard = on;
    // One thing is presented at a time.
    if (on) lc.runtime.presentingWork = null;
    this.calls.broadcast(lc);
  }

  /** Puts a piece of work from the link's wall on both classes' screens, or (null) takes it off. */
  async presentWork(connectionId: string, itemId: string | null): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    const work = itemId === null ? null : await this.calls.deps.store.presentableWork(lc.linkId, itemId);
    if (itemId !== null && !work) {
      throw new Refusal(404, 'not-found', 'That piece of work is not on this link’s wall for both classes (both teachers must have let it through).');
    }
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.work-presented', {
      on: work !== null,
      ...(work ? { itemId: work.itemId, title: work.title } : {}),
      by: 'moderator',
    });
    lc.runtime.presentingWork = work;
    if (work) lc.runtime.presentingBoard = false;
    this.calls.broadcast(lc);
  }

  async raiseHand(connectionId: string, on: boolean): Promise<void> {
    const { lc, me } = this.calls.member(connectionId);
    if (me.state !== 'in') throw new Refusal(409, 'not-in-call', 'only someone in the call can raise a hand');
    await this.calls.record(lc, actorOfParticipant(me), roleOf(me), 'call.hand-raised', { on, by: 'self' });
    me.handRaised = on;
    this.calls.broadcast(lc);
  }

  async spotlight(connectionId: string, participantId: string | null): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    if (participantId !== null && lc.runtime.participants.get(participantId)?.state !== 'in') {
      throw new Refusal(404, 'not-found', 'no such participant in the call');
    }
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.spotlight', { participantId, by: 'moderator' });
    lc.runtime.spotlight = participantId;
    this.calls.broadcast(lc);
  }

  /** One class speaks, the others are held muted; null takes the microphone back. */
  async passMic(connectionId: string, participantId: string | null): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    const holder = participantId === null ? null : this.calls.deviceOf(lc, participantId);
    if (holder?.hardMuted) throw new Refusal(409, 'hard-muted', 'let this class speak (release the hold) before passing it the microphone');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.mic-passed', { participantId, by: 'moderator' });
    if (holder) {
      holder.muted = false;
      holder.handRaised = false;
    }
    lc.runtime.micHolder = participantId;
    await this.applyAndTell(lc);
  }

  async stopVideo(connectionId: string, participantId: string, on: boolean): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    const device = this.calls.deviceOf(lc, participantId);
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.video-stopped', { participantId, name: device.name, on, by: 'moderator' });
    device.videoStopped = on;
    await this.applyAndTell(lc, device);
  }

  async audioOnly(connectionId: string, on: boolean): Promise<void> {
    const { lc, me } = await this.calls.teacher(connectionId, 'call:moderate');
    await this.calls.record(lc, actorOfParticipant(me), 'teacher', 'call.audio-only', { on, scope: 'call', by: 'moderator' });
    lc.runtime.audioOnly = on;
    await this.applyAndTell(lc);
  }

  async audioOnlySelf(connectionId: string, on: boolean): Promise<void> {
    const { lc, me } = this.calls.member(connectionId);
    await this.calls.record(lc, actorOfParticipant(me), roleOf(me), 'call.audio-only', { on, scope: 'self', by: 'self' });
    me.audioOnly = on;
    await this.applyAndTell(lc, me);
  }

  /** The holds enforced on the SFU (one participant's, or everyone's), then everyone told. */
  private async applyAndTell(lc: Parameters<LiveCalls['broadcast']>[0], p?: Parameters<LiveCalls['applyHolds']>[1]): Promise<void> {
    if (p) await this.calls.applyHolds(lc, p);
    else await this.calls.applyAllHolds(lc);
    this.calls.broadcast(lc);
  }
}
