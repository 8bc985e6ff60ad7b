import { Schema, type InferSchemaType } from 'mongoose';

export const InvitationSchema = new Schema({
  tokenHash: { type: String, required: true, unique: true },
  email: { type: String, required: true, lowercase: true },
  role: { type: String, required: true },
  programmeId: { type: Schema.Types.ObjectId, required: true },
  schoolId: Schema.Types.ObjectId,
  invitedBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  acceptedAt: Date,
  acceptedBy: Schema.Types.ObjectId,
});
export type InvitationDoc = InferSchemaType<typeof InvitationSchema>;
