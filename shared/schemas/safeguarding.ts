// The DSL's review: timeline queries, concerns and their status changes, exports.
import { z } from 'zod';
import { LogEventViewSchema } from './log.js';
import { ObjectIdSchema } from './programme.js';

export const TIMELINE_MAX_EVENTS = 10_000;

/** A timeline is about one call, one link or one school (or, for a programme DSL, the programme). */
export const TimelineQuerySchema = z.strictObject({
  callId: ObjectIdSchema.optional(),
  linkId: ObjectIdSchema.optional(),
  schoolId: ObjectIdSchema.optional(),
  /** Comma-separated event types, or prefixes ending in '.' ("call.,board.text"). */
  types: z
    .string()
    .max(600)
    .regex(/^[a-z.,-]*$/, 'event types, comma-separated')
    .optional(),
  actor: z.string().max(128).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(TIMELINE_MAX_EVENTS).default(2_000),
});
export type TimelineQuery = z.infer<typeof TimelineQuerySchema>;

export const PresenceLaneSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['teacher', 'device']),
  intervals: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
});
export type PresenceLane = z.infer<typeof PresenceLaneSchema>;

export const TimelineViewSchema = z.object({
  events: z.array(LogEventViewSchema),
  lanes: z.array(PresenceLaneSchema),
  truncated: z.boolean(),
});
export type TimelineView = z.infer<typeof TimelineViewSchema>;

export const CONCERN_STATUSES = ['open', 'under-review', 'action-taken', 'no-further-action'] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];
export const CONCERN_STATUS_LABELS: Record<ConcernStatus, string> = {
  open: 'Open',
  'under-review': 'Under review',
  'action-taken': 'Action taken',
  'no-further-action': 'No further action',
};

const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** What a concern is about. */
export const ConcernSubjectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('call'), callId: ObjectIdSchema }),
  z.strictObject({ kind: z.literal('chat-message'), callId: ObjectIdSchema, messageId: z.string().min(1).max(64) }),
  z.strictObject({
    kind: z.literal('board-element'),
    boardId: z.string().regex(/^(call|link)-[a-f0-9]{24}$/, 'a board id'),
    elementId: z.string().min(1).max(64),
  }),
  z.strictObject({ kind: z.literal('exchange-item'), itemId: ObjectIdSchema }),
  z.strictObject({ kind: z.literal('none'), schoolId: ObjectIdSchema }),
]);
export type ConcernSubject = z.infer<typeof ConcernSubjectSchema>;

/** How soon a concern needs a lead: a child at immediate risk is acted on now, not read later. */
export const CONCERN_URGENCIES = ['immediate-risk', 'today', 'routine'] as const;
export type ConcernUrgency = (typeof CONCERN_URGENCIES)[number];
export const CONCERN_URGENCY_LABELS: Record<ConcernUrgency, string> = {
  'immediate-risk': 'A child may be at immediate risk',
  today: 'A lead should look at it today',
  routine: 'No immediate risk: for the lead to review',
};

export const NewConcernSchema = z.strictObject({
  subject: ConcernSubjectSchema,
  summary: Text(4000),
  urgency: z.enum(CONCERN_URGENCIES).default('routine'),
});

export const ConcernStatusChangeSchema = z.strictObject({
  status: z.enum(CONCERN_STATUSES),
  decision: Text(2000),
  reason: Text(4000),
});
export type ConcernStatusChange = z.infer<typeof ConcernStatusChangeSchema>;

export const ConcernChangeViewSchema = z.object({
  from: z.enum(CONCERN_STATUSES),
  to: z.enum(CONCERN_STATUSES),
  decision: z.string(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});

export const ConcernViewSchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  schoolIds: z.array(z.string()),
  linkId: z.string().optional(),
  callId: z.string().optional(),
  subject: ConcernSubjectSchema,
  /** What the subject said at the time (a chat message, a board text, an item's title). */
  context: z.string().optional(),
  summary: z.string(),
  urgency: z.enum(CONCERN_URGENCIES),
  raisedBy: z.string(),
  status: z.enum(CONCERN_STATUSES),
  changes: z.array(ConcernChangeViewSchema),
  createdAt: z.string(),
});
export type ConcernView = z.infer<typeof ConcernViewSchema>;

export const ExportQuerySchema = z.strictObject({ format: z.enum(['pdf', 'csv']).default('pdf') });

export const NotificationViewSchema = z.object({
  id: z.string(),
  text: z.string(),
  concernId: z.string().optional(),
  programmeId: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
  /** A concern where a child may be at immediate risk. */
  urgent: z.boolean(),
});
export type NotificationView = z.infer<typeof NotificationViewSchema>;
