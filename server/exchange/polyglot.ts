// A polyglot is a file that is also another, dangerous kind of file (a picture that is also
// a ZIP or a web page, a PDF carrying script). Re-encoding drops such payloads anyway; a
// file carrying one is refused outright, so it is never stored or passed on. The whole file
// is scanned as a stream, with an overlap so that no signature is split between chunks.
import { createReadStream } from 'node:fs';

interface Signature {
  name: string;
  bytes: Buffer;
  notAtStart?: boolean;
}

const SIGNATURES: Signature[] = [
  // ZIP local file header with a plausible "version needed" (1.0, 2.0 or 4.5): also JAR, DOCX, APK.
  ...[0x0a, 0x14, 0x2d].map((v) => ({ name: 'a ZIP archive', bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, v, 0x00]) })),
  { name: 'a PDF document', bytes: Buffer.from('%PDF-'), notAtStart: true },
  { name: 'a Windows program', bytes: Buffer.from('This program cannot be run in DOS mode') },
  { name: 'a Linux program', bytes: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]) },
  ...['<script', '<SCRIPT', '<html', '<HTML', '<!DOCTYPE html', '<!doctype html', '<?php', '<svg ', '<iframe'].map((t) => ({
    name: 'web page code',
    bytes: Buffer.from(t),
  })),
];
const OVERLAP = Math.max(...SIGNATURES.map((s) => s.bytes.length)) - 1;

/** Active content a PDF may carry: refused, since a class should never open such a file. */
const PDF_ACTIVE = ['/JavaScript', '/JS ', '/JS(', '/Launch', '/EmbeddedFile', '/RichMedia', '/OpenAction /JavaScript'].map((t) => Buffer.from(t));

export interface ForeignContent {
  what: string;
  offset: number;
}

export async function findForeignContent(path: string, opts: { pdf?: boolean } = {}): Promise<ForeignContent | null> {
  const signatures: Signature[] = opts.pdf
    ? [...SIGNATURES.filter((s) => s.name !== 'a PDF document'), ...PDF_ACTIVE.map((bytes) => ({ name: 'active content (script or embedded files)', bytes }))]
    : SIGNATURES;
  let carry = Buffer.alloc(0);
  let base = 0; // file offset of carry[0]
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const window = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    for (const s of signatures) {
      let at = window.indexOf(s.bytes);
      while (at !== -1 && s.notAtStart && base + at === 0) at = window.indexOf(s.bytes, at + 1);
      if (at !== -1) return { what: s.name, offset: base + at };
    }
    const keep = Math.min(OVERLAP, window.length);
    carry = Buffer.from(window.subarray(window.length - keep));
    base += window.length - keep;
  }
  return null;
}
