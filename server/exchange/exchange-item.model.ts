import { Schema, type InferSchemaType } from 'mongoose';
import { EXCHANGE_KINDS } from '../../shared/exchange.js';

/** One piece of pupils' work on a link's wall; its bytes live in GridFS. */
export const ExchangeItemSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true },
    linkId: { type: Schema.Types.ObjectId, required: true, index: true },
    fromSchoolId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: EXCHANGE_KINDS, required: true },
    title: { type: String, required: true },
    milestoneKey: String,
    by: { kind: { type: String, enum: ['user', 'device'], required: true }, id: { type: String, required: true }, label: String },
    mime: String,
    bytes: { type: Number, default: 0 },
    width: Number,
    height: Number,
    /** A typed letter's words. */
    text: String,
    fileId: Schema.Types.ObjectId,
    thumbnailId: Schema.Types.ObjectId,
    senderApproval: { type: String, enum: ['pending', 'approved', 'rejected'], required: true },
    receiverApproval: { type: String, enum: ['pending', 'approved', 'rejected', 'not-required'], required: true },
    rejection: { reason: String, by: String, at: Date },
    flagged: { type: Boolean, default: false },
    /** A class's words that name personal details: why the sending teacher should read it closely. */
    personalDetails: String,
    deletedAt: Date,
  },
  { timestamps: true },
);
export type ExchangeItemDoc = InferSchemaType<typeof ExchangeItemSchema>;
