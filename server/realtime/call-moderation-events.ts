// What teachers do to a running call (agenda, muting, microphone, spotlight, video,
// audio only, lock, removal, end), and the few things a class may do itself.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { Refusal } from '../errors/refusal.js';
import { onClientEvent } from './client-event.js';
import type { CallHub } from './call-hub.js';

export function registerModerationEvents(socket: Socket, hub: CallHub, log: Logger): void {
  const {
    actorOfParticipant,
    applyAllHolds,
    applyHolds,
    broadcast,
    clearGrace,
    ctx,
    deviceOf,
    io,
    live,
    member,
    membership,
    record,
    roleOf,
    rooms,
    settle,
    teacher,
  } = hub;
  onClientEvent(socket, 'call:remove', log, async ({ participantId, toLobby }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    const device = deviceOf(lc, participantId);
    if (toLobby) {
      if (device.state !== 'in') throw new Refusal(409, 'not-in-call', 'only a class device in the call can be sent back to the lobby');
      await record(lc, actorOfParticipant(me), 'teacher', 'call.device-sent-to-lobby', { participantId, name: device.name, by: 'moderator' });
      lc.runtime.backToLobby(participantId);
      // Out of the media room at once: nothing more is seen or heard from it or by it.
      if (device.socketId) rooms.get(lc.runtime.call.id)?.removePeer(device.socketId);
      await settle(lc, actorOfParticipant(me), 'teacher');
      return {};
    }
    await record(lc, actorOfParticipant(me), 'teacher', 'call.device-removed', { participantId, name: device.name, codeRevoked: true });
    // Read-modify-write: FerretDB v1 has no positional `$` update.
    const doc = await ctx.models.Call.findById(lc.runtime.call.id);
    for (const d of doc?.devices ?? []) if (String(d.classId) === device.classId) d.revokedAt = new Date();
    await doc?.save();
    for (const c of lc.codes) if (c.classId === device.classId) c.revoked = true;
    lc.runtime.drop(participantId);
    clearGrace(participantId);
    if (device.socketId) {
      membership.delete(device.socketId);
      io.to(device.socketId).emit('call:removed', { reason: 'A teacher removed this device from the call.' });
      io.sockets.sockets.get(device.socketId)?.disconnect(true);
    }
    await settle(lc, actorOfParticipant(me), 'teacher');
    return {};
  });

  onClientEvent(socket, 'call:mute', log, async ({ participantId }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    const device = deviceOf(lc, participantId);
    await record(lc, actorOfParticipant(me), 'teacher', 'call.muted', { participantId, name: device.name, by: 'moderator' });
    // A soft mute: the class may unmute itself (unlike a hold).
    device.muted = true;
    await applyHolds(lc, device);
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:agenda', log, async ({ direction }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    if (lc.runtime.moveAgenda(direction, new Date())) {
      const step = lc.runtime.currentStep;
      await record(lc, actorOfParticipant(me), 'teacher', 'call.agenda-step', { step, title: lc.runtime.call.agenda[step]?.title ?? '', direction });
      await ctx.models.Call.updateOne({ _id: lc.runtime.call.id }, { currentStep: step, stepStartedAt: lc.runtime.stepStartedAt });
    }
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:mute-all', log, async () => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    await record(lc, actorOfParticipant(me), 'teacher', 'call.muted-all', { by: 'moderator' });
    for (const p of lc.runtime.participants.values()) if (p.kind === 'device') p.muted = true;
    await applyAllHolds(lc);
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:hard-mute', log, async ({ participantId, on }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    const device = deviceOf(lc, participantId);
    await record(lc, actorOfParticipant(me), 'teacher', 'call.hard-mute', { participantId, name: device.name, on, by: 'moderator' });
    device.hardMuted = on;
    device.muted = on || device.muted;
    await applyHolds(lc, device);
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:unmute-self', log, async () => {
    const { lc, me } = member(socket);
    if (me.hardMuted) {
      await record(lc, actorOfParticipant(me), roleOf(me), 'call.unmute-refused', { by: 'self' });
      throw new Refusal(403, 'hard-muted', 'A teacher has muted this device. Ask them to let you speak.');
    }
    me.muted = false;
    await applyHolds(lc, me);
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:end', log, async () => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    await record(lc, actorOfParticipant(me), 'teacher', 'call.ended', { by: 'moderator' });
    lc.runtime.end();
    await ctx.models.Call.updateOne({ _id: lc.runtime.call.id }, { status: 'ended', endedAt: new Date() });
    broadcast(lc);
    rooms.get(lc.runtime.call.id)?.close();
    for (const p of lc.runtime.participants.values()) {
      clearGrace(p.id);
      if (p.socketId) membership.delete(p.socketId);
    }
    live.delete(lc.runtime.call.id);
    return {};
  });

  onClientEvent(socket, 'call:lock', log, async ({ on }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    await record(lc, actorOfParticipant(me), 'teacher', 'call.locked', { on, by: 'moderator' });
    lc.runtime.locked = on;
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:raise-hand', log, async ({ on }) => {
    const { lc, me } = member(socket);
    if (me.state !== 'in') throw new Refusal(409, 'not-in-call', 'only someone in the call can raise a hand');
    await record(lc, actorOfParticipant(me), roleOf(me), 'call.hand-raised', { on, by: 'self' });
    me.handRaised = on;
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:spotlight', log, async ({ participantId }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    if (participantId !== null && lc.runtime.participants.get(participantId)?.state !== 'in')
      throw new Refusal(404, 'not-found', 'no such participant in the call');
    await record(lc, actorOfParticipant(me), 'teacher', 'call.spotlight', { participantId, by: 'moderator' });
    lc.runtime.spotlight = participantId;
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:pass-mic', log, async ({ participantId }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    const holder = participantId === null ? null : deviceOf(lc, participantId);
    if (holder?.hardMuted) throw new Refusal(409, 'hard-muted', 'let this class speak (release the hold) before passing it the microphone');
    await record(lc, actorOfParticipant(me), 'teacher', 'call.mic-passed', { participantId, by: 'moderator' });
    if (holder) {
      holder.muted = false;
      holder.handRaised = false;
    }
    lc.runtime.micHolder = participantId;
    await applyAllHolds(lc);
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:stop-video', log, async ({ participantId, on }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    const device = deviceOf(lc, participantId);
    await record(lc, actorOfParticipant(me), 'teacher', 'call.video-stopped', { participantId, name: device.name, on, by: 'moderator' });
    device.videoStopped = on;
    await applyHolds(lc, device);
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:audio-only', log, async ({ on }) => {
    const { lc, me } = await teacher(socket, 'call:moderate');
    await record(lc, actorOfParticipant(me), 'teacher', 'call.audio-only', { on, scope: 'call', by: 'moderator' });
    lc.runtime.audioOnly = on;
    await applyAllHolds(lc);
    broadcast(lc);
    return {};
  });

  onClientEvent(socket, 'call:audio-only-self', log, async ({ on }) => {
    const { lc, me } = member(socket);
    await record(lc, actorOfParticipant(me), roleOf(me), 'call.audio-only', { on, scope: 'self', by: 'self' });
    me.audioOnly = on;
    await applyHolds(lc, me);
    broadcast(lc);
    return {};
  });
}
