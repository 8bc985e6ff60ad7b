import { Schema, type InferSchemaType } from 'mongoose';

export const ClassSchema = new Schema(
  {
    programmeId: { type: Schema.Types.ObjectId, required: true, index: true },
    schoolId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    yearGroup: { type: String, required: true },
    pupilCount: { type: Number, required: true },
    teacherIds: { type: [Schema.Types.ObjectId], index: true },
    /** Listed by the class's teacher, never shown to the partner class: words naming one are held. */
    surnames: { type: [String], default: [] },
    /** The class of an expression of interest it was made from by confirming a match ("<eoi id>:Y4:1"). */
    eoiClassId: { type: String, index: true },
  },
  { timestamps: true },
);
export type ClassDoc = InferSchemaType<typeof ClassSchema>;
