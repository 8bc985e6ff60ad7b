// An expression of interest, with the fields of the Lancashire form: who the school is,
// the classes it would link, and its three answers about what matters in a match.
import { z } from 'zod';
import { YearGroupSchema } from './programme.js';

const Name = z.string().trim().min(1).max(200);

export const EoiClassesSchema = z
  .array(z.strictObject({ yearGroup: YearGroupSchema, count: z.number().int().min(1, 'must be at least 1').max(10) }))
  .min(1, 'name at least one year group')
  .max(7)
  .refine((cs) => new Set(cs.map((c) => c.yearGroup)).size === cs.length, 'name each year group once, with its number of classes');

export const EoiSchema = z
  .strictObject({
    schoolName: Name,
    telephone: z
      .string()
      .trim()
      .regex(/^[0-9 +()-]{6,30}$/, 'a telephone number'),
    email: z.email(),
    headTeacher: Name,
    /** Preferred year groups and the number of classes in each. */
    classes: EoiClassesSchema,
    /** "The kind of school you would like to link with." */
    preferredKind: z.string().trim().max(1000).optional(),
    /** (1) Being geographically close matters more than our other preferences. */
    closenessMatters: z.boolean(),
    /** (2) An exact year-group match is not essential (we would link ±1). */
    exactYearNotEssential: z.boolean(),
    /** (3) If (2) is no: year groups of ours we would link instead. */
    alternativeYearGroups: z.array(YearGroupSchema).max(7).default([]),
    /** An existing partner school (of this programme) both would like to keep. */
    keepPartnerSchoolName: Name.optional(),
    comments: z.string().trim().max(2000).optional(),
  })
  .refine((e) => !(e.exactYearNotEssential && e.alternativeYearGroups.length > 0), {
    message: 'alternative year groups are asked for only when an exact match is essential (answer "no" to question 2)',
    path: ['alternativeYearGroups'],
  });
export type EoiInput = z.infer<typeof EoiSchema>;

/** What the coordinator adds to a school's form: where it is, and a profile for contrast. */
export const EoiCoordinatorFieldsSchema = z.strictObject({
  location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  profile: z
    .strictObject({
      setting: z.enum(['urban', 'suburban', 'rural']).optional(),
      faith: z.enum(['faith', 'non-faith']).optional(),
      /** A few demographic bands, 1 (low) to 5 (high), e.g. deprivation, pupils with EAL. */
      bands: z.record(z.string().regex(/^[a-z-]{1,30}$/, 'a band name like "deprivation"'), z.number().int().min(1).max(5)).optional(),
    })
    .optional(),
  /** Not linked last year: matched first. */
  priority: z.boolean().optional(),
});
export type EoiCoordinatorFields = z.infer<typeof EoiCoordinatorFieldsSchema>;

/** A coordinator's change to a form: their fields, and whether the fee has been paid. */
export const EoiPatchSchema = EoiCoordinatorFieldsSchema.extend({ feePaid: z.boolean().optional() });

export interface EoiView extends EoiInput, EoiCoordinatorFields {
  id: string;
  programmeId: string;
  submittedAt: string;
  /** How many times the school has sent it (a later one replaces the earlier). */
  submissions: number;
  /** The joining fee, once a link of the school has been confirmed. */
  fee?: { amountPence: number; dueAt: string; paidAt?: string };
}

/** One school, however its name is typed: "St. Mary's  C of E" = "st mary's c of e". */
export const schoolKey = (name: string) => name.toLowerCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim();
