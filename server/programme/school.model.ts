import { Schema, type InferSchemaType } from 'mongoose';

export const SchoolSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    postcode: { type: String, required: true },
    location: { lat: Number, lng: Number },
    urn: String,
    bandwidthCapKbps: Number,
    incomingWorkNeedsApproval: { type: Boolean, default: false },
    safeguardingContacts: [new Schema({ name: String, email: String, phone: String }, { _id: false })],
  },
  { timestamps: true },
);
export type SchoolDoc = InferSchemaType<typeof SchoolSchema>;
