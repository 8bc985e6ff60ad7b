// A safeguarding concern. The log holds its full record (raised, each status change with
// decision and reason); this document is the current state for lists, and its `changes`
// are only ever appended to.
import { Schema, type InferSchemaType } from 'mongoose';
import { CONCERN_STATUSES, CONCERN_URGENCIES } from '../../shared/schemas/safeguarding.js';

const ChangeSchema = new Schema(
  {
    from: { type: String, enum: CONCERN_STATUSES, required: true },
    to: { type: String, enum: CONCERN_STATUSES, required: true },
    decision: { type: String, required: true },
    reason: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

export const ConcernSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true, index: true },
    schoolIds: { type: [Schema.Types.ObjectId], required: true, index: true },
    linkId: Schema.Types.ObjectId,
    callId: Schema.Types.ObjectId,
    subject: { type: Schema.Types.Mixed, required: true },
    context: String,
    summary: { type: String, required: true },
    urgency: { type: String, enum: CONCERN_URGENCIES, default: 'routine' },
    raisedBy: { kind: String, id: String, label: String },
    status: { type: String, enum: CONCERN_STATUSES, default: 'open' },
    changes: { type: [ChangeSchema], default: [] },
  },
  { timestamps: true },
);
export type ConcernDoc = InferSchemaType<typeof ConcernSchema>;
