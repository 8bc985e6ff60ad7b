// Joining and leaving a call: teachers by session, class devices by code through the
// lobby (admitted by a teacher of their own school), a dropped class device keeping its
// place for a grace period. Each step is logged before it takes effect.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { Refusal } from '../errors/refusal.js';
import type { CallLog, CallUser } from './call-ports.js';
import { newParticipantId } from './call-runtime.js';
import type { DeviceReadiness } from '../../shared/schemas/call.js';
import { isWellFormedJoinCode, normaliseJoinCode } from './join-code.js';
import { JoinGuard } from './join-guard.js';
import { actorOfParticipant, roleOf, type LiveCalls } from './live-calls.js';

export const DEVICE_REJOIN_GRACE_MS = 60_000;

export interface DeviceJoin {
  code: string;
  displayName: string;
  rejoinToken?: string | undefined;
  /** What its pre-join check found (camera, microphone), shown to the teacher in the lobby. */
  readiness?: DeviceReadiness | undefined;
  /** The classroom's address (TRUST_PROXY applied): join-code look-ups are limited by it. */
  address: string;
}

/** The join-code limiter, its floods logged as one event per address and minute. */
export function joinGuardFor(log: CallLog, noticed: () => void, limiter?: RateLimiterAbstract): JoinGuard {
  return new JoinGuard(
    ({ address, refused, from, to }) =>
      log.record({
        actor: { kind: 'anonymous', id: address },
        role: 'class-device',
        scope: {},
        type: 'call.join-rate-limited',
        payload: { address, refused, from: from.toISOString(), to: to.toISOString() },
      }),
    noticed,
    undefined,
    limiter,
  );
}

export class CallJoining {
  private readonly pendingLeaves = new Set<Promise<unknown>>();

  constructor(
    private readonly calls: LiveCalls,
    private readonly guard: JoinGuard,
    private readonly logger: Pick<Logger, 'error'>,
    private readonly graceMs = DEVICE_REJOIN_GRACE_MS,
  ) {}

  async joinTeacher(connectionId: string, user: CallUser | undefined, callId: string): Promise<{ callId: string; participantId: string }> {
    const { calls } = this;
    if (!user) throw new Refusal(401, 'unauthenticated', 'log in first');
    if (calls.membership.has(connectionId)) throw new Refusal(409, 'already-joined', 'this connection is already in a call');
    const lc = await calls.load(callId);
    const grant = user.principal.grants.find(
      (g) => g.role === 'teacher' && g.programmeId === lc.programmeId && g.schoolId && lc.runtime.call.schoolIds.includes(g.schoolId),
    );
    if (!grant?.schoolId) throw new Refusal(403, 'forbidden', 'only a teacher of one of the linked schools may join this call');
    await calls.record(lc, { kind: 'user', id: user.userId, label: user.name }, 'teacher', 'call.teacher-joined', { schoolId: grant.schoolId });
    const { me, previousSocketId } = lc.runtime.teacherJoined(user.userId, user.name, grant.schoolId, connectionId);
    // The call opened in another tab or on another device: the old one is told, not left stale.
    this.replaceConnection(previousSocketId, connectionId, 'You opened this call in another window or on another device: carry on there.');
    calls.enter(connectionId, lc, me);
    await calls.applyHolds(lc, me);
    calls.sendState(lc, me);
    await calls.settle(lc, actorOfParticipant(me), 'teacher');
    calls.sendChat(lc, me);
    return { callId, participantId: me.id };
  }

  /**
   * The call a join code opens, for a class device about to join: asked first by its page so
   * that, with several nodes, its connection reaches the node serving that call. Limited and
   * logged as a join is.
   */
  async callOfCode(code: string, address: string, displayName: string): Promise<{ callId: string }> {
    const { call } = await this.lookUp(code, address, displayName);
    return { callId: call.id };
  }

  private async lookUp(rawCode: string, address: string, displayName: string) {
    const { calls } = this;
    // The look-up is taken before it is made (join-guard.ts): a burst gets no more than the limit,
    // and refusals beyond it are counted into one log event per address and minute.
    if (!(await this.guard.take(address))) {
      throw new Refusal(429, 'rate-limited', 'Too many wrong codes from this device. Wait a minute and try again.');
    }
    const code = normaliseJoinCode(rawCode);
    const call = isWellFormedJoinCode(code) ? await calls.deps.store.byJoinCode(code) : null;
    const device = call?.devices.find((d) => d.code === code && !d.revoked);
    if (!call || !device) {
      await calls.deps.log.record({
        actor: { kind: 'anonymous', id: address, label: displayName },
        role: 'class-device',
        scope: call ? { programmeId: call.programmeId, callId: call.id } : {},
        type: 'call.join-attempt',
        payload: { ok: false, codeRevoked: !!call },
      });
      throw new Refusal(404, 'bad-code', 'That code does not open a call. Check it with your teacher.');
    }
    // Only wrong codes count towards the limit, so a classroom that typed it right is never held up.
    await this.guard.giveBack(address);
    return { call, device };
  }

  async joinDevice(connectionId: string, join: DeviceJoin): Promise<{ callId: string; participantId: string }> {
    const { calls } = this;
    const { address, displayName, rejoinToken } = join;
    if (calls.membership.has(connectionId)) throw new Refusal(409, 'already-joined', 'this connection is already in a call');
    const { call, device } = await this.lookUp(join.code, address, displayName);
    const lc = await calls.load(call.id, call);
    // Back after a dropped connection; or admitted by the node that served this call before it stopped.
    // A token comes back only with its own class's code.
    const found = rejoinToken ? lc.runtime.findRejoin(rejoinToken) : undefined;
    const back = found?.classId === device.classId ? found : rejoinToken ? calls.deviceBack(lc, rejoinToken, device) : undefined;
    if (back) {
      await calls.record(lc, actorOfParticipant(back), 'class-device', 'call.device-reconnected', { classId: device.classId });
      const { previousSocketId } = lc.runtime.rejoin(back, connectionId);
      // The old connection had not been noticed as dropped yet: it is replaced.
      this.replaceConnection(previousSocketId, connectionId);
      calls.enter(connectionId, lc, back);
      await calls.applyHolds(lc, back);
      calls.sendState(lc, back);
      await calls.settle(lc, actorOfParticipant(back), 'class-device');
      calls.sendChat(lc, back);
      return { callId: call.id, participantId: back.id };
    }
    if (lc.runtime.locked) {
      await calls.deps.log.record({
        actor: { kind: 'anonymous', id: address, label: displayName },
        role: 'class-device',
        scope: calls.scopeOf(lc),
        type: 'call.join-attempt',
        payload: { ok: false, locked: true },
      });
      throw new Refusal(423, 'call-locked', 'The teachers have locked this call. Ask your teacher to unlock it.');
    }
    const participantId = newParticipantId();
    await calls.record(lc, { kind: 'device', id: participantId, label: displayName }, 'class-device', 'call.device-waiting', {
      classId: device.classId,
      className: device.className,
      address,
      ...(join.readiness ? { readiness: join.readiness } : {}),
    });
    const me = lc.runtime.deviceWaiting(device, displayName, connectionId, participantId, join.readiness);
    calls.enter(connectionId, lc, me);
    calls.broadcast(lc);
    return { callId: call.id, participantId: me.id };
  }

  /** Admits or denies a class device waiting in the lobby: a teacher of the device's own school. */
  async decide(connectionId: string, participantId: string, admit: boolean): Promise<void> {
    const { calls } = this;
    const { lc: found } = calls.member(connectionId);
    const device = calls.deviceOf(found, participantId);
    const { lc, me } = await calls.teacher(connectionId, 'call:admit', [device.schoolId]);
    if (device.state !== 'lobby') throw new Refusal(409, 'not-waiting', 'that class device is not waiting in the lobby');
    await calls.record(lc, actorOfParticipant(me), 'teacher', admit ? 'call.device-admitted' : 'call.device-denied', {
      participantId,
      name: device.name,
      by: 'moderator',
    });
    if (admit) {
      lc.runtime.admit(participantId);
      // Whatever holds the call already has (mic passed, audio only) apply to it too.
      await calls.applyHolds(lc, device);
      calls.sendState(lc, device);
    } else {
      lc.runtime.drop(participantId);
      if (device.socketId) {
        calls.membership.delete(device.socketId);
        calls.deps.outbox.removed(device.socketId, 'A teacher did not let this device into the call.');
      }
    }
    await calls.settle(lc, actorOfParticipant(me), 'teacher');
    if (admit) calls.sendChat(lc, device);
  }

  /** A participant now on `current` was on `previous`: that connection leaves the call (told why, if `notice`). */
  private replaceConnection(previous: string | null, current: string, notice?: string): void {
    if (!previous || previous === current) return;
    this.calls.membership.delete(previous);
    if (notice) this.calls.deps.outbox.removed(previous, notice);
    this.calls.deps.outbox.disconnect(previous);
  }

  /** A participant leaves by choice ("Leave the call"): at once, without a grace period to come back. */
  leave(connectionId: string): void {
    this.calls.member(connectionId);
    this.connectionLost(connectionId, { chosen: true });
  }

  /** A connection has gone: its participant leaves (a class device that dropped, after its grace period). */
  connectionLost(connectionId: string, { chosen = false } = {}): void {
    const { calls } = this;
    const m = calls.membership.get(connectionId);
    calls.membership.delete(connectionId);
    const lc = m && calls.live.get(m.callId);
    const p = m && lc?.runtime.participants.get(m.participantId);
    if (!lc || !p || p.socketId !== connectionId) return;
    const wasIn = p.state === 'in';
    lc.runtime.disconnected(p.id);
    // The leave is logged, and the rule re-applied even if the log write fails (a
    // missing teacher must pause the call whatever else goes wrong).
    const leave = () => {
      const done = calls
        .record(lc, actorOfParticipant(p), roleOf(p), 'call.participant-left', { participantId: p.id, name: p.name, ...(chosen ? { by: 'self' } : {}) })
        .catch((err: unknown) => this.logger.error({ err }, 'could not record a participant leaving'))
        .then(() => calls.settle(lc, actorOfParticipant(p), roleOf(p)))
        .catch((err: unknown) => this.logger.error({ err }, 'could not settle the call after a participant left'))
        .finally(() => this.pendingLeaves.delete(done));
      this.pendingLeaves.add(done);
      return done;
    };
    if (p.kind === 'device' && chosen) {
      lc.runtime.drop(p.id);
      void leave();
    } else if (p.kind === 'device' && wasIn) {
      // A class device that drops keeps its place for the grace period.
      const expire = () => {
        calls.graceTimers.delete(p.id);
        if (p.state !== 'disconnected') return Promise.resolve();
        lc.runtime.drop(p.id);
        return leave();
      };
      calls.graceTimers.set(p.id, { timer: setTimeout(() => void expire(), this.graceMs).unref(), leave: expire });
      void calls.settle(lc, actorOfParticipant(p), roleOf(p)).catch(() => undefined);
    } else {
      void leave();
    }
  }

  /**
   * At shutdown: devices in their grace period leave now (logged), and pending counts are reported.
   * `handOver` (beside other nodes): another node takes these calls over and the devices come
   * back there, let straight in; a leave logged now would be untrue, and would un-admit them.
   */
  async close({ handOver = false } = {}): Promise<void> {
    const leaves = [...this.calls.graceTimers.values()];
    this.calls.graceTimers.clear();
    for (const { timer, leave } of leaves) {
      clearTimeout(timer);
      if (!handOver) void leave();
    }
    await Promise.allSettled([...this.pendingLeaves]);
    await this.guard.close();
  }
}
