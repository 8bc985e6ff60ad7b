import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A class device's join code → its call. The codes also live in the call's `devices`, but
 * a look-up inside an array is served by no index on the embedded database (see
 * scripts/ferretdb/README.md), so each code is also a document of its own, found by `_id`.
 * Codes are never reused, even after their call has ended.
 */
export const JoinCodeSchema = new Schema({
  _id: { type: String, required: true },
  callId: { type: Schema.Types.ObjectId, required: true, index: true },
});
export type JoinCodeDoc = InferSchemaType<typeof JoinCodeSchema>;
