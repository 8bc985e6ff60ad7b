import { Schema, type InferSchemaType } from 'mongoose';

/** A password-reset link: only its token's hash is stored; it works once, for a short time. */
export const PasswordResetSchema = new Schema({
  tokenHash: { type: String, required: true, unique: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  /** Who asked: the person themselves ("Forgot your password?") or a coordinator. */
  requestedBy: { type: String, enum: ['self', 'coordinator'], required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  usedAt: Date,
});
export type PasswordResetDoc = InferSchemaType<typeof PasswordResetSchema>;
