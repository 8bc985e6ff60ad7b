import { Schema, type InferSchemaType } from 'mongoose';

export const LINK_STATUSES = ['proposed', 'confirmed', 'ended'] as const;

export const LinkSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true, index: true },
    classIds: { type: [Schema.Types.ObjectId], required: true, index: true },
    // Denormalised from the classes so that scope checks need no join.
    schoolIds: { type: [Schema.Types.ObjectId], required: true, index: true },
    status: { type: String, enum: LINK_STATUSES, default: 'proposed' },
    phase: { type: Number, default: 1 },
    progress: [
      new Schema({ milestoneKey: { type: String, required: true }, doneAt: { type: Date, required: true }, by: Schema.Types.ObjectId }, { _id: false }),
    ],
    createdBy: Schema.Types.ObjectId,
    confirmedAt: Date,
    endedAt: Date,
  },
  { timestamps: true },
);
export type LinkDoc = InferSchemaType<typeof LinkSchema>;
