// Wire schemas for structured calls: one per socket message, and the state view.
import { z } from 'zod';
import { ackOf } from './ack.js';
import { EXCHANGE_KINDS } from '../exchange.js';

const Id = z.string().min(1).max(64);
export const CallStatusSchema = z.enum(['waiting-for-adults', 'live', 'paused', 'ended']);

/** What a class device's pre-join check found: its camera and microphone, ready or not and why. */
export const DeviceReadinessSchema = z.strictObject({
  camera: z.enum(['ready', 'blocked', 'missing', 'in-use', 'off']),
  microphone: z.enum(['ready', 'blocked', 'missing', 'in-use']),
});
export type DeviceReadiness = z.infer<typeof DeviceReadinessSchema>;

export const ParticipantViewSchema = z.object({
  id: Id,
  peerId: z.string().nullable(),
  kind: z.enum(['teacher', 'device']),
  name: z.string(),
  schoolId: z.string(),
  state: z.enum(['lobby', 'in', 'disconnected']),
  muted: z.boolean(),
  hardMuted: z.boolean(),
  handRaised: z.boolean(),
  videoStopped: z.boolean(),
  audioOnly: z.boolean(),
  /** Its connection to the media server dropped and is being restored (ICE disconnected). */
  mediaReconnecting: z.boolean(),
  /** A class device: the class whose join code it used, and what its pre-join check found. */
  className: z.string().nullable().optional(),
  readiness: DeviceReadinessSchema.nullable().optional(),
});
export type ParticipantView = z.infer<typeof ParticipantViewSchema>;

export const CallStateSchema = z.object({
  callId: Id,
  linkId: Id,
  title: z.string(),
  status: CallStatusSchema,
  /** Why the call is not live, in words for the room. */
  reason: z.string(),
  agenda: z.object({
    steps: z.array(z.object({ title: z.string(), durationMin: z.number(), kind: z.string().optional() })),
    current: z.number().int(),
    startedAt: z.string().nullable(),
  }),
  participants: z.array(ParticipantViewSchema),
  locked: z.boolean(),
  /** A teacher has put the board on both classes' screens, beside the partner's video. */
  presentingBoard: z.boolean(),
  /** A piece of work from the link's wall a teacher put on both classes' screens (presenter mode), or none. */
  presentingWork: z.object({ itemId: z.string(), title: z.string(), kind: z.enum(EXCHANGE_KINDS) }).nullable(),
  classChatOn: z.boolean(),
  audioOnly: z.boolean(),
  spotlight: Id.nullable(),
  micHolder: Id.nullable(),
  you: z.object({
    participantId: Id,
    kind: z.enum(['teacher', 'device']),
    state: z.enum(['lobby', 'in', 'disconnected']),
    muted: z.boolean(),
    hardMuted: z.boolean(),
    handRaised: z.boolean(),
    audioOnly: z.boolean(),
    /** Given to an admitted class device: rejoin within the grace period without re-admission. */
    rejoinToken: z.string().optional(),
  }),
  /** Join codes, for teachers only. */
  codes: z.array(z.object({ classId: z.string(), className: z.string(), schoolId: z.string(), code: z.string(), revoked: z.boolean() })).optional(),
  /** The media server of the call failed at this time; media is being restored. */
  mediaInterruptedSince: z.string().optional(),
  /** For teachers: someone was refused for trying many join codes on this server lately. */
  codeGuessing: z.object({ refused: z.number().int(), addresses: z.number().int(), since: z.string() }).optional(),
});
export type CallState = z.infer<typeof CallStateSchema>;

export const JoinTeacherSchema = z.strictObject({ callId: Id });
export const JoinDeviceSchema = z.strictObject({
  code: z.string().min(1).max(20),
  displayName: z.string().trim().min(1).max(60),
  rejoinToken: z.string().min(10).max(64).optional(),
  readiness: DeviceReadinessSchema.optional(),
});
/** POST /api/calls/by-code: the call a class device's code opens, asked before it connects (several nodes route by it). */
export const CallByCodeSchema = z.strictObject({ code: JoinDeviceSchema.shape.code, displayName: JoinDeviceSchema.shape.displayName });
export const CallByCodeAnswerSchema = z.object({ callId: Id });
export const JoinAckSchema = ackOf(z.object({ callId: Id, participantId: Id, rejoinToken: z.string().optional() }));
export const ParticipantTargetSchema = z.strictObject({ participantId: Id });
export const AgendaMoveSchema = z.strictObject({ direction: z.enum(['next', 'back']) });
export const HardMuteSchema = z.strictObject({ participantId: Id, on: z.boolean() });
export const EmptySchema = z.strictObject({});
export const ToggleSchema = z.strictObject({ on: z.boolean() });
export const RemoveSchema = z.strictObject({
  participantId: Id,
  /** Back to the lobby (a teacher may let it in again) instead of out with its code revoked. */
  toLobby: z.boolean().default(false),
});
export const OptionalParticipantSchema = z.strictObject({ participantId: Id.nullable() });
export const StopVideoSchema = z.strictObject({ participantId: Id, on: z.boolean() });
export const OkAckSchema = ackOf(z.object({}));
/** A published piece of the link's wall to put on both screens, or null to take it off. */
export const PresentWorkSchema = z.strictObject({
  itemId: z
    .string()
    .regex(/^[a-f0-9]{24}$/, 'must be an id (24 hex characters)')
    .nullable(),
});
export const RemovedSchema = z.object({ reason: z.string() });

export const ChatChannelSchema = z.enum(['teachers', 'class']);
export const ChatSendSchema = z.strictObject({ channel: ChatChannelSchema, text: z.string().trim().min(1).max(500) });
/** held: the message names personal details and waits for the sending class's teacher. */
export const ChatSendAckSchema = ackOf(z.object({ messageId: Id, held: z.object({ reason: z.string() }).optional() }));
export const ChatDeleteSchema = z.strictObject({ messageId: Id });
/** A teacher of the sending class lets a held message through to the partner class. */
export const ChatReleaseSchema = z.strictObject({ messageId: Id });
export const ChatMessageSchema = z.object({
  id: Id,
  channel: ChatChannelSchema,
  fromParticipantId: Id,
  fromName: z.string(),
  text: z.string(),
  at: z.string(),
  /** Shown only to the sending class and its teachers until released. */
  held: z.object({ reason: z.string() }).optional(),
});
export type ChatMessageView = z.infer<typeof ChatMessageSchema>;
export const ChatListSchema = z.object({ messages: z.array(ChatMessageSchema) });
