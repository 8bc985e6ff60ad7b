// The calls running on this server and the steps every call use case shares: loading a
// call, who is in it (by connection), logging, telling participants, applying the
// two-adult rule and the media holds, and checking who may do what. The use cases
// (call-joining.ts, call-moderation.ts, call-chatting.ts) are built on it; it knows no
// socket and no SFU, only the interfaces in call-ports.ts.
import { can, type Action } from '../../shared/auth.js';
import type { LogActor, LogEventType } from '../../shared/schemas/log.js';
import { Refusal } from '../errors/refusal.js';
import type { AdmittedDevice, CallLog, CallMediaPolicy, CallOutbox, CallPrincipals, CallStore, StoredCall, StoredDevice } from './call-ports.js';
import { CallRuntime, type Participant } from './call-runtime.js';
import { mediaMayFlow } from './call-status.js';
import { tokenHash } from '../accounts/tokens.js';
import { reasonFor, stateFor, type DeviceCode } from './call-view.js';
import type { GuessingNotice } from './join-guard.js';

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
  /** When the call's media server failed, until its media room is made again. */
  mediaInterruptedAt: Date | null;
  /**
   * Taken over from a node that stopped (several nodes): the class devices it had admitted, by
   * rejoin-token hash, until each comes back or `admittedBeforeUntil` (ms since the epoch) passes.
   */
  admittedBefore: Map<string, AdmittedDevice>;
  admittedBeforeUntil: number;
  /** The admitted devices last stored (saveAdmitted), to write only a change. */
  storedAdmitted: string;
}

export interface LiveCallsDeps {
  store: CallStore;
  log: CallLog;
  outbox: CallOutbox;
  media: CallMediaPolicy;
  principals: CallPrincipals;
  /** Someone guessing join codes lately, shown to teachers (join-guard.ts). */
  guessing?: () => GuessingNotice | null;
}

const MEDIA_SERVER: LogActor = { kind: 'system', id: 'sfu', label: 'Media server' };
const NODES: LogActor = { kind: 'system', id: 'cluster', label: 'Linkroom servers' };
/** After a takeover, how long a class device the previous node had admitted may come back without admission (as a dropped device's grace). */
export const TAKEOVER_REJOIN_MS = 60_000;

export const actorOfParticipant = (p: Participant): LogActor =>
  p.kind === 'teacher' ? { kind: 'user', id: p.userId ?? p.id, label: p.name } : { kind: 'device', id: p.id, label: p.name };
export const roleOf = (p: Participant) => (p.kind === 'teacher' ? 'teacher' : 'class-device');

export class LiveCalls {
  readonly live = new Map<string, LiveCall>();
  private readonly loading = new Map<string, Promise<LiveCall>>();
  /** Which call and participant each connection is. */
  readonly membership = new Map<string, { callId: string; participantId: string }>();
  /** Dropped class devices in their grace period: the timer, and what to do when it ends. */
  readonly graceTimers = new Map<string, { timer: NodeJS.Timeout; leave: () => Promise<unknown> }>();

  constructor(readonly deps: LiveCallsDeps) {}

  /** The running call, loaded from the store when first used (`known`: already read). */
  load(callId: string, known?: StoredCall): Promise<LiveCall> {
    const existing = this.live.get(callId);
    if (existing) return Promise.resolve(existing);
    let pending = this.loading.get(callId);
    if (!pending) {
      pending = (async () => {
        const call = known ?? (await this.deps.store.load(callId));
        if (!call) throw new Refusal(404, 'not-found', 'no such call');
        if (call.status === 'ended') throw new Refusal(410, 'call-ended', 'this call has ended');
        const { movedFrom } = await this.deps.store.claim(callId);
        const lc = liveCallOf(call);
        if (movedFrom) {
          for (const a of call.admitted) lc.admittedBefore.set(a.tokenHash, a);
          lc.admittedBeforeUntil = Date.now() + TAKEOVER_REJOIN_MS;
        }
        // Served by another node until it stopped: its participants came back here (several nodes).
        if (movedFrom) await this.record(lc, NODES, 'system', 'call.moved', { fromNodeId: movedFrom, status: call.status });
        this.live.set(callId, lc);
        return lc;
      })().finally(() => this.loading.delete(callId));
      this.loading.set(callId, pending);
    }
    return pending;
  }

  scopeOf(lc: LiveCall) {
    return { programmeId: lc.programmeId, schoolIds: lc.runtime.call.schoolIds, linkId: lc.linkId, callId: lc.runtime.call.id };
  }

  record(lc: LiveCall, actor: LogActor, role: string, type: LogEventType, payload: Record<string, unknown> = {}): Promise<unknown> {
    return this.deps.log.record({ actor, role, scope: this.scopeOf(lc), type, payload });
  }

  /** The chat as one participant may see it (sent when they come in, and after a change). */
  sendChat(lc: LiveCall, p: Participant): void {
    if (p.socketId && p.state === 'in') this.deps.outbox.chat(p.socketId, lc.runtime.chat.visibleTo(p));
  }

  broadcastChat(lc: LiveCall): void {
    for (const p of lc.runtime.participants.values()) this.sendChat(lc, p);
  }

  broadcast(lc: LiveCall): void {
    for (const p of lc.runtime.participants.values()) this.sendState(lc, p);
  }

  /**
   * The call's state to one participant. Someone just let in (or back) is sent it before the
   * status is settled, so that their media starts while the change is logged and stored:
   * media flows only once the status allows it (settle), whatever the page does meanwhile.
   */
  sendState(lc: LiveCall, p: Participant): void {
    if (!p.socketId) return;
    const context = {
      title: lc.title,
      linkId: lc.linkId,
      reason: reasonFor(lc.runtime, lc.schoolNames),
      codes: lc.codes,
      guessing: this.deps.guessing?.() ?? null,
    };
    this.deps.outbox.state(p.socketId, stateFor(lc.runtime, p, { ...context, mediaInterruptedAt: lc.mediaInterruptedAt }));
  }

  broadcastAll(): void {
    for (const lc of this.live.values()) this.broadcast(lc);
  }

  /**
   * Re-applies the two-adult rule; logs, persists and enforces a change of status. Pausing
   * is the safe direction, so it is enforced on the SFU before anything else; going live
   * waits until the change is logged (if it cannot be, the call stays as it was).
   */
  settle(lc: LiveCall, actor: LogActor, role: string): Promise<void> {
    const callId = lc.runtime.call.id;
    const run = lc.settling.then(async () => {
      const { changed, from, to } = lc.runtime.recompute();
      if (changed) {
        if (to !== 'live') await this.deps.media.setMediaFlow(callId, false);
        try {
          await this.record(lc, actor, role, 'call.status-changed', { from, to, reason: reasonFor(lc.runtime, lc.schoolNames) });
          const now = new Date();
          await this.deps.store.saveStatus(callId, {
            status: to,
            stepStartedAt: lc.runtime.stepStartedAt,
            ...(to === 'live' ? { liveAt: now } : {}),
            ...(to === 'ended' ? { endedAt: now } : {}),
          });
        } catch (err) {
          if (to === 'live') lc.runtime.status = from;
          this.broadcast(lc);
          throw err;
        }
      }
      // Always bring the SFU in line with the status, whatever happened before.
      await this.deps.media.setMediaFlow(callId, mediaMayFlow(lc.runtime.status));
      this.broadcast(lc);
      // Every admission, removal and leave passes through here: the stored list follows. A failed
      // write is tried again at the next settle (it only matters if this node stops meanwhile).
      await this.storeAdmitted(lc).catch(() => undefined);
    });
    lc.settling = run.catch(() => undefined);
    return run;
  }

  /** A class device this call's previous node had admitted, let back in here (several nodes). */
  deviceBack(lc: LiveCall, rejoinToken: string, device: StoredDevice): Participant | undefined {
    const hash = tokenHash(rejoinToken);
    const before = lc.admittedBefore.get(hash);
    if (!before || before.classId !== device.classId || Date.now() > lc.admittedBeforeUntil) return undefined;
    lc.admittedBefore.delete(hash);
    return lc.runtime.deviceBack(device, before.name, before.participantId, rejoinToken);
  }

  private async storeAdmitted(lc: LiveCall): Promise<void> {
    const admitted: AdmittedDevice[] = Date.now() <= lc.admittedBeforeUntil ? [...lc.admittedBefore.values()] : [];
    for (const p of lc.runtime.participants.values()) {
      if (p.kind === 'device' && p.rejoinToken && p.classId && (p.state === 'in' || p.state === 'disconnected')) {
        admitted.push({ tokenHash: tokenHash(p.rejoinToken), participantId: p.id, name: p.name, classId: p.classId });
      }
    }
    const key = JSON.stringify(admitted);
    if (key === lc.storedAdmitted) return;
    await this.deps.store.saveAdmitted(lc.runtime.call.id, admitted);
    lc.storedAdmitted = key;
  }

  clearGrace(participantId: string): void {
    const grace = this.graceTimers.get(participantId);
    if (grace) clearTimeout(grace.timer);
    this.graceTimers.delete(participantId);
  }

  /** The call and participant a connection is, or a refusal. */
  member(connectionId: string): { lc: LiveCall; me: Participant } {
    const m = this.membership.get(connectionId);
    const lc = m && this.live.get(m.callId);
    const me = m && lc?.runtime.participants.get(m.participantId);
    if (!lc || !me) throw new Refusal(409, 'not-in-call', 'join a call first');
    return { lc, me };
  }

  /** Teacher-only actions: a class device asking is refused, and that is logged. */
  async teacher(connectionId: string, action: Action, schoolIds?: string[]): Promise<{ lc: LiveCall; me: Participant }> {
    const { lc, me } = this.member(connectionId);
    const user = me.kind === 'teacher' ? await this.deps.principals.current(connectionId) : undefined;
    const target = { programmeId: lc.programmeId, schoolIds: schoolIds ?? lc.runtime.call.schoolIds };
    if (me.kind !== 'teacher' || !user || !can(user.principal, action, target)) {
      await this.record(lc, actorOfParticipant(me), roleOf(me), 'call.forbidden', { action });
      throw new Refusal(403, 'forbidden', `only a teacher may ${action.replace('call:', '')} here`);
    }
    return { lc, me };
  }

  deviceOf(lc: LiveCall, participantId: string): Participant {
    const p = lc.runtime.participants.get(participantId);
    if (!p || p.kind !== 'device') throw new Refusal(404, 'not-found', 'no such class device in this call');
    return p;
  }

  /** Enforces on the SFU what the call says of one participant's audio and video. */
  async applyHolds(lc: LiveCall, p: Participant): Promise<void> {
    if (!p.socketId) return;
    const callId = lc.runtime.call.id;
    await this.deps.media.setHeld(callId, p.socketId, 'audio', lc.runtime.audioHeld(p));
    await this.deps.media.setHeld(callId, p.socketId, 'video', p.videoStopped);
    await this.deps.media.setAudioOnly(callId, p.socketId, lc.runtime.isAudioOnly(p));
  }

  async applyAllHolds(lc: LiveCall): Promise<void> {
    for (const p of lc.runtime.participants.values()) await this.applyHolds(lc, p);
  }

  enter(connectionId: string, lc: LiveCall, p: Participant): void {
    this.membership.set(connectionId, { callId: lc.runtime.call.id, participantId: p.id });
    this.clearGrace(p.id);
  }

  /** Whether a connection is admitted to the call whose media room this is. */
  mayJoinMedia(connectionId: string, callId: string): boolean {
    const m = this.membership.get(connectionId);
    if (!m || m.callId !== callId) return false;
    return this.live.get(callId)?.runtime.participants.get(m.participantId)?.state === 'in';
  }

  mayShareScreen(connectionId: string, callId: string): boolean {
    const m = this.membership.get(connectionId);
    const p = m?.callId === callId ? this.live.get(callId)?.runtime.participants.get(m.participantId) : undefined;
    return p?.kind === 'teacher' && p.state === 'in';
  }

  transportLimitsFor(connectionId: string, callId: string): { maxBitrateBps?: number } {
    const m = this.membership.get(connectionId);
    const lc = m?.callId === callId ? this.live.get(callId) : undefined;
    const p = m && lc?.runtime.participants.get(m.participantId);
    const cap = p ? lc?.schoolCaps.get(p.schoolId) : undefined;
    return cap ? { maxBitrateBps: cap } : {};
  }

  /** Applies the call's media policy to its room once the room exists (again, after a failure). */
  async prepareMediaRoom(callId: string): Promise<void> {
    const lc = this.live.get(callId);
    if (!lc) return;
    await this.deps.media.setMediaFlow(callId, mediaMayFlow(lc.runtime.status));
    await this.applyAllHolds(lc);
    const since = lc.mediaInterruptedAt;
    if (since) {
      lc.mediaInterruptedAt = null;
      await this.record(lc, MEDIA_SERVER, 'system', 'call.media-restored', { afterMs: Date.now() - since.getTime() });
      this.broadcast(lc);
    }
  }

  /** The call's media server failed (its worker died): logged, shown, and restored as participants rejoin. */
  async mediaInterrupted(callId: string): Promise<void> {
    const lc = this.live.get(callId);
    if (!lc || lc.runtime.status === 'ended') return;
    lc.mediaInterruptedAt = new Date();
    this.broadcast(lc);
    await this.record(lc, MEDIA_SERVER, 'system', 'call.media-interrupted', { reason: 'media-server-failed', status: lc.runtime.status });
  }

  /** What the SFU says of a connection's transport: a dropped network shows as reconnecting. */
  mediaConnectionState(callId: string, connectionId: string, iceState: string): void {
    const lc = this.live.get(callId);
    const m = this.membership.get(connectionId);
    const p = m?.callId === callId ? lc?.runtime.participants.get(m.participantId) : undefined;
    if (!lc || !p) return;
    const reconnecting = iceState === 'disconnected';
    if (!!p.mediaReconnecting === reconnecting) return;
    p.mediaReconnecting = reconnecting;
    this.broadcast(lc);
  }

  /** A class device admitted to a call, by the rejoin token it holds. */
  deviceByRejoinToken(rejoinToken: string) {
    for (const lc of this.live.values()) {
      const p = lc.runtime.findRejoin(rejoinToken);
      if (p && p.state === 'in') {
        return {
          callId: lc.runtime.call.id,
          linkId: lc.linkId,
          programmeId: lc.programmeId,
          schoolId: p.schoolId,
          ...(p.classId ? { classId: p.classId } : {}),
          participantId: p.id,
          name: p.name,
          live: lc.runtime.status === 'live',
        };
      }
    }
    return undefined;
  }
}

function liveCallOf(call: StoredCall): LiveCall {
  return {
    runtime: new CallRuntime({
      id: call.id,
      schoolIds: call.schoolIds,
      agenda: call.agenda,
      currentStep: call.currentStep,
      stepStartedAt: call.stepStartedAt,
      // Nobody is present after a restart: a live call resumes as paused.
      status: call.status === 'live' ? 'paused' : call.status,
    }),
    title: call.title,
    programmeId: call.programmeId,
    linkId: call.linkId,
    schoolNames: new Map(call.schools.map((s) => [s.id, s.name])),
    schoolCaps: new Map(call.schools.flatMap((s) => (s.capBps ? [[s.id, s.capBps] as const] : []))),
    codes: call.devices.map((d) => ({ ...d })),
    settling: Promise.resolve(),
    mediaInterruptedAt: null,
    admittedBefore: new Map(),
    admittedBeforeUntil: 0,
    storedAdmitted: JSON.stringify(call.admitted),
  };
}
