// Joining and leaving a call: teachers by session, class devices by code through the
// lobby (admitted by a teacher of their own school), rejoin within the grace period.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { newParticipantId } from '../calls/call-runtime.js';
import { isWellFormedJoinCode, normaliseJoinCode } from '../calls/join-code.js';
import { callOfJoinCode } from '../calls/join-codes.js';
import { clientAddress, freshAuth } from './call-hub.js';
import { Refusal } from '../errors/refusal.js';
import { onClientEvent } from './client-event.js';
import type { CallHub } from './call-hub.js';

export function registerJoinEvents(socket: Socket, hub: CallHub, log: Logger): void {
  const {
    sendChat,
    actorOfParticipant,
    applyHolds,
    broadcast,
    ctx,
    deviceOf,
    enter,
    graceMs,
    graceTimers,
    io,
    joinGuard,
    live,
    load,
    member,
    membership,
    pendingLeaves,
    record,
    roleOf,
    scopeOf,
    settle,
    teacher,
    trustProxy,
  } = hub;
  onClientEvent(socket, 'call:join-teacher', log, async ({ callId }) => {
    const auth = await freshAuth(ctx, socket);
    if (!auth) throw new Refusal(401, 'unauthenticated', 'log in first');
    if (membership.has(socket.id)) throw new Refusal(409, 'already-joined', 'this connection is already in a call');
    const lc = await load(callId);
    const grant = auth.principal.grants.find(
      (g) => g.role === 'teacher' && g.programmeId === lc.programmeId && g.schoolId && lc.runtime.call.schoolIds.includes(g.schoolId),
    );
    if (!grant?.schoolId) throw new Refusal(403, 'forbidden', 'only a teacher of one of the linked schools may join this call');
    await record(lc, { kind: 'user', id: auth.userId, label: auth.name }, 'teacher', 'call.teacher-joined', { schoolId: grant.schoolId });
    const me = lc.runtime.teacherJoined(auth.userId, auth.name, grant.schoolId, socket.id);
    enter(socket, lc, me);
    await applyHolds(lc, me);
    await settle(lc, actorOfParticipant(me), 'teacher');
    sendChat(lc, me);
    return { callId, participantId: me.id };
  });

  onClientEvent(socket, 'call:join-device', log, async ({ code: typed, displayName, rejoinToken }) => {
    if (membership.has(socket.id)) throw new Refusal(409, 'already-joined', 'this connection is already in a call');
    const address = clientAddress(socket, trustProxy);
    // The look-up is taken before it is made (join-guard.ts): a burst gets no more than the limit,
    // and refusals beyond it are counted into one log event per address and minute.
    if (!(await joinGuard.take(address))) {
      throw new Refusal(429, 'rate-limited', 'Too many wrong codes from this device. Wait a minute and try again.');
    }
    const code = normaliseJoinCode(typed);
    const call = isWellFormedJoinCode(code) ? await callOfJoinCode(ctx.models, code) : null;
    const device = call?.devices.find((d) => d.code === code && !d.revokedAt);
    if (!call || !device) {
      await ctx.log.record({
        actor: { kind: 'anonymous', id: address, label: displayName },
        role: 'class-device',
        scope: call ? { programmeId: String(call.programmeId), callId: call.id } : {},
        type: 'call.join-attempt',
        payload: { ok: false, codeRevoked: !!call },
      });
      throw new Refusal(404, 'bad-code', 'That code does not open a call. Check it with your teacher.');
    }
    // Only wrong codes count towards the limit, so a classroom that typed it right is never held up.
    await joinGuard.giveBack(address);
    const lc = await load(call.id);
    const classId = String(device.classId);
    const back = rejoinToken ? lc.runtime.findRejoin(rejoinToken) : undefined;
    if (back) {
      await record(lc, actorOfParticipant(back), 'class-device', 'call.device-reconnected', { classId });
      const { previousSocketId } = lc.runtime.rejoin(back, socket.id);
      if (previousSocketId && previousSocketId !== socket.id) {
        // The old connection had not been noticed as dropped yet: it is replaced.
        membership.delete(previousSocketId);
        io.sockets.sockets.get(previousSocketId)?.disconnect(true);
      }
      enter(socket, lc, back);
      await applyHolds(lc, back);
      await settle(lc, actorOfParticipant(back), 'class-device');
      sendChat(lc, back);
      return { callId: call.id, participantId: back.id };
    }
    if (lc.runtime.locked) {
      await ctx.log.record({
        actor: { kind: 'anonymous', id: address, label: displayName },
        role: 'class-device',
        scope: scopeOf(lc),
        type: 'call.join-attempt',
        payload: { ok: false, locked: true },
      });
      throw new Refusal(423, 'call-locked', 'The teachers have locked this call. Ask your teacher to unlock it.');
    }
    const participantId = newParticipantId();
    await record(lc, { kind: 'device', id: participantId, label: displayName }, 'class-device', 'call.device-waiting', {
      classId,
      className: device.className,
      address,
    });
    const me = lc.runtime.deviceWaiting(classId, String(device.schoolId), displayName, socket.id, participantId);
    enter(socket, lc, me);
    broadcast(lc);
    return { callId: call.id, participantId: me.id };
  });

  // Admitting or denying a class device: a teacher of the device's own school.
  for (const [event, admit] of [
    ['call:admit', true],
    ['call:deny', false],
  ] as const) {
    onClientEvent(socket, event, log, async ({ participantId }) => {
      const { lc: found } = member(socket);
      const device = deviceOf(found, participantId);
      const { lc, me } = await teacher(socket, 'call:admit', [device.schoolId]);
      if (device.state !== 'lobby') throw new Refusal(409, 'not-waiting', 'that class device is not waiting in the lobby');
      await record(lc, actorOfParticipant(me), 'teacher', admit ? 'call.device-admitted' : 'call.device-denied', {
        participantId,
        name: device.name,
        by: 'moderator',
      });
      if (admit) {
        lc.runtime.admit(participantId);
        // Whatever holds the call already has (mic passed, audio only) apply to it too.
        await applyHolds(lc, device);
      } else {
        lc.runtime.drop(participantId);
        if (device.socketId) {
          membership.delete(device.socketId);
          io.to(device.socketId).emit('call:removed', { reason: 'A teacher did not let this device into the call.' });
        }
      }
      await settle(lc, actorOfParticipant(me), 'teacher');
      if (admit) sendChat(lc, device);
      return {};
    });
  }

  socket.on('disconnect', () => {
    const m = membership.get(socket.id);
    membership.delete(socket.id);
    const lc = m && live.get(m.callId);
    const p = lc?.runtime.participants.get(m!.participantId);
    if (!lc || !p || p.socketId !== socket.id) return;
    const wasIn = p.state === 'in';
    lc.runtime.disconnected(p.id);
    // The leave is logged, and the rule re-applied even if the log write fails (a
    // missing teacher must pause the call whatever else goes wrong).
    const leave = () => {
      const done = record(lc, actorOfParticipant(p), roleOf(p), 'call.participant-left', { participantId: p.id, name: p.name })
        .catch((err: unknown) => log.error({ err }, 'could not record a participant leaving'))
        .then(() => settle(lc, actorOfParticipant(p), roleOf(p)))
        .catch((err: unknown) => log.error({ err }, 'could not settle the call after a participant left'))
        .finally(() => pendingLeaves.delete(done));
      pendingLeaves.add(done);
      return done;
    };
    if (p.kind === 'device' && wasIn) {
      // A class device that drops keeps its place for the grace period.
      const expire = () => {
        graceTimers.delete(p.id);
        if (p.state !== 'disconnected') return Promise.resolve();
        lc.runtime.drop(p.id);
        return leave();
      };
      graceTimers.set(p.id, { timer: setTimeout(() => void expire(), graceMs).unref(), leave: expire });
      void settle(lc, actorOfParticipant(p), roleOf(p)).catch(() => undefined);
    } else {
      void leave();
    }
  });
}
