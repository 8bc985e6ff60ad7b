// What can be on a board. Each element is one plain value in the document's `elements`
// map (keyed by element id): strokes never change once drawn, and an edited text or a moved
// note is written whole again. The server checks every value against these schemas.
import { z } from 'zod';

/** The board's logical size; every device scales it to its screen. */
export const BOARD_WIDTH = 1600;
export const BOARD_HEIGHT = 900;
/** Drawing may start a little outside the visible board. */
const MARGIN = 200;
export const MAX_STROKE_POINTS = 1500;
export const MAX_BOARD_TEXT_CHARS = 200;
export const ELEMENTS_MAP = 'elements';

/** Big, distinct colours that read well on a projector. */
export const BOARD_COLOURS = {
  black: '#1f2937',
  red: '#dc2626',
  blue: '#2563eb',
  green: '#16a34a',
  orange: '#f97316',
  purple: '#9333ea',
  yellow: '#facc15',
} as const;
export const BOARD_SIZES = { thin: 6, medium: 14, thick: 30 } as const;
/** The stickers a class can put on the board (drawn as icons by the client: picture-icons.ts). */
export const STICKER_NAMES = ['star', 'heart', 'smile', 'sun', 'tree', 'house', 'flag', 'wave'] as const;

export type BoardColour = keyof typeof BOARD_COLOURS;
export type BoardSize = keyof typeof BOARD_SIZES;
export type StickerName = (typeof STICKER_NAMES)[number];

const Colour = z.enum(Object.keys(BOARD_COLOURS) as [BoardColour, ...BoardColour[]]);
const Size = z.enum(Object.keys(BOARD_SIZES) as [BoardSize, ...BoardSize[]]);
const X = z
  .number()
  .int()
  .min(-MARGIN)
  .max(BOARD_WIDTH + MARGIN);
const Y = z
  .number()
  .int()
  .min(-MARGIN)
  .max(BOARD_HEIGHT + MARGIN);
const Extent = z
  .number()
  .int()
  .min(-(BOARD_WIDTH + MARGIN))
  .max(BOARD_WIDTH + MARGIN);
/** Stacking order: later elements are drawn on top. */
const Z = z.number().int().nonnegative();
const BoardText = z.string().max(MAX_BOARD_TEXT_CHARS);

export const StrokeSchema = z.strictObject({
  kind: z.literal('stroke'),
  /** Flat [x, y, pressure 0–100, x, y, pressure, …]: compact in the CRDT's encoding. */
  points: z
    .array(
      z
        .number()
        .int()
        .min(-MARGIN)
        .max(BOARD_WIDTH + MARGIN),
    )
    .min(3)
    .max(MAX_STROKE_POINTS * 3)
    .refine((p) => p.length % 3 === 0, 'points come in [x, y, pressure] triples'),
  colour: Colour,
  size: Size,
  z: Z,
});
export const ShapeSchema = z.strictObject({
  kind: z.literal('shape'),
  shape: z.enum(['rect', 'ellipse', 'line', 'arrow']),
  x: X,
  y: Y,
  w: Extent,
  h: Extent,
  colour: Colour,
  size: Size,
  z: Z,
});
export const TextSchema = z.strictObject({ kind: z.literal('text'), x: X, y: Y, text: BoardText.min(1), colour: Colour, size: Size, z: Z });
export const StickySchema = z.strictObject({ kind: z.literal('sticky'), x: X, y: Y, text: BoardText, colour: Colour, z: Z });
export const StickerSchema = z.strictObject({
  kind: z.literal('sticker'),
  x: X,
  y: Y,
  sticker: z.enum(STICKER_NAMES),
  size: Size,
  z: Z,
});

/** A picture from the link's exchange wall: only work both schools have let through (checked by the server). */
export const PictureSchema = z.strictObject({
  kind: z.literal('picture'),
  itemId: z.string().regex(/^[a-f0-9]{24}$/),
  x: X,
  y: Y,
  w: z.number().int().min(20).max(BOARD_WIDTH),
  h: z.number().int().min(20).max(BOARD_HEIGHT),
  z: Z,
});

export const BoardElementSchema = z.discriminatedUnion('kind', [StrokeSchema, ShapeSchema, TextSchema, StickySchema, StickerSchema, PictureSchema]);
export type BoardElement = z.infer<typeof BoardElementSchema>;

export const ElementIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

/** The stacking order for a new element: above everything already there. */
export const nextZ = (elements: Iterable<BoardElement>): number => {
  let top = 0;
  for (const e of elements) top = Math.max(top, e.z);
  return top + 1;
};

/** The words an element carries, if any (logged and checked for language). */
export const textOf = (e: BoardElement): string | null => ((e.kind === 'text' || e.kind === 'sticky') && e.text.trim() ? e.text : null);
