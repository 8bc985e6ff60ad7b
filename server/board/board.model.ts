import { Schema } from 'mongoose';

/** A board's settings and the last clear a teacher may still undo. */
export const BoardSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['call', 'link'], required: true },
    programmeId: { type: Schema.Types.ObjectId, required: true },
    linkId: { type: Schema.Types.ObjectId, required: true, index: true },
    callId: Schema.Types.ObjectId,
    locked: { type: Boolean, default: false },
    cursorsHidden: { type: Boolean, default: false },
    /** The elements removed by the last clear, as JSON: [[id, element], …]. */
    lastClear: Buffer,
    /** A class's words held for its teacher (held-elements.ts), kept across restarts. */
    held: {
      type: [
        new Schema(
          {
            elementId: { type: String, required: true },
            /** The element as JSON, placed as it was if the teacher lets it through. */
            element: { type: String, required: true },
            schoolId: { type: String, required: true },
            by: { type: String, required: true },
            text: { type: String, required: true },
            reason: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
  },
  { timestamps: true },
);

/** Yjs updates as they arrive, in order per board; folded into the snapshot by compaction. */
export const BoardUpdateSchema = new Schema({
  boardId: { type: String, required: true },
  seq: { type: Number, required: true },
  data: { type: Buffer, required: true },
  at: { type: Date, default: () => new Date() },
});
BoardUpdateSchema.index({ boardId: 1, seq: 1 }, { unique: true });

/** The whole document up to and including update `upToSeq`. */
export const BoardSnapshotSchema = new Schema({
  _id: { type: String, required: true },
  upToSeq: { type: Number, required: true },
  data: { type: Buffer, required: true },
  at: { type: Date, default: () => new Date() },
});
