// Wire schemas of the shared whiteboard. Document sync and awareness carry the standard
// y-protocols messages as bytes; the rest are the teacher's controls and the board's state.
import { z } from 'zod';
import { SYNC_CHUNK_BYTES, MAX_CHUNKS } from '../board/chunks.js';
import { ElementIdSchema } from '../board/elements.js';
import { ackOf } from './ack.js';

/** A board per call (`call-<callId>`) and one per link that lasts the year (`link-<linkId>`). */
export const BoardIdSchema = z.string().regex(/^(call|link)-[a-f0-9]{24}$/);
export const BoardKindSchema = z.enum(['call', 'link']);
export type BoardKind = z.infer<typeof BoardKindSchema>;
/** The most one awareness message (a cursor) may be. */
export const MAX_AWARENESS_BYTES = 2048;

/** Bytes from a client: Socket.IO hands Node a Buffer (a Uint8Array). */
const Bytes = (max: number) =>
  z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected binary data')
    .refine((v) => v.byteLength > 0 && v.byteLength <= max, `must be 1 to ${max} bytes`);
/** Bytes to a browser arrive as an ArrayBuffer. */
const IncomingBytes = z.union([z.instanceof(Uint8Array), z.instanceof(ArrayBuffer)]);

export const ChunkPartSchema = z
  .strictObject({
    id: z.string().min(1).max(40),
    index: z
      .number()
      .int()
      .min(0)
      .max(MAX_CHUNKS - 1),
    count: z.number().int().min(1).max(MAX_CHUNKS),
  })
  .refine((p) => p.index < p.count, { message: 'part index must be below the part count', path: ['index'] });

export const BoardOpenSchema = z.strictObject({ board: BoardKindSchema });
export const BoardStateSchema = z.object({
  boardId: BoardIdSchema,
  kind: BoardKindSchema,
  locked: z.boolean(),
  cursorsHidden: z.boolean(),
  /** A clear a teacher may still undo. */
  canUndoClear: z.boolean(),
  /** For a teacher: their class's words that name personal details, waiting for them. */
  held: z.array(z.object({ elementId: z.string(), by: z.string(), text: z.string(), reason: z.string() })).optional(),
});
export type BoardState = z.infer<typeof BoardStateSchema>;
export const BoardOpenAckSchema = ackOf(BoardStateSchema.extend({ mayModerate: z.boolean(), linkId: z.string() }));

/** One y-protocols sync message (step 1, step 2 or update), whole or as one part of several. */
export const BoardSyncSchema = z.strictObject({ boardId: BoardIdSchema, data: Bytes(SYNC_CHUNK_BYTES), part: ChunkPartSchema.optional() });
export const BoardAwarenessSchema = z.strictObject({ boardId: BoardIdSchema, data: Bytes(MAX_AWARENESS_BYTES) });
export const BoardToggleSchema = z.strictObject({ boardId: BoardIdSchema, on: z.boolean() });
export const BoardTargetSchema = z.strictObject({ boardId: BoardIdSchema });
export const BoardElementTargetSchema = z.strictObject({ boardId: BoardIdSchema, elementId: ElementIdSchema });
export const BoardOkAckSchema = ackOf(z.object({}));

export const BoardSyncOutSchema = z.object({ boardId: BoardIdSchema, data: IncomingBytes, part: ChunkPartSchema.optional() });
export const BoardAwarenessOutSchema = z.object({ boardId: BoardIdSchema, data: IncomingBytes });

/** What each board's cursors show: the participant's name, checked by the server. */
export const AwarenessStateSchema = z.strictObject({
  name: z.string().max(60),
  cursor: z.object({ x: z.number().finite(), y: z.number().finite() }).strict().nullable(),
});
export type AwarenessState = z.infer<typeof AwarenessStateSchema>;
