// A school's expression of interest in a programme: one per school (the later replaces the
// earlier, both logged), keyed by its name as typed, normalised.
import { Schema, type InferSchemaType } from 'mongoose';
import { YEAR_GROUPS } from '../../shared/year-groups.js';

export const EoiModelSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true },
    schoolKey: { type: String, required: true },
    schoolName: { type: String, required: true },
    telephone: { type: String, required: true },
    email: { type: String, required: true },
    headTeacher: { type: String, required: true },
    classes: {
      type: [new Schema({ yearGroup: { type: String, enum: YEAR_GROUPS, required: true }, count: { type: Number, required: true } }, { _id: false })],
      required: true,
    },
    preferredKind: String,
    closenessMatters: { type: Boolean, required: true },
    exactYearNotEssential: { type: Boolean, required: true },
    alternativeYearGroups: { type: [String], default: [] },
    keepPartnerSchoolName: String,
    comments: String,
    // Added by the coordinator, kept when the school sends its form again.
    location: { type: new Schema({ lat: Number, lng: Number }, { _id: false }), default: undefined },
    profile: { type: new Schema({ setting: String, faith: String, bands: Schema.Types.Mixed }, { _id: false }), default: undefined },
    priority: Boolean,
    // The joining fee, due once the school's first link is confirmed.
    fee: {
      type: new Schema({ amountPence: { type: Number, required: true }, dueAt: { type: Date, required: true }, paidAt: Date }, { _id: false }),
      default: undefined,
    },
    submissions: { type: Number, default: 1 },
    submittedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
EoiModelSchema.index({ programmeId: 1, schoolKey: 1 }, { unique: true });
export type EoiDoc = InferSchemaType<typeof EoiModelSchema>;
