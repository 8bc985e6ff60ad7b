// REST bodies and views of the programme model. Bodies are strict: unknown fields are
// rejected with the field named.
import { z } from 'zod';
import { ROLES } from '../auth.js';
import { YEAR_GROUPS } from '../year-groups.js';

export const ObjectIdSchema = z.string().regex(/^[a-f0-9]{24}$/, 'must be an id (24 hex characters)');
const Name = z.string().trim().min(1).max(200);
const IsoDate = z.iso.date();

export const YearGroupSchema = z.enum(YEAR_GROUPS);

export const AgendaStepSchema = z.strictObject({
  title: Name,
  durationMin: z.number().int().min(1).max(120),
  kind: z.enum(['whiteboard']).optional(),
});
export const MilestoneSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{1,40}$/),
  kind: z.enum(['call', 'exchange', 'neutral-venue', 'class-visit', 'cpd']),
  title: Name,
  due: IsoDate.optional(),
  /** For a call: the steps the call follows (from the lesson plan). */
  agenda: z.array(AgendaStepSchema).min(1).max(20).optional(),
});
export const YearPlanSchema = z.strictObject({
  phases: z
    .array(
      z.strictObject({
        number: z.number().int().min(1).max(9),
        title: Name,
        lessons: z.array(z.strictObject({ key: z.string().regex(/^[a-z0-9-]{1,40}$/), title: Name })).max(30),
        milestones: z.array(MilestoneSchema).max(30),
      }),
    )
    .min(1)
    .max(9),
});
export type YearPlan = z.infer<typeof YearPlanSchema>;

export const RetentionSchema = z.strictObject({
  callLogMonths: z.number().int().min(1).max(120),
  exchangeDays: z.number().int().min(0).max(3650),
  concernYears: z.number().int().min(1).max(100),
});

// Update schemas are built from shapes without defaults: a PATCH must never reset a
// field it does not name.
const ProgrammeFields = z.strictObject({
  name: Name,
  localAuthority: Name,
  academicYear: z.string().regex(/^\d{4}-\d{2}$/, 'like 2025-26'),
  cpdDates: z.array(IsoDate).max(20),
  retention: RetentionSchema,
  plan: YearPlanSchema,
  allowClassInSeveralLinks: z.boolean(),
});
export const CreateProgrammeSchema = ProgrammeFields.extend({
  cpdDates: ProgrammeFields.shape.cpdDates.default([]),
  retention: RetentionSchema.optional(),
  plan: YearPlanSchema.optional(),
  allowClassInSeveralLinks: z.boolean().default(false),
});
export const UpdateProgrammeSchema = ProgrammeFields.partial();

const SafeguardingContact = z.strictObject({ name: Name, email: z.email(), phone: z.string().max(40).optional() });

const SchoolFields = z.strictObject({
  name: Name,
  postcode: z.string().trim().min(2).max(10),
  location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
  urn: z.string().regex(/^\d{6,7}$/, 'a 6 or 7 digit URN'),
  safeguardingContacts: z.array(SafeguardingContact).max(10),
  /** Upper limit for each call connection from this school (slow school networks). */
  bandwidthCapKbps: z.number().int().min(100).max(100_000),
  /** The school's policy: pupils' work from a partner class is seen by its class only after one of its teachers approves it. */
  incomingWorkNeedsApproval: z.boolean(),
});
export const CreateSchoolSchema = SchoolFields.partial({ location: true, urn: true, bandwidthCapKbps: true, incomingWorkNeedsApproval: true }).extend({
  safeguardingContacts: SchoolFields.shape.safeguardingContacts.default([]),
});
export const UpdateSchoolSchema = SchoolFields.partial();

const ClassFields = z.strictObject({
  name: Name,
  yearGroup: YearGroupSchema,
  pupilCount: z.number().int().min(0).max(60),
  teacherIds: z.array(ObjectIdSchema).max(10),
  /** The class's surnames, listed by its teacher: words naming one are held (personal-details.ts). */
  surnames: z.array(z.string().trim().min(2).max(60)).max(60),
});
export const CreateClassSchema = ClassFields.extend({
  schoolId: ObjectIdSchema,
  teacherIds: ClassFields.shape.teacherIds.default([]),
  surnames: ClassFields.shape.surnames.default([]),
});
export const UpdateClassSchema = ClassFields.partial();

export const CreateLinkSchema = z.strictObject({
  classIds: z.array(ObjectIdSchema).min(2).max(6),
  /** Coordinator's explicit permission for a class already in another link this year. */
  allowClassInSeveralLinks: z.boolean().default(false),
});
export const LinkProgressSchema = z.strictObject({ milestoneKey: z.string().min(1).max(40), done: z.boolean() });

export const InvitationSchema = z.strictObject({
  email: z.email().max(254),
  role: z.enum(ROLES),
  schoolId: ObjectIdSchema.optional(),
});
/** A new password: long rather than complicated. */
export const NewPasswordSchema = z.string().min(12, 'at least 12 characters').max(200);
export const AcceptInvitationSchema = z.strictObject({
  name: Name,
  password: NewPasswordSchema,
});
/** "Forgot your password?": the address to send a reset link to. */
export const RequestPasswordResetSchema = z.strictObject({ email: z.email().max(254) });
/** A reset link's form: the new password. */
export const CompletePasswordResetSchema = z.strictObject({ password: NewPasswordSchema });
export const LoginSchema = z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(200) });
/** Erasing a person: why (kept in the log; the person's own details are not). */
export const ErasePersonSchema = z.strictObject({ reason: z.string().trim().min(5, 'say why, in a few words').max(500) });
export const ChangeRolesSchema = z.strictObject({
  grants: z.array(z.strictObject({ role: z.enum(ROLES), schoolId: ObjectIdSchema.optional() })).max(20),
});
export const LogQuerySchema = z.strictObject({
  schoolId: ObjectIdSchema.optional(),
  linkId: ObjectIdSchema.optional(),
  type: z.string().max(60).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** For actions that take no body: anything sent is a mistake worth reporting. */
export const EmptyBodySchema = z.strictObject({});
