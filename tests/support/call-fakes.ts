// Fakes of the call use cases' interfaces (server/calls/call-ports.ts) for unit tests: no
// socket, no SFU, no database. Every fake writes what it was asked into one `effects`
// list, so a test can check the order of effects (log before act, refuse before log).
import type { Principal } from '../../shared/auth.js';
import type { CallState } from '../../shared/schemas/call.js';
import type { ChatMessage } from '../../server/calls/call-chat.js';
import { CallChatting } from '../../server/calls/call-chatting.js';
import { CallJoining, joinGuardFor } from '../../server/calls/call-joining.js';
import { CallModeration } from '../../server/calls/call-moderation.js';
import type { CallLog, CallMediaPolicy, CallOutbox, CallPrincipals, CallStore, CallUser, StoredCall } from '../../server/calls/call-ports.js';
import { LiveCalls } from '../../server/calls/live-calls.js';
import type { LogEventInput } from '../../server/safeguarding/log-types.js';

export const SCHOOL_A = 'school-a';
export const SCHOOL_B = 'school-b';
export const PROGRAMME = 'programme-1';

export function storedCall(overrides: Partial<StoredCall> = {}): StoredCall {
  return {
    id: 'call-1',
    title: 'Autumn call',
    programmeId: PROGRAMME,
    linkId: 'link-1',
    schoolIds: [SCHOOL_A, SCHOOL_B],
    agenda: [
      { title: 'Welcome', durationMin: 5 },
      { title: 'Posters', durationMin: 15 },
    ],
    currentStep: 0,
    stepStartedAt: null,
    status: 'waiting-for-adults',
    devices: [
      { classId: 'class-a', className: '4A', schoolId: SCHOOL_A, code: 'ACDEFG', revoked: false },
      { classId: 'class-b', className: '4B', schoolId: SCHOOL_B, code: 'HJKMNP', revoked: false },
    ],
    admitted: [],
    schools: [
      { id: SCHOOL_A, name: 'Ash Primary' },
      { id: SCHOOL_B, name: 'Beech Primary', capBps: 500_000 },
    ],
    ...overrides,
  };
}

export const teacherOf = (schoolId: string, userId = `teacher-${schoolId}`): CallUser => ({
  userId,
  name: `Teacher of ${schoolId}`,
  principal: { userId, grants: [{ role: 'teacher', programmeId: PROGRAMME, schoolId }], classIds: [] } satisfies Principal,
});

export class FakeWorld {
  readonly effects: string[] = [];
  readonly events: LogEventInput[] = [];
  readonly states = new Map<string, CallState>();
  readonly chats = new Map<string, ChatMessage[]>();
  readonly removed = new Map<string, string>();
  readonly disconnected: string[] = [];
  readonly users = new Map<string, CallUser>();
  readonly calls = new Map<string, StoredCall>();
  /** Makes the next log write fail (the log is unavailable). */
  failNextLog: Error | null = null;
  /** While set, every log write waits for it (a database slowed by a busy machine). */
  logGate: Promise<void> | null = null;

  readonly log: CallLog = {
    record: (input) => {
      if (this.failNextLog) {
        const err = this.failNextLog;
        this.failNextLog = null;
        this.effects.push(`log-failed:${input.type}`);
        return Promise.reject(err);
      }
      this.events.push(input);
      this.effects.push(`log:${input.type}`);
      return this.logGate ?? Promise.resolve();
    },
  };

  readonly outbox: CallOutbox = {
    state: (id, state) => void this.states.set(id, state),
    chat: (id, messages) => void this.chats.set(id, messages),
    removed: (id, reason) => {
      this.removed.set(id, reason);
      this.effects.push(`removed:${id}`);
    },
    disconnect: (id) => {
      this.disconnected.push(id);
      this.effects.push(`disconnect:${id}`);
    },
  };

  readonly media: CallMediaPolicy = {
    setMediaFlow: (callId, allowed) => this.did(`media-flow:${allowed}`),
    setHeld: (callId, id, kind, held) => this.did(`held:${id}:${kind}:${held}`),
    setAudioOnly: (callId, id, on) => this.did(`audio-only:${id}:${on}`),
    removePeer: (callId, id) => void this.effects.push(`remove-peer:${id}`),
    closeRoom: (callId) => void this.effects.push(`close-room:${callId}`),
  };

  readonly principals: CallPrincipals = { current: (id) => Promise.resolve(this.users.get(id)) };

  readonly store: CallStore = {
    load: (id) => Promise.resolve(this.calls.get(id) ?? null),
    claim: (id) => Promise.resolve({ movedFrom: this.servedBefore.get(id) ?? null }),
    byJoinCode: (code) => Promise.resolve([...this.calls.values()].find((c) => c.status !== 'ended' && c.devices.some((d) => d.code === code)) ?? null),
    saveStatus: (id, change) => this.did(`store-status:${change.status}`),
    saveStep: (id, step) => this.did(`store-step:${step}`),
    revokeDevice: (id, classId) => this.did(`store-revoke:${classId}`),
    // Kept apart from `effects`: most tests follow the call's steps, not this bookkeeping.
    saveAdmitted: (id, admitted) => {
      const call = this.calls.get(id);
      if (call) call.admitted = admitted;
      return Promise.resolve();
    },
    end: (id) => this.did(`store-end:${id}`),
    presentableWork: (_linkId, itemId) => Promise.resolve(this.publishedWork.get(itemId) ?? null),
  };
  /** The node that served a call before this one, by call id, as a test sets it (several nodes). */
  readonly servedBefore = new Map<string, string>();
  /** Pieces of work both schools have let through, by id, as a test sets them. */
  readonly publishedWork = new Map<string, { itemId: string; title: string; kind: 'image' | 'letter' }>();

  private did(effect: string): Promise<void> {
    this.effects.push(effect);
    return Promise.resolve();
  }

  /** The call use cases over these fakes. */
  services(options: { graceMs?: number; surnames?: string[] } = {}) {
    const guard = joinGuardFor(this.log, () => calls.broadcastAll());
    const calls = new LiveCalls({
      store: this.store,
      log: this.log,
      outbox: this.outbox,
      media: this.media,
      principals: this.principals,
      guessing: () => guard.noticeOf(),
    });
    const quiet = { error: () => undefined };
    return {
      calls,
      guard,
      joining: new CallJoining(calls, guard, quiet, options.graceMs ?? 60_000),
      moderation: new CallModeration(calls),
      chatting: new CallChatting(calls, () => Promise.resolve(options.surnames ?? [])),
    };
  }

  /** Log event types in order. */
  logged(): string[] {
    return this.events.map((e) => e.type);
  }
}

/** A call with both teachers and both class devices in it: live; what happened until then is forgotten. */
export async function liveCall(world: FakeWorld, s: ReturnType<FakeWorld['services']>) {
  const ids = await joinEveryone(world, s);
  world.effects.length = 0;
  world.events.length = 0;
  return ids;
}

/** Both teachers join, both class devices join and are let in (the last admission makes the call live). */
export async function joinEveryone(world: FakeWorld, s: ReturnType<FakeWorld['services']>) {
  world.calls.set('call-1', storedCall());
  world.users.set('t-a', teacherOf(SCHOOL_A));
  world.users.set('t-b', teacherOf(SCHOOL_B));
  await s.joining.joinTeacher('t-a', world.users.get('t-a'), 'call-1');
  await s.joining.joinTeacher('t-b', world.users.get('t-b'), 'call-1');
  const a = await s.joining.joinDevice('d-a', { code: 'ACDEFG', displayName: 'Class 4A', address: '192.0.2.1' });
  const b = await s.joining.joinDevice('d-b', { code: 'HJKMNP', displayName: 'Class 4B', address: '192.0.2.2' });
  await s.joining.decide('t-a', a.participantId, true);
  await s.joining.decide('t-b', b.participantId, true);
  return { deviceA: a.participantId, deviceB: b.participantId };
}
