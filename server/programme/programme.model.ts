import { Schema, type InferSchemaType } from 'mongoose';

const MilestoneSchema = new Schema(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    due: String,
    agenda: {
      type: [new Schema({ title: { type: String, required: true }, durationMin: { type: Number, required: true }, kind: String }, { _id: false })],
      default: undefined,
    },
  },
  { _id: false },
);
const PhaseSchema = new Schema(
  {
    number: { type: Number, required: true },
    title: { type: String, required: true },
    lessons: [new Schema({ key: { type: String, required: true }, title: { type: String, required: true } }, { _id: false })],
    milestones: [MilestoneSchema],
  },
  { _id: false },
);

export const ProgrammeSchema = new Schema(
  {
    name: { type: String, required: true },
    localAuthority: { type: String, required: true },
    academicYear: { type: String, required: true },
    cpdDates: [String],
    retention: {
      callLogMonths: { type: Number, required: true },
      exchangeDays: { type: Number, required: true },
      concernYears: { type: Number, required: true },
    },
    plan: { phases: [PhaseSchema] },
    allowClassInSeveralLinks: { type: Boolean, default: false },
    // The secret in the link of the public expression-of-interest form; unset when closed.
    eoiFormToken: { type: String, index: true, sparse: true },
  },
  { timestamps: true },
);
export type ProgrammeDoc = InferSchemaType<typeof ProgrammeSchema>;
