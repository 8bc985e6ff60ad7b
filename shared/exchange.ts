// What the exchange wall accepts, and its limits: shown in the upload form before anyone
// picks a file, and enforced by the server on the bytes (never the name or the header).
export const EXCHANGE_KINDS = ['image', 'pdf', 'audio', 'video', 'letter', 'board'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

const MB = 1024 * 1024;

/** Accepted file types by the extension file-type detects from the bytes. */
export const UPLOAD_TYPES = {
  jpg: { kind: 'image', mime: 'image/jpeg', maxBytes: 20 * MB },
  png: { kind: 'image', mime: 'image/png', maxBytes: 20 * MB },
  webp: { kind: 'image', mime: 'image/webp', maxBytes: 20 * MB },
  gif: { kind: 'image', mime: 'image/gif', maxBytes: 20 * MB },
  pdf: { kind: 'pdf', mime: 'application/pdf', maxBytes: 20 * MB },
  mp3: { kind: 'audio', mime: 'audio/mpeg', maxBytes: 50 * MB },
  m4a: { kind: 'audio', mime: 'audio/mp4', maxBytes: 50 * MB },
  ogg: { kind: 'audio', mime: 'audio/ogg', maxBytes: 50 * MB },
  opus: { kind: 'audio', mime: 'audio/ogg', maxBytes: 50 * MB },
  wav: { kind: 'audio', mime: 'audio/wav', maxBytes: 100 * MB },
  mp4: { kind: 'video', mime: 'video/mp4', maxBytes: 250 * MB },
  mov: { kind: 'video', mime: 'video/quicktime', maxBytes: 250 * MB },
  webm: { kind: 'video', mime: 'video/webm', maxBytes: 250 * MB },
} as const satisfies Record<string, { kind: ExchangeKind; mime: string; maxBytes: number }>;
export type UploadExt = keyof typeof UPLOAD_TYPES;

/** The largest upload of any type: the request is cut off beyond it. */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(UPLOAD_TYPES).map((t) => t.maxBytes));
/** Against decompression bombs: a picture may have at most this many pixels (e.g. 8000 × 5000). */
export const MAX_IMAGE_PIXELS = 40_000_000;
export const MAX_LETTER_CHARS = 5_000;

/** The limits in words, for the upload form. */
export const LIMITS_IN_WORDS = [
  `Pictures (JPEG, PNG, WebP, GIF): up to ${UPLOAD_TYPES.jpg.maxBytes / MB} MB`,
  `PDF documents: up to ${UPLOAD_TYPES.pdf.maxBytes / MB} MB`,
  `Sound (MP3, M4A, Ogg, WAV): up to ${UPLOAD_TYPES.mp3.maxBytes / MB} MB (WAV ${UPLOAD_TYPES.wav.maxBytes / MB} MB)`,
  `Short videos (MP4, MOV, WebM): up to ${UPLOAD_TYPES.mp4.maxBytes / MB} MB`,
];

export type ApprovalState = 'pending' | 'approved' | 'rejected';
export type ReceiverApprovalState = ApprovalState | 'not-required';

/** Both classes see an item (or comment) only once it is fully approved and not flagged. */
export const isPublished = (i: { senderApproval: ApprovalState; receiverApproval: ReceiverApprovalState; flagged?: boolean | null }): boolean =>
  i.senderApproval === 'approved' && (i.receiverApproval === 'approved' || i.receiverApproval === 'not-required') && !i.flagged;
