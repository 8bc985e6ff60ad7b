// Shapes of safeguarding log events, shared by the server (writer) and the DSL screens.
import { z } from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const LogActorSchema = z.object({
  kind: z.enum(['user', 'device', 'system', 'anonymous']),
  id: z.string().max(128),
  label: z.string().max(200).optional(),
});
export type LogActor = z.infer<typeof LogActorSchema>;

export const LogScopeSchema = z.object({
  programmeId: z.string().optional(),
  schoolIds: z.array(z.string()).optional(),
  linkId: z.string().optional(),
  callId: z.string().optional(),
});
export type LogScope = z.infer<typeof LogScopeSchema>;

/** Event types written so far; each capability adds its own. */
export const LOG_EVENT_TYPES = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.logout',
  'auth.logout-everywhere',
  'invitation.sent',
  'invitation.accepted',
  'user.roles-changed',
  'programme.created',
  'programme.updated',
  'school.created',
  'school.updated',
  'class.created',
  'class.updated',
  'link.created',
  'link.confirmed',
  'link.ended',
  'link.progress',
  'log.read',
  'demo.seeded',
  'call.created',
  'call.join-attempt',
  'call.teacher-joined',
  'call.device-waiting',
  'call.device-admitted',
  'call.device-denied',
  'call.device-removed',
  'call.participant-left',
  'call.device-reconnected',
  'call.status-changed',
  'call.agenda-step',
  'call.muted-all',
  'call.muted',
  'call.device-sent-to-lobby',
  'call.hard-mute',
  'call.unmute-refused',
  'call.forbidden',
  'call.ended',
  'call.locked',
  'call.hand-raised',
  'call.spotlight',
  'call.mic-passed',
  'call.video-stopped',
  'call.class-chat',
  'call.audio-only',
  'call.chat-message',
  'call.chat-refused',
  'call.chat-deleted',
  'board.opened',
  'board.locked',
  'board.cursors-hidden',
  'board.cleared',
  'board.clear-undone',
  'board.element-deleted',
  'board.text',
  'board.update-refused',
  'board.snapshot-saved',
  'exchange.uploaded',
  'exchange.upload-refused',
  'exchange.approved',
  'exchange.rejected',
  'exchange.flagged',
  'exchange.deleted',
  'exchange.viewed',
  'exchange.comment',
  'exchange.comment-refused',
  'exchange.comment-approved',
  'exchange.comment-rejected',
  'action.failed',
] as const;
export type LogEventType = (typeof LOG_EVENT_TYPES)[number];

export const LogEventViewSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: LogActorSchema,
  role: z.string(),
  scope: LogScopeSchema,
  type: z.string(),
  payload: z.unknown().optional(),
  redacted: z.boolean(),
  hash: z.string(),
  prevHash: z.string(),
});
export type LogEventView = z.infer<typeof LogEventViewSchema>;
