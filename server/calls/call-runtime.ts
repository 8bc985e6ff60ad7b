// The live state of one call in this server: who is present, who waits in the lobby, the
// status under the two-adult rule, the agenda position and mute flags. No sockets here:
// the realtime layer calls these methods and broadcasts what changed.
import type { ExchangeKind } from '../../shared/exchange.js';
import { randomBytes } from 'node:crypto';
import { decideStatus, type CallStatus, type StatusDecision } from './call-status.js';
import { moveStep, type AgendaStep } from './agenda.js';
import { CallChat } from './call-chat.js';
import type { DeviceReadiness } from '../../shared/schemas/call.js';

export type ParticipantKind = 'teacher' | 'device';

export const newParticipantId = (): string => randomBytes(9).toString('base64url');

export interface Participant {
  id: string;
  kind: ParticipantKind;
  name: string;
  schoolId: string;
  userId?: string;
  classId?: string;
  state: 'lobby' | 'in' | 'disconnected';
  socketId: string | null;
  muted: boolean;
  hardMuted: boolean;
  handRaised: boolean;
  videoStopped: boolean;
  /** Chosen by the class device itself (a weak connection). */
  audioOnly: boolean;
  /** Its media connection dropped and is being restored (the SFU saw ICE disconnect). */
  mediaReconnecting?: boolean;
  /** Lets a dropped class device back in within the grace period without re-admission. */
  rejoinToken?: string;
  /** A class device: the class whose code it used, and its camera and microphone as it joined. */
  className?: string;
  readiness?: DeviceReadiness;
}

export interface CallFacts {
  id: string;
  schoolIds: string[];
  agenda: AgendaStep[];
  currentStep: number;
  stepStartedAt: Date | null;
  status: CallStatus;
}

export class CallRuntime {
  readonly participants = new Map<string, Participant>();
  status: CallStatus;
  /** A locked call lets no new class device in (a dropped one may still come back). */
  locked = false;
  /** A teacher has put the board on both classes' screens, beside the partner's video. */
  presentingBoard = false;
  /** The piece of work on both classes' screens, if any (never at the same time as the board). */
  presentingWork: { itemId: string; title: string; kind: ExchangeKind } | null = null;
  spotlight: string | null = null;
  /** While a device holds the microphone, only it is heard among the class devices. */
  micHolder: string | null = null;
  /** Audio only for the whole call (set by a teacher). */
  audioOnly = false;
  readonly chat = new CallChat();
  currentStep: number;
  stepStartedAt: Date | null;
  lastDecision: StatusDecision;

  constructor(readonly call: CallFacts) {
    this.status = call.status;
    this.currentStep = call.currentStep;
    this.stepStartedAt = call.stepStartedAt;
    this.lastDecision = decideStatus(this.status, this.facts());
  }

  private add(p: Omit<Participant, 'id' | 'muted' | 'hardMuted' | 'handRaised' | 'videoStopped' | 'audioOnly'>, id = newParticipantId()): Participant {
    const participant: Participant = { id, muted: false, hardMuted: false, handRaised: false, videoStopped: false, audioOnly: false, ...p };
    this.participants.set(participant.id, participant);
    return participant;
  }

  /**
   * A teacher comes in; one who is already in (another tab, another device) moves to the new
   * connection. A teacher who comes back gets their old place: teachers are never locked out.
   */
  teacherJoined(userId: string, name: string, schoolId: string, socketId: string): { me: Participant; previousSocketId: string | null } {
    for (const p of this.participants.values()) {
      if (p.kind === 'teacher' && p.userId === userId && p.schoolId === schoolId) {
        const previousSocketId = p.socketId;
        p.socketId = socketId;
        p.state = 'in';
        return { me: p, previousSocketId };
      }
    }
    return { me: this.add({ kind: 'teacher', name, schoolId, userId, state: 'in', socketId }), previousSocketId: null };
  }

  deviceWaiting(
    device: { classId: string; schoolId: string; className: string },
    name: string,
    socketId: string,
    id?: string,
    readiness?: DeviceReadiness,
  ): Participant {
    const { classId, schoolId, className } = device;
    return this.add({ kind: 'device', name, schoolId, classId, className, state: 'lobby', socketId, ...(readiness ? { readiness } : {}) }, id);
  }

  admit(participantId: string): Participant | undefined {
    const p = this.participants.get(participantId);
    if (!p || p.kind !== 'device' || p.state !== 'lobby') return undefined;
    p.state = 'in';
    p.rejoinToken = randomBytes(18).toString('base64url');
    return p;
  }

  /**
   * A class device that the node serving this call before had admitted, back after that node
   * stopped: in again as it was, with the rejoin token it holds (no lobby). Not yet connected.
   */
  deviceBack(device: { classId: string; schoolId: string; className: string }, name: string, participantId: string, rejoinToken: string): Participant {
    const { classId, schoolId, className } = device;
    return this.add({ kind: 'device', name, schoolId, classId, className, state: 'disconnected', socketId: null, rejoinToken }, participantId);
  }

  /** Sends an admitted class device back to the lobby: it must be admitted again. */
  backToLobby(participantId: string): Participant | undefined {
    const p = this.participants.get(participantId);
    if (!p || p.kind !== 'device' || p.state !== 'in') return undefined;
    p.state = 'lobby';
    p.rejoinToken = undefined;
    if (this.spotlight === p.id) this.spotlight = null;
    if (this.micHolder === p.id) this.micHolder = null;
    return p;
  }

  /** Takes a participant out (denied, removed, gone for good). */
  drop(participantId: string): Participant | undefined {
    const p = this.participants.get(participantId);
    this.participants.delete(participantId);
    if (this.spotlight === participantId) this.spotlight = null;
    if (this.micHolder === participantId) this.micHolder = null;
    return p;
  }

  isAudioOnly(p: Participant): boolean {
    return this.audioOnly || p.audioOnly;
  }

  /** Whether the server must hold back this participant's audio. */
  audioHeld(p: Participant): boolean {
    return p.muted || p.hardMuted || (p.kind === 'device' && this.micHolder !== null && this.micHolder !== p.id);
  }

  disconnected(participantId: string): void {
    const p = this.participants.get(participantId);
    if (!p) return;
    p.socketId = null;
    if (p.state === 'lobby') this.participants.delete(participantId);
    else p.state = 'disconnected';
  }

  /** The device a rejoin token belongs to, if it may come back (changes nothing). */
  findRejoin(rejoinToken: string): Participant | undefined {
    for (const p of this.participants.values()) {
      // 'in' too: the server may not have noticed the old connection drop yet.
      if (p.kind === 'device' && p.rejoinToken === rejoinToken && (p.state === 'disconnected' || p.state === 'in')) return p;
    }
    return undefined;
  }

  /** A dropped class device back on a new connection; returns the connection it replaces. */
  rejoin(participant: Participant, socketId: string): { previousSocketId: string | null } {
    const previousSocketId = participant.socketId;
    participant.state = 'in';
    participant.socketId = socketId;
    return { previousSocketId };
  }

  moveAgenda(direction: 'next' | 'back', now: Date): boolean {
    const next = moveStep(this.currentStep, direction === 'next' ? 1 : -1, this.call.agenda.length);
    if (next === this.currentStep) return false;
    this.currentStep = next;
    this.stepStartedAt = now;
    return true;
  }

  facts() {
    const all = [...this.participants.values()];
    return {
      schoolIds: this.call.schoolIds,
      // A teacher counts only while connected: their absence pauses media at once.
      teacherSchools: new Set(all.filter((p) => p.kind === 'teacher' && p.state === 'in').map((p) => p.schoolId)),
      // A class device that dropped keeps its place during the grace period, so a blip on
      // one classroom's network does not pause the other class.
      deviceSchools: new Set(all.filter((p) => p.kind === 'device' && p.state !== 'lobby').map((p) => p.schoolId)),
      ended: this.status === 'ended',
    };
  }

  /** Applies the two-adult rule; says whether the status changed. */
  recompute(): { changed: boolean; from: CallStatus; to: CallStatus } {
    const from = this.status;
    this.lastDecision = decideStatus(from, this.facts());
    this.status = this.lastDecision.status;
    if (this.status === 'live' && !this.stepStartedAt) this.stepStartedAt = new Date();
    return { changed: from !== this.status, from, to: this.status };
  }

  end(): void {
    this.status = 'ended';
    this.lastDecision = decideStatus('ended', this.facts());
  }
}
