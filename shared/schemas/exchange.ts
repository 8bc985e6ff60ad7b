// Wire schemas of the exchange wall.
import { z } from 'zod';
import { MAX_LETTER_CHARS } from '../exchange.js';

const Title = z.string().trim().min(1).max(120);
const MilestoneKey = z.string().min(1).max(40);

/** Text fields sent with an upload (multipart form fields). */
export const UploadFieldsSchema = z.strictObject({
  title: Title.optional(),
  milestoneKey: MilestoneKey.optional(),
  /** A picture of a whiteboard kept by a teacher ("Keep this board"). */
  source: z.enum(['board']).optional(),
});
export const LetterSchema = z.strictObject({ title: Title, text: z.string().trim().min(1).max(MAX_LETTER_CHARS), milestoneKey: MilestoneKey.optional() });
export const RejectSchema = z.strictObject({ reason: z.string().trim().min(3).max(500) });
export const FlagSchema = z.strictObject({ reason: z.string().trim().min(3).max(1000) });
export const ApproveSchema = z.strictObject({});
export const REACTION_NAMES = ['heart', 'star', 'smile', 'wow', 'clap'] as const;
/** A comment (words) or a reaction (one of a few pictures), never both. */
export const CommentSchema = z.union([z.strictObject({ text: z.string().trim().min(1).max(300) }), z.strictObject({ reaction: z.enum(REACTION_NAMES) })]);
export const CommentViewSchema = z.object({
  id: z.string(),
  fromSchoolName: z.string(),
  by: z.string(),
  text: z.string().nullable(),
  reaction: z.enum(REACTION_NAMES).nullable(),
  senderApproval: z.enum(['pending', 'approved', 'rejected']),
  receiverApproval: z.enum(['pending', 'approved', 'rejected', 'not-required']),
  may: z.object({ approve: z.boolean(), reject: z.boolean() }),
  /** Set on a class's comment that names personal details (shown to staff). */
  personalDetails: z.string().nullable().optional(),
});
export type CommentView = z.infer<typeof CommentViewSchema>;

export const ExchangeItemViewSchema = z.object({
  id: z.string(),
  linkId: z.string(),
  kind: z.string(),
  title: z.string(),
  milestoneKey: z.string().nullable(),
  fromSchoolId: z.string(),
  fromSchoolName: z.string(),
  by: z.string(),
  mime: z.string().nullable(),
  bytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  text: z.string().nullable(),
  hasThumbnail: z.boolean(),
  senderApproval: z.enum(['pending', 'approved', 'rejected']),
  receiverApproval: z.enum(['pending', 'approved', 'rejected', 'not-required']),
  rejection: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  flagged: z.boolean(),
  /** Set on work from a class whose words name personal details (shown to staff). */
  personalDetails: z.string().nullable().optional(),
  /** What this viewer may do with it now. */
  may: z.object({ approve: z.boolean(), reject: z.boolean(), delete: z.boolean(), flag: z.boolean(), comment: z.boolean() }),
  comments: z.array(CommentViewSchema),
  createdAt: z.string(),
});
export type ExchangeItemView = z.infer<typeof ExchangeItemViewSchema>;
export const ExchangeWallSchema = z.object({
  linkId: z.string(),
  /** The stricter school's setting: items also need the receiving school's approval. */
  receiverApproval: z.boolean(),
  items: z.array(ExchangeItemViewSchema),
});
export type ExchangeWall = z.infer<typeof ExchangeWallSchema>;
