// What the call use cases need from outside, as interfaces: the composition root gives
// Socket.IO (outbox), the SFU (media policy), sessions (principals), MongoDB (store) and
// the safeguarding log. Unit tests give fakes of each.
import type { Principal } from '../../shared/auth.js';
import type { CallState } from '../../shared/schemas/call.js';
import type { LogEventInput } from '../safeguarding/log-types.js';
import type { AgendaStep } from './agenda.js';
import type { ChatMessage } from './call-chat.js';
import type { CallStatus } from './call-status.js';
import type { ExchangeKind } from '../../shared/exchange.js';

/** How participants hear of their call, one connection at a time. */
export interface CallOutbox {
  state(connectionId: string, state: CallState): void;
  chat(connectionId: string, messages: ChatMessage[]): void;
  /** The connection is out of the call, with the reason shown to the class. */
  removed(connectionId: string, reason: string): void;
  /** Ends a connection (a class device removed, or replaced by its own reconnection). */
  disconnect(connectionId: string): void;
}

/** What a call asks of its media room, if it has one yet (the SFU room registry satisfies it). */
export interface CallMediaPolicy {
  setMediaFlow(callId: string, allowed: boolean): Promise<void>;
  setHeld(callId: string, connectionId: string, kind: 'audio' | 'video', held: boolean): Promise<void>;
  setAudioOnly(callId: string, connectionId: string, on: boolean): Promise<void>;
  /** Takes a connection out of the media room at once (back to the lobby). */
  removePeer(callId: string, connectionId: string): void;
  closeRoom(callId: string): void;
}

/** A signed-in person behind a connection. */
export interface CallUser {
  userId: string;
  name: string;
  principal: Principal;
}

/** Who is behind a connection as of now: a logout or a role removed takes effect at the next action. */
export interface CallPrincipals {
  current(connectionId: string): Promise<CallUser | undefined>;
}

export interface StoredDevice {
  classId: string;
  className: string;
  schoolId: string;
  code: string;
  revoked: boolean;
}

/** A class device admitted to a call, as stored for a node that takes the call over. */
export interface AdmittedDevice {
  /** Its rejoin token's hash (accounts/tokens.ts): the token itself is never stored. */
  tokenHash: string;
  participantId: string;
  name: string;
  classId: string;
}

/** A call as stored, with its schools' names and bandwidth caps. */
export interface StoredCall {
  id: string;
  title: string;
  programmeId: string;
  linkId: string;
  schoolIds: string[];
  agenda: AgendaStep[];
  currentStep: number;
  stepStartedAt: Date | null;
  status: CallStatus;
  devices: StoredDevice[];
  admitted: AdmittedDevice[];
  schools: { id: string; name: string; capBps?: number }[];
}

export interface CallStore {
  load(callId: string): Promise<StoredCall | null>;
  /** Records this node as the one serving the call; answers the node that served it before, if another. */
  claim(callId: string): Promise<{ movedFrom: string | null }>;
  /** The call a join code opens, unless it has ended. */
  byJoinCode(code: string): Promise<StoredCall | null>;
  /** A change of status; an ended call is never brought back by a late one. */
  saveStatus(callId: string, change: { status: CallStatus; stepStartedAt: Date | null; liveAt?: Date; endedAt?: Date }): Promise<void>;
  saveStep(callId: string, step: number, stepStartedAt: Date | null): Promise<void>;
  revokeDevice(callId: string, classId: string, at: Date): Promise<void>;
  /** The class devices admitted now (replaces what was stored). */
  saveAdmitted(callId: string, admitted: AdmittedDevice[]): Promise<void>;
  end(callId: string, at: Date): Promise<void>;
  /** A piece of this link's wall that both schools have let through (and no concern hides), or null. */
  presentableWork(linkId: string, itemId: string): Promise<PresentableWork | null>;
}

export interface PresentableWork {
  itemId: string;
  title: string;
  kind: ExchangeKind;
}

/** The safeguarding log as the calls use it. */
export interface CallLog {
  record(input: LogEventInput): Promise<unknown>;
}
