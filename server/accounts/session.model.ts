import { Schema, type InferSchemaType } from 'mongoose';

export const SessionSchema = new Schema({
  /** sha256 of the cookie's token: a database leak does not yield usable sessions. */
  tokenHash: { type: String, required: true, unique: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  csrfToken: { type: String, required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  userAgent: String,
});
export type SessionDoc = InferSchemaType<typeof SessionSchema>;
