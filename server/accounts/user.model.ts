import { Schema, type InferSchemaType } from 'mongoose';

export const UserSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    grants: [
      new Schema(
        { role: { type: String, required: true }, programmeId: { type: Schema.Types.ObjectId, required: true }, schoolId: Schema.Types.ObjectId },
        { _id: false },
      ),
    ],
    /** Demo accounts exist only in demo mode; the server refuses them otherwise. */
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
export type UserDoc = InferSchemaType<typeof UserSchema>;
