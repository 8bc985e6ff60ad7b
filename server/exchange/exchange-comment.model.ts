import { Schema, type InferSchemaType } from 'mongoose';
import { REACTION_NAMES } from '../../shared/schemas/exchange.js';

/** A comment or reaction on an item; it goes through the same approvals as the work itself. */
export const ExchangeCommentSchema = new Schema(
  {
    itemId: { type: Schema.Types.ObjectId, required: true, index: true },
    linkId: { type: Schema.Types.ObjectId, required: true },
    fromSchoolId: { type: Schema.Types.ObjectId, required: true },
    by: { kind: { type: String, enum: ['user', 'device'], required: true }, id: { type: String, required: true }, label: String },
    text: String,
    reaction: { type: String, enum: REACTION_NAMES },
    senderApproval: { type: String, enum: ['pending', 'approved', 'rejected'], required: true },
    receiverApproval: { type: String, enum: ['pending', 'approved', 'rejected', 'not-required'], required: true },
    rejection: { reason: String, by: String, at: Date },
    /** A class's words that name personal details: why its teacher should read it closely. */
    personalDetails: String,
  },
  { timestamps: true },
);
export type ExchangeCommentDoc = InferSchemaType<typeof ExchangeCommentSchema>;
