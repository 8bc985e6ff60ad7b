// The live calls of this server and what every call event needs: loading a call, who is
// in it, logging, broadcasting, applying the two-adult rule and the media holds. The
// event handlers (call-*-events.ts) are thin users of this hub.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { Action } from '../../shared/auth.js';
import type { LogActor, LogEventType } from '../../shared/schemas/log.js';
import { mediaMayFlow } from '../calls/call-status.js';
import { CallRuntime, type Participant } from '../calls/call-runtime.js';
import { reasonFor, stateFor, type DeviceCode } from '../calls/call-view.js';
import { can } from '../../shared/auth.js';
import { authFromToken, type AuthState } from '../http/auth.js';
import type { ServerContext } from '../app-context.js';
import { Refusal } from '../errors/refusal.js';
import type { SfuRoom } from '../sfu/room.js';
import { JoinGuard } from '../calls/join-guard.js';
import { clientAddressOf, trustFunction } from '../http/client-address.js';
import type { SfuRoomRegistry } from '../sfu/room-registry.js';

export const DEVICE_REJOIN_GRACE_MS = 60_000;
/** Wrong codes allowed per address per minute before join attempts are refused. */

export interface LiveCall {
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
export async function freshAuth(ctx: ServerContext, socket: Socket): Promise<AuthState | undefined> {
  const auth = await authFromToken(ctx, authOf(socket)?.token);
  (socket.data as { auth?: AuthState }).auth = auth;
  return auth;
}

/** The classroom's address: behind a reverse proxy on this machine, the forwarded one. */
/** The socket's client address, as for HTTP requests (TRUST_PROXY). */
export function clientAddress(socket: Socket, trust: (addr: string, hop: number) => boolean): string {
  return clientAddressOf(socket.request, trust);
}

export interface CallAccess {
  /** At shutdown: stops grace timers and waits until every leave is logged. */
  close(): Promise<void>;
  mayShareScreen(socketId: string, roomId: string): boolean;
  transportLimitsFor(socketId: string, roomId: string): { maxBitrateBps?: number };
  /** For media:join: is this socket admitted to the call whose media room this is? */
  mayJoinMedia(socketId: string, roomId: string): boolean;
  /** Applies the call's media policy to its SFU room once it exists. */
  prepareMediaRoom(room: SfuRoom): Promise<void>;
}

export function createCallHub(io: Server, ctx: ServerContext, rooms: SfuRoomRegistry, logger: Logger, graceMs = DEVICE_REJOIN_GRACE_MS) {
  const live = new Map<string, LiveCall>();
  const loading = new Map<string, Promise<LiveCall>>();
  const membership = new Map<string, { callId: string; participantId: string }>();
  /** Dropped class devices in their grace period: the timer, and what to do when it ends. */
  const graceTimers = new Map<string, { timer: NodeJS.Timeout; leave: () => Promise<unknown> }>();
  const trustProxy = trustFunction(ctx.config.trustProxy);
  const joinGuard = new JoinGuard(
    ({ address, refused, from, to }) =>
      ctx.log.record({
        actor: { kind: 'anonymous', id: address },
        role: 'class-device',
        scope: {},
        type: 'call.join-rate-limited',
        payload: { address, refused, from: from.toISOString(), to: to.toISOString() },
      }),
    // Someone new is refused for guessing: every call's teachers are told (in their state).
    () => {
      for (const lc of live.values()) broadcast(lc);
    },
  );
  const pendingLeaves = new Set<Promise<unknown>>();

  async function load(callId: string): Promise<LiveCall> {
    const existing = live.get(callId);
    if (existing) return existing;
    let pending = loading.get(callId);
    if (!pending) {
      pending = (async () => {
        const call = await ctx.models.Call.findById(callId);
        if (!call) throw new Refusal(404, 'not-found', 'no such call');
        if (call.status === 'ended') throw new Refusal(410, 'call-ended', 'this call has ended');
        const schools = await ctx.models.School.find({ _id: { $in: call.schoolIds } }, { name: 1, bandwidthCapKbps: 1 });
        const lc: LiveCall = {
          runtime: new CallRuntime({
            id: call.id,
            schoolIds: call.schoolIds.map(String),
            agenda: call.agenda.map((s) => ({
              title: s.title,
              durationMin: s.durationMin,
              ...(s.kind === 'whiteboard' ? { kind: 'whiteboard' as const } : {}),
            })),
            currentStep: call.currentStep,
            stepStartedAt: call.stepStartedAt ?? null,
            // Nobody is present after a restart: a live call resumes as paused.
            status: call.status === 'live' ? 'paused' : call.status,
          }),
          title: call.title,
          programmeId: String(call.programmeId),
          linkId: String(call.linkId),
          schoolNames: new Map(schools.map((s) => [s.id, s.name])),
          schoolCaps: new Map(schools.flatMap((s) => (s.bandwidthCapKbps ? [[s.id, s.bandwidthCapKbps * 1000] as const] : []))),
          codes: call.devices.map((d) => ({
            classId: String(d.classId),
            className: d.className,
            schoolId: String(d.schoolId),
            code: d.code,
            revoked: !!d.revokedAt,
          })),
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

  /** The chat as one participant may see it (sent when they come in, and after a change). */
  function sendChat(lc: LiveCall, p: Participant): void {
    if (p.socketId && p.state === 'in') io.to(p.socketId).emit('call:chat', { messages: lc.runtime.chat.visibleTo(p) });
  }

  function broadcastChat(lc: LiveCall): void {
    for (const p of lc.runtime.participants.values()) sendChat(lc, p);
  }

  function broadcast(lc: LiveCall): void {
    const reason = reasonFor(lc.runtime, lc.schoolNames);
    for (const p of lc.runtime.participants.values()) {
      if (p.socketId)
        io.to(p.socketId).emit(
          'call:state',
          stateFor(lc.runtime, p, { title: lc.title, linkId: lc.linkId, reason, codes: lc.codes, guessing: joinGuard.noticeOf() }),
        );
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
            {
              status: to,
              stepStartedAt: lc.runtime.stepStartedAt,
              ...(to === 'live' ? { liveAt: new Date() } : {}),
              ...(to === 'ended' ? { endedAt: new Date() } : {}),
            },
          );
        } catch (err) {
          if (to === 'live') lc.runtime.status = from;
          broadcast(lc);
          throw err;
        }
      }
      // Always bring the SFU in line with the status, whatever happened before.
      await room?.setMediaFlow(mediaMayFlow(lc.runtime.status));
      broadcast(lc);
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
    if (!lc || !me) throw new Refusal(409, 'not-in-call', 'join a call first');
    return { lc, me };
  }

  /** Teacher-only actions: a class device asking is refused, and that is logged. */
  async function teacher(socket: Socket, action: Action, schoolIds?: string[]): Promise<{ lc: LiveCall; me: Participant }> {
    const { lc, me } = member(socket);
    const auth = me.kind === 'teacher' ? await freshAuth(ctx, socket) : undefined;
    const target = { programmeId: lc.programmeId, schoolIds: schoolIds ?? lc.runtime.call.schoolIds };
    if (me.kind !== 'teacher' || !auth || !can(auth.principal, action, target)) {
      await record(lc, actorOfParticipant(me), roleOf(me), 'call.forbidden', { action });
      throw new Refusal(403, 'forbidden', `only a teacher may ${action.replace('call:', '')} here`);
    }
    return { lc, me };
  }

  function deviceOf(lc: LiveCall, participantId: string): Participant {
    const p = lc.runtime.participants.get(participantId);
    if (!p || p.kind !== 'device') throw new Refusal(404, 'not-found', 'no such class device in this call');
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

  const access: CallAccess = {
    async close() {
      // Devices still in their grace period leave now, and that is logged.
      const leaves = [...graceTimers.values()];
      graceTimers.clear();
      for (const { timer, leave } of leaves) {
        clearTimeout(timer);
        void leave();
      }
      await Promise.allSettled([...pendingLeaves]);
      await joinGuard.close();
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
      await room.setMediaFlow(mediaMayFlow(lc.runtime.status));
      await applyAllHolds(lc);
    },
  };

  return {
    io,
    ctx,
    rooms,
    logger,
    graceMs,
    live,
    membership,
    graceTimers,
    joinGuard,
    trustProxy,
    pendingLeaves,
    load,
    scopeOf,
    actorOfParticipant,
    roleOf,
    record,
    broadcast,
    broadcastChat,
    sendChat,
    settle,
    clearGrace,
    member,
    teacher,
    deviceOf,
    applyHolds,
    applyAllHolds,
    enter,
    access,
  };
}

export type CallHub = ReturnType<typeof createCallHub>;
