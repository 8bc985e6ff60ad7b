// A programme's latest matching run: what was asked (weights, locked and removed pairs)
// and what was proposed, so the coordinator's work survives a reload and a confirmation
// can only confirm what was proposed and explained.
import { Schema, type InferSchemaType } from 'mongoose';

export const MatchingRunModelSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true, unique: true },
    request: { type: Schema.Types.Mixed, required: true },
    result: { type: Schema.Types.Mixed, required: true },
    ranAt: { type: Date, required: true },
    ranBy: Schema.Types.ObjectId,
  },
  { timestamps: true, minimize: false },
);
export type MatchingRunDoc = InferSchemaType<typeof MatchingRunModelSchema>;
