// The privacy scrub of every upload, decided by the bytes: pictures re-encoded by sharp
// with orientation applied and every piece of metadata (EXIF, GPS, XMP, ICC comments)
// left behind; sound and video remuxed by ffmpeg without metadata, chapters or data
// tracks; PDFs opened by MuPDF, stripped of their info and XMP, saved clean, and shown by
// a picture of their first page. Works file to file, so memory stays bounded.
import { spawn } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { MAX_IMAGE_PIXELS, UPLOAD_TYPES, type ExchangeKind, type UploadExt } from '../../shared/exchange.js';
import { UploadError } from './errors.js';
import { findForeignContent } from './polyglot.js';
import { refusedTypeInWords } from './refused-type-words.js';

// libvips keeps no cache of decoded images between uploads: a burst of large pictures
// would otherwise leave hundreds of MB held after it.
sharp.cache(false);

export const THUMBNAIL_WIDTH_PX = 480;

/** The wall's picture of a file: small, WebP. */
const thumbnailOf = (input: string | Buffer | Uint8Array): Promise<Buffer> =>
  sharp(input).resize({ width: THUMBNAIL_WIDTH_PX, withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();

/** Whether EXIF bytes hold a GPS directory: the GPSInfo pointer (tag 0x8825, type LONG), in either byte order. */
export const hasGpsDirectory = (bytes: Buffer): boolean =>
  bytes.includes(Buffer.from([0x88, 0x25, 0x00, 0x04])) || bytes.includes(Buffer.from([0x25, 0x88, 0x04, 0x00]));
const PDF_THUMBNAIL_SCALE = 1;

export interface ScrubResult {
  kind: ExchangeKind;
  ext: UploadExt;
  mime: string;
  outputPath: string;
  bytes: number;
  width: number | null;
  height: number | null;
  thumbnail: Buffer | null;
  /** What was done, for the safeguarding log. */
  report: Record<string, string | number | boolean | null>;
}

export interface ScrubOptions {
  ffmpegPath: string | null;
}

/** Decides the type from the bytes and checks its size limit; refuses anything else. */
export async function detectType(inputPath: string): Promise<{ ext: UploadExt; kind: ExchangeKind }> {
  const found = await fileTypeFromFile(inputPath);
  const ext = found?.ext as UploadExt | undefined;
  if (!ext || !(ext in UPLOAD_TYPES)) {
    throw new UploadError('unsupported-type', refusedTypeInWords(found?.ext));
  }
  const type = UPLOAD_TYPES[ext];
  const { size } = await stat(inputPath);
  if (size > type.maxBytes)
    throw new UploadError('too-large', `This ${type.kind} is ${(size / 2 ** 20).toFixed(1)} MB; the limit is ${type.maxBytes / 2 ** 20} MB.`);
  return { ext, kind: type.kind };
}

async function scrubImage(input: string, ext: UploadExt, workDir: string): Promise<Omit<ScrubResult, 'kind' | 'ext'>> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new UploadError('unreadable', 'This picture could not be read: it may be damaged or cut short.');
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_IMAGE_PIXELS) {
    throw new UploadError('too-many-pixels', `This picture is ${meta.width} × ${meta.height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} million pixels.`);
  }
  // GIFs become a still PNG (their first frame); the rest keep their format.
  const outExt = ext === 'gif' ? 'png' : ext;
  const outputPath = path.join(workDir, `clean.${outExt}`);
  const pipeline = () => sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).rotate();
  let info: OutputInfo;
  try {
    const encoded =
      outExt === 'jpg'
        ? pipeline().jpeg({ quality: 85, mozjpeg: true })
        : outExt === 'png'
          ? pipeline().png({ compressionLevel: 8 })
          : pipeline().webp({ quality: 85 });
    info = await encoded.toFile(outputPath);
  } catch {
    throw new UploadError('unreadable', 'This picture could not be read: it may be damaged or cut short.');
  }
  const thumbnail = await thumbnailOf(outputPath);
  return {
    mime: UPLOAD_TYPES[outExt].mime,
    outputPath,
    bytes: info.size,
    width: info.width,
    height: info.height,
    thumbnail,
    report: {
      reencoded: true,
      metadataRemoved: true,
      hadExif: !!meta.exif,
      hadGps: !!meta.exif && hasGpsDirectory(meta.exif),
      orientationApplied: (meta.orientation ?? 1) !== 1,
      width: info.width,
      height: info.height,
    },
  };
}

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

async function scrubMedia(
  input: string,
  ext: UploadExt,
  kind: 'audio' | 'video',
  workDir: string,
  ffmpeg: string | null,
): Promise<Omit<ScrubResult, 'kind' | 'ext'>> {
  if (!ffmpeg)
    throw new UploadError(
      'no-ffmpeg',
      'Sound and video cannot be taken on this server (ffmpeg is not installed), so their hidden details could not be removed.',
    );
  const outputPath = path.join(workDir, `clean.${ext}`);
  const streams = kind === 'audio' ? ['-map', '0:a:0', '-vn'] : ['-map', '0:v:0', '-map', '0:a:0?'];
  const container = ext === 'mp4' || ext === 'mov' || ext === 'm4a' ? ['-movflags', '+faststart'] : [];
  const remux = await run(ffmpeg, [
    '-v',
    'error',
    '-nostdin',
    '-y',
    '-i',
    input,
    ...streams,
    '-map_metadata',
    '-1',
    '-map_chapters',
    '-1',
    '-dn',
    '-sn',
    '-c',
    'copy',
    '-fflags',
    '+bitexact',
    ...container,
    outputPath,
  ]);
  if (remux.code !== 0)
    throw new UploadError('unreadable', `This ${kind === 'audio' ? 'recording' : 'video'} could not be read: it may be damaged or cut short.`);
  let thumbnail: Buffer | null = null;
  if (kind === 'video') {
    const frame = path.join(workDir, 'frame.png');
    const grab = await run(ffmpeg, ['-v', 'error', '-nostdin', '-y', '-i', outputPath, '-frames:v', '1', '-update', '1', frame]);
    if (grab.code === 0) thumbnail = await thumbnailOf(frame).catch(() => null);
  }
  const { size } = await stat(outputPath);
  return { mime: UPLOAD_TYPES[ext].mime, outputPath, bytes: size, width: null, height: null, thumbnail, report: { remuxed: true, metadataRemoved: true } };
}

async function scrubPdf(input: string, workDir: string): Promise<Omit<ScrubResult, 'kind' | 'ext'>> {
  const mupdf = await import('mupdf');
  // MuPDF's repair warnings would go to stderr; a PDF that cannot be used throws anyway.
  mupdf.setLog(null);
  let saved: Buffer;
  let thumbnail: Buffer;
  let pages: number;
  try {
    const doc = mupdf.Document.openDocument(await readFile(input), 'application/pdf');
    const pdf = doc.asPDF();
    pages = doc.countPages();
    if (!pdf || pages < 1) throw new Error('no pages');
    const page = doc.loadPage(0);
    const png = page.toPixmap(mupdf.Matrix.scale(PDF_THUMBNAIL_SCALE, PDF_THUMBNAIL_SCALE), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
    thumbnail = await thumbnailOf(png);
    // The author, software and dates go; so does the XMP packet.
    pdf.getTrailer().delete('Info');
    pdf.getTrailer().get('Root').delete('Metadata');
    saved = Buffer.from(pdf.saveToBuffer('garbage=compact').asUint8Array());
  } catch (err) {
    if (err instanceof UploadError) throw err;
    throw new UploadError('unreadable', 'This PDF could not be opened: it may be damaged or not really a PDF.');
  }
  const outputPath = path.join(workDir, 'clean.pdf');
  await writeFile(outputPath, saved);
  return {
    mime: 'application/pdf',
    outputPath,
    bytes: saved.length,
    width: null,
    height: null,
    thumbnail,
    report: { parsed: true, pages, metadataRemoved: true },
  };
}

/** Detects, checks and cleans one uploaded file; the clean copy is written into workDir. */
export async function scrubUpload(inputPath: string, workDir: string, opts: ScrubOptions): Promise<ScrubResult> {
  const { ext, kind } = await detectType(inputPath);
  const foreign = await findForeignContent(inputPath, { pdf: kind === 'pdf' });
  if (foreign) {
    throw kind === 'pdf' && foreign.what.startsWith('active')
      ? new UploadError('active-content', 'This PDF contains scripts or embedded files, which the exchange does not take. Save it again as a plain PDF.')
      : new UploadError('polyglot', `This ${kind} also contains ${foreign.what}, so it was refused.`);
  }
  const clean =
    kind === 'image'
      ? await scrubImage(inputPath, ext, workDir)
      : kind === 'pdf'
        ? await scrubPdf(inputPath, workDir)
        : await scrubMedia(inputPath, ext, kind as 'audio' | 'video', workDir, opts.ffmpegPath);
  return { kind, ext, ...clean };
}
