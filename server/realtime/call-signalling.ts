// Socket events of structured calls. Thin: payloads are validated by onClientEvent, the
// two-adult rule lives in calls/call-status.ts, presence in calls/call-runtime.ts; this
// file authorises, logs, persists and broadcasts.
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Server, Socket } from 'socket.io';
import type { Action } from '../../shared/auth.js';
import type { LogActor, LogEventType } from '../../shared/schemas/log.js';
import { CallRuntime, newParticipantId, type Participant } from '../calls/call-runtime.js';
import { reasonFor, stateFor, type DeviceCode } from '../calls/call-view.js';
import { maySend } from '../calls/call-chat.js';
import { isWellFormedJoinCode, normaliseJoinCode } from '../calls/join-code.js';
import { containsProfanity } from '../calls/language-filter.js';
import { can } from '../../shared/auth.js';
import { authFromToken, type AuthState } from '../http/auth.js';
import type { AppContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import type { SfuRoom } from '../sfu/room.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';
import { onClientEvent } from './client-event.js';

export const DEVICE_REJOIN_GRACE_MS = 60_000;
/** Wrong codes allowed per address per minute before join attempts are refused. */
export const JOIN_ATTEMPTS_PER_MINUTE = 10;

interface LiveCall {
  runtime: CallRuntime;
  title: string;
  programmeId: string;
  linkId: string;
  schoolNames: Map<string, string>;
  /** Bits per second allowed per connection, by school. */
  schoolCaps: Map<string, number>;
  codes: DeviceCode[];
  /** Status changes of one call are applied one after another, never interleaved. */
  settling: Promise<unknown>;
}

const authOf = (socket: Socket): AuthState | undefined => (socket.data as { auth?: AuthState }).auth;

/** The user behind a socket as of now: a role removed or a logout since the socket connected
 * takes effect at the next action. */
async function freshAuth(ctx: AppContext, socket: Socket): Promise<AuthState | undefined> {
  const auth = await authFromToken(ctx, authOf(socket)?.token);
  (socket.data as { auth?: AuthState }).auth = auth;
  return auth;
}

/** The classroom's address: behind a reverse proxy on this machine, the forwarded one. */
function clientAddress(socket: Socket): string {
  const direct = socket.handshake.address;
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  const loopback = direct === '127.0.0.1' || direct === '::1' || direct === '::ffff:127.0.0.1';
  return loopback && typeof forwarded === 'string' && forwarded ? forwarded.split(',')[0]!.trim() : direct;
}

export interface CallSignalling {
  attach(socket: Socket): void;
  /** At shutdown: stops grace timers and waits until every leave is logged. */
  close(): Promise<void>;
  mayShareScreen(socketId: string, roomId: string): boolean;
  transportLimitsFor(socketId: string, roomId: string): { maxBitrateBps?: number };
  /** For media:join: is this socket admitted to the call whose media room this is? */
  mayJoinMedia(socketId: string, roomId: string): boolean;
  /** Applies the call's media policy to its SFU room once it exists. */
  prepareMediaRoom(room: SfuRoom): Promise<void>;
}

export function createCallSignalling(io: Server, ctx: AppContext, rooms: SfuRoomRegistry, logger: Logger, graceMs = DEVICE_REJOIN_GRACE_MS): CallSignalling {
  const live = new Map<string, LiveCall>();
  const loading = new Map<string, Promise<LiveCall>>();
  const membership = new Map<string, { callId: string; participantId: string }>();
  /** Dropped class devices in their grace period: the timer, and what to do when it ends. */
  const graceTimers = new Map<string, { timer: NodeJS.Timeout; leave: () => Promise<unknown> }>();
  const joinLimiter = new RateLimiterMemory({ points: JOIN_ATTEMPTS_PER_MINUTE, duration: 60 });
  const pendingLeaves = new Set<Promise<unknown>>();

  async function load(callId: string): Promise<LiveCall> {
    const existing = live.get(callId);
    if (existing) return existing;
    let pending = loading.get(callId);
    if (!pending) {
      pending = (async () => {
        const call = await ctx.models.Call.findById(callId);
        if (!call) throw new HttpError(404, 'not-found', 'no such call');
        if (call.status === 'ended') throw new HttpError(410, 'call-ended', 'this call has ended');
        const schools = await ctx.models.School.find({ _id: { $in: call.schoolIds } }, { name: 1, bandwidthCapKbps: 1 });
        const lc: LiveCall = {
          runtime: new CallRuntime({
            id: call.id,
            schoolIds: call.schoolIds.map(String),
            agenda: call.agenda.map((s) => ({ title: s.title, durationMin: s.durationMin, ...(s.kind === 'whiteboard' ? { kind: 'whiteboard' as const } : {}) })),
            currentStep: call.currentStep,
            stepStartedAt: call.stepStartedAt ?? null,
            // Nobody is present after a restart: a live call resumes as paused.
            status: call.status === 'live' ? 'paused' : call.status,
          }),
          title: call.title,
          programmeId: String(call.programmeId),
          linkId: String(call.linkId),
          schoolNames: new Map(schools.map((s) => [s.id as string, s.name])),
          schoolCaps: new Map(schools.flatMap((s) => (s.bandwidthCapKbps ? [[s.id as string, s.bandwidthCapKbps * 1000] as const] : []))),
          codes: call.devices.map((d) => ({ classId: String(d.classId), className: d.className, schoolId: String(d.schoolId), code: d.code, revoked: !!d.revokedAt })),
          settling: Promise.resolve(),
        };
        live.set(callId, lc);
        return lc;
      })().finally(() => loading.delete(callId));
      loading.set(callId, pending);
    }
    return pending;
  }

  const scopeOf = (lc: LiveCall) => ({ programmeId: lc.programmeId, schoolIds: lc.runtime.call.schoolIds, linkId: lc.linkId, callId: lc.runtime.call.id });
  const actorOfParticipant = (p: Participant): LogActor =>
    p.kind === 'teacher' ? { kind: 'user', id: p.userId ?? p.id, label: p.name } : { kind: 'device', id: p.id, label: p.name };
  const roleOf = (p: Participant) => (p.kind === 'teacher' ? 'teacher' : 'class-device');

  function record(lc: LiveCall, actor: LogActor, role: string, type: LogEventType, payload: Record<string, unknown> = {}) {
    return ctx.log.record({ actor, role, scope: scopeOf(lc), type, payload });
  }

  function broadcastChat(lc: LiveCall): void {
    for (const p of lc.runtime.participants.values()) {
      if (p.socketId && p.state === 'in') io.to(p.socketId).emit('call:chat', { messages: lc.runtime.chat.visibleTo(p.kind) });
    }
  }

  function broadcast(lc: LiveCall): void {
    const reason = reasonFor(lc.runtime, lc.schoolNames);
    for (const p of lc.runtime.participants.values()) {
      if (p.socketId) io.to(p.socketId).emit('call:state', stateFor(lc.runtime, p, { title: lc.title, reason, codes: lc.codes }));
    }
  }

  /**
   * Re-applies the two-adult rule; logs, persists and enforces a change of status. Pausing
   * is the safe direction, so it is enforced on the SFU before anything else; going live
   * waits until the change is logged (if it cannot be, the call stays as it was).
   */
  function settle(lc: LiveCall, actor: LogActor, role: string): Promise<void> {
    const run = lc.settling.then(async () => {
      const { changed, from, to } = lc.runtime.recompute();
      const room = rooms.get(lc.runtime.call.id);
      if (changed) {
        if (to !== 'live') await room?.setMediaFlow(false);
        try {
          await record(lc, actor, role, 'call.status-changed', { from, to, reason: reasonFor(lc.runtime, lc.schoolNames) });
          await ctx.models.Call.updateOne(
            // An ended call is never brought back by a late change.
            { _id: lc.runtime.call.id, status: { $ne: 'ended' } },
            { status: to, stepStartedAt: lc.runtime.stepStartedAt, ...(to === 'live' ? { liveAt: new Date() } : {}), ...(to === 'ended' ? { endedAt: new Date() } : {}) },
          );
        } catch (err) {
          if (to === 'live') lc.runtime.status = from;
          broadcast(lc);
          throw err;
        }
      }
      // Always bring the SFU in line with the status, whatever happened before.
      await room?.setMediaFlow(lc.runtime.status === 'live');
      broadcast(lc);
      broadcastChat(lc);
    });
    lc.settling = run.catch(() => undefined);
    return run;
  }

  function clearGrace(participantId: string): void {
    const grace = graceTimers.get(participantId);
    if (grace) clearTimeout(grace.timer);
    graceTimers.delete(participantId);
  }

  function member(socket: Socket): { lc: LiveCall; me: Participant } {
    const m = membership.get(socket.id);
    const lc = m && live.get(m.callId);
    const me = lc?.runtime.participants.get(m!.participantId);
    if (!lc || !me) throw new HttpError(409, 'not-in-call', 'join a call first');
    return { lc, me };
  }

  /** Teacher-only actions: a class device asking is refused, and that is logged. */
  async function teacher(socket: Socket, action: Action, schoolIds?: string[]): Promise<{ lc: LiveCall; me: Participant }> {
    const { lc, me } = member(socket);
    const auth = me.kind === 'teacher' ? await freshAuth(ctx, socket) : undefined;
    const target = { programmeId: lc.programmeId, schoolIds: schoolIds ?? lc.runtime.call.schoolIds };
    if (me.kind !== 'teacher' || !auth || !can(auth.principal, action, target)) {
      await record(lc, actorOfParticipant(me), roleOf(me), 'call.forbidden', { action });
      throw new HttpError(403, 'forbidden', `only a teacher may ${action.replace('call:', '')} here`);
    }
    return { lc, me };
  }

  function deviceOf(lc: LiveCall, participantId: string): Participant {
    const p = lc.runtime.participants.get(participantId);
    if (!p || p.kind !== 'device') throw new HttpError(404, 'not-found', 'no such class device in this call');
    return p;
  }

  /** Enforces on the SFU what the call says of one participant's audio and video. */
  async function applyHolds(lc: LiveCall, p: Participant) {
    const room = p.socketId ? rooms.get(lc.runtime.call.id) : undefined;
    if (!room || !p.socketId) return;
    await room.setHeld(p.socketId, 'audio', lc.runtime.audioHeld(p));
    await room.setHeld(p.socketId, 'video', p.videoStopped);
    await room.setAudioOnly(p.socketId, lc.runtime.isAudioOnly(p));
  }
  const applyAllHolds = async (lc: LiveCall) => {
    for (const p of lc.runtime.participants.values()) await applyHolds(lc, p);
  };

  function enter(socket: Socket, lc: LiveCall, p: Participant) {
    membership.set(socket.id, { callId: lc.runtime.call.id, participantId: p.id });
    clearGrace(p.id);
  }

  return {
    async close() {
      // Devices still in their grace period leave now, and that is logged.
      const leaves = [...graceTimers.values()];
      graceTimers.clear();
      for (const { timer, leave } of leaves) {
        clearTimeout(timer);
        void leave();
      }
      await Promise.allSettled([...pendingLeaves]);
    },

    mayJoinMedia(socketId, roomId) {
      const m = membership.get(socketId);
      if (!m || m.callId !== roomId) return false;
      return live.get(roomId)?.runtime.participants.get(m.participantId)?.state === 'in';
    },

    mayShareScreen(socketId, roomId) {
      const m = membership.get(socketId);
      const p = m?.callId === roomId ? live.get(roomId)?.runtime.participants.get(m.participantId) : undefined;
      return p?.kind === 'teacher' && p.state === 'in';
    },

    transportLimitsFor(socketId, roomId) {
      const m = membership.get(socketId);
      const lc = m?.callId === roomId ? live.get(roomId) : undefined;
      const p = lc?.runtime.participants.get(m!.participantId);
      const cap = p ? lc!.schoolCaps.get(p.schoolId) : undefined;
      return cap ? { maxBitrateBps: cap } : {};
    },

    async prepareMediaRoom(room) {
      const lc = live.get(room.id);
      if (!lc) return;
      await room.setMediaFlow(lc.runtime.status === 'live');
      await applyAllHolds(lc);
    },

    attach(socket) {
      const log = logger.child({ socket: socket.id });

      onClientEvent(socket, 'call:join-teacher', log, async ({ callId }) => {
        const auth = await freshAuth(ctx, socket);
        if (!auth) throw new HttpError(401, 'unauthenticated', 'log in first');
        if (membership.has(socket.id)) throw new HttpError(409, 'already-joined', 'this connection is already in a call');
        const lc = await load(callId);
        const grant = auth.principal.grants.find(
          (g) => g.role === 'teacher' && g.programmeId === lc.programmeId && g.schoolId && lc.runtime.call.schoolIds.includes(g.schoolId),
        );
        if (!grant?.schoolId) throw new HttpError(403, 'forbidden', 'only a teacher of one of the linked schools may join this call');
        await record(lc, { kind: 'user', id: auth.userId, label: auth.name }, 'teacher', 'call.teacher-joined', { schoolId: grant.schoolId });
        const me = lc.runtime.teacherJoined(auth.userId, auth.name, grant.schoolId, socket.id);
        enter(socket, lc, me);
        await applyHolds(lc, me);
        await settle(lc, actorOfParticipant(me), 'teacher');
        return { callId, participantId: me.id };
      });

      onClientEvent(socket, 'call:join-device', log, async ({ code: typed, displayName, rejoinToken }) => {
        if (membership.has(socket.id)) throw new HttpError(409, 'already-joined', 'this connection is already in a call');
        const address = clientAddress(socket);
        // Refused before any lookup or log write: guessing cannot flood the log.
        if (((await joinLimiter.get(address))?.consumedPoints ?? 0) >= JOIN_ATTEMPTS_PER_MINUTE) {
          throw new HttpError(429, 'rate-limited', 'Too many wrong codes from this device. Wait a minute and try again.');
        }
        const code = normaliseJoinCode(typed);
        const call = isWellFormedJoinCode(code) ? await ctx.models.Call.findOne({ 'devices.code': code, status: { $ne: 'ended' } }) : null;
        const device = call?.devices.find((d) => d.code === code && !d.revokedAt);
        if (!call || !device) {
          await ctx.log.record({
            actor: { kind: 'anonymous', id: address, label: displayName },
            role: 'class-device',
            scope: call ? { programmeId: String(call.programmeId), callId: call.id } : {},
            type: 'call.join-attempt',
            payload: { ok: false, codeRevoked: !!call },
          });
          // Only wrong codes count towards the limit, so a classroom that typed it right is never held up.
          const limited = await joinLimiter.consume(address).then(() => false, () => true);
          throw limited
            ? new HttpError(429, 'rate-limited', 'Too many wrong codes from this device. Wait a minute and try again.')
            : new HttpError(404, 'bad-code', 'That code does not open a call. Check it with your teacher.');
        }
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
          return { callId: call.id, participantId: back.id };
        }
        if (lc.runtime.locked) {
          await ctx.log.record({ actor: { kind: 'anonymous', id: address, label: displayName }, role: 'class-device', scope: scopeOf(lc), type: 'call.join-attempt', payload: { ok: false, locked: true } });
          throw new HttpError(423, 'call-locked', 'The teachers have locked this call. Ask your teacher to unlock it.');
        }
        const participantId = newParticipantId();
        await record(lc, { kind: 'device', id: participantId, label: displayName }, 'class-device', 'call.device-waiting', { classId, className: device.className, address });
        const me = lc.runtime.deviceWaiting(classId, String(device.schoolId), displayName, socket.id, participantId);
        enter(socket, lc, me);
        broadcast(lc);
        return { callId: call.id, participantId: me.id };
      });

      // Admitting or denying a class device: a teacher of the device's own school.
      for (const [event, admit] of [['call:admit', true], ['call:deny', false]] as const) {
        onClientEvent(socket, event, log, async ({ participantId }) => {
          const { lc: found } = member(socket);
          const device = deviceOf(found, participantId);
          const { lc, me } = await teacher(socket, 'call:admit', [device.schoolId]);
          if (device.state !== 'lobby') throw new HttpError(409, 'not-waiting', 'that class device is not waiting in the lobby');
          await record(lc, actorOfParticipant(me), 'teacher', admit ? 'call.device-admitted' : 'call.device-denied', { participantId, name: device.name, by: 'moderator' });
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
          return {};
        });
      }

      onClientEvent(socket, 'call:remove', log, async ({ participantId, toLobby }) => {
        const { lc, me } = await teacher(socket, 'call:moderate');
        const device = deviceOf(lc, participantId);
        if (toLobby) {
          if (device.state !== 'in') throw new HttpError(409, 'not-in-call', 'only a class device in the call can be sent back to the lobby');
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
          throw new HttpError(403, 'hard-muted', 'A teacher has muted this device. Ask them to let you speak.');
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
        if (me.state !== 'in') throw new HttpError(409, 'not-in-call', 'only someone in the call can raise a hand');
        await record(lc, actorOfParticipant(me), roleOf(me), 'call.hand-raised', { on, by: 'self' });
        me.handRaised = on;
        broadcast(lc);
        return {};
      });

      onClientEvent(socket, 'call:spotlight', log, async ({ participantId }) => {
        const { lc, me } = await teacher(socket, 'call:moderate');
        if (participantId !== null && lc.runtime.participants.get(participantId)?.state !== 'in') throw new HttpError(404, 'not-found', 'no such participant in the call');
        await record(lc, actorOfParticipant(me), 'teacher', 'call.spotlight', { participantId, by: 'moderator' });
        lc.runtime.spotlight = participantId;
        broadcast(lc);
        return {};
      });

      onClientEvent(socket, 'call:pass-mic', log, async ({ participantId }) => {
        const { lc, me } = await teacher(socket, 'call:moderate');
        const holder = participantId === null ? null : deviceOf(lc, participantId);
        if (holder?.hardMuted) throw new HttpError(409, 'hard-muted', 'let this class speak (release the hold) before passing it the microphone');
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

      onClientEvent(socket, 'call:class-chat', log, async ({ on }) => {
        const { lc, me } = await teacher(socket, 'call:moderate');
        await record(lc, actorOfParticipant(me), 'teacher', 'call.class-chat', { on, by: 'moderator' });
        lc.runtime.chat.classChatOn = on;
        broadcast(lc);
        return {};
      });

      onClientEvent(socket, 'call:chat-send', log, async ({ channel, text }) => {
        const { lc, me } = member(socket);
        if (me.state !== 'in') throw new HttpError(409, 'not-in-call', 'only someone in the call can write in its chat');
        if (!maySend(me.kind, channel, lc.runtime.chat.classChatOn)) {
          await record(lc, actorOfParticipant(me), roleOf(me), 'call.forbidden', { action: `chat:${channel}` });
          throw new HttpError(403, 'forbidden', channel === 'class' ? 'The class chat is off. A teacher can turn it on.' : 'This chat is for teachers.');
        }
        if (channel === 'class' && containsProfanity(text)) {
          await record(lc, actorOfParticipant(me), roleOf(me), 'call.chat-refused', { channel, text, reason: 'language' });
          throw new HttpError(422, 'language', 'That message was not sent: please choose kinder words.');
        }
        const message = lc.runtime.chat.add(channel, me, text);
        try {
          await record(lc, actorOfParticipant(me), roleOf(me), 'call.chat-message', { messageId: message.id, channel, text });
        } catch (err) {
          lc.runtime.chat.delete(message.id); // logged, or not said
          throw err;
        }
        broadcastChat(lc);
        return { messageId: message.id };
      });

      onClientEvent(socket, 'call:chat-delete', log, async ({ messageId }) => {
        const { lc, me } = await teacher(socket, 'call:moderate');
        const message = lc.runtime.chat.find(messageId);
        if (!message) throw new HttpError(404, 'not-found', 'no such message');
        // The text leaves the call but stays in the safeguarding log.
        await record(lc, actorOfParticipant(me), 'teacher', 'call.chat-deleted', { messageId, channel: message.channel, text: message.text, from: message.fromName, by: 'moderator' });
        lc.runtime.chat.delete(messageId);
        broadcastChat(lc);
        return {};
      });

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
    },
  };
}
