// In-app notices for a user (a concern reaching a DSL).
import { Schema, type InferSchemaType } from 'mongoose';

export const NotificationSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    programmeId: { type: Schema.Types.ObjectId, required: true },
    concernId: Schema.Types.ObjectId,
    text: { type: String, required: true },
    urgent: { type: Boolean, default: false },
    readAt: Date,
  },
  { timestamps: true },
);
export type NotificationDoc = InferSchemaType<typeof NotificationSchema>;
