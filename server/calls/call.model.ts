import { Schema, type InferSchemaType } from 'mongoose';

export const CALL_STATUSES = ['waiting-for-adults', 'live', 'paused', 'ended'] as const;

export const CallSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true, index: true },
    linkId: { type: Schema.Types.ObjectId, required: true, index: true },
    schoolIds: { type: [Schema.Types.ObjectId], required: true },
    title: { type: String, required: true },
    agenda: [new Schema({ title: { type: String, required: true }, durationMin: { type: Number, required: true }, kind: String }, { _id: false })],
    currentStep: { type: Number, default: 0 },
    stepStartedAt: Date,
    status: { type: String, enum: CALL_STATUSES, default: 'waiting-for-adults', index: true },
    /** One join code per class device; a revoked code no longer admits anyone. */
    devices: [
      new Schema(
        {
          classId: { type: Schema.Types.ObjectId, required: true },
          schoolId: { type: Schema.Types.ObjectId, required: true },
          className: { type: String, required: true },
          code: { type: String, required: true },
          revokedAt: Date,
        },
        { _id: false },
      ),
    ],
    createdBy: { type: Schema.Types.ObjectId, required: true },
    liveAt: Date,
    endedAt: Date,
    /** The node serving the call's room and live state (server/cluster/node-registry.ts). */
    node: String,
    /** When a sweep first found the call's node gone; cleared when another node takes it over. */
    orphanedAt: Date,
    /**
     * The class devices admitted now, by a hash of their rejoin token: a node taking the call
     * over lets them straight back in (several nodes). Kept in step by LiveCalls.settle.
     */
    admitted: [
      new Schema(
        {
          tokenHash: { type: String, required: true },
          participantId: { type: String, required: true },
          name: { type: String, required: true },
          classId: { type: String, required: true },
        },
        { _id: false },
      ),
    ],
  },
  { timestamps: true },
);
// A class device's request on a node that does not serve its call finds it by its token (stored-devices.ts).
CallSchema.index({ 'admitted.tokenHash': 1 });
export type CallDoc = InferSchemaType<typeof CallSchema>;
