// Receives one multipart upload as a stream into a temporary file (never whole in memory),
// with the text fields beside it. An over-size file, a second file or a request cut short
// is refused, and the temporary folder is removed.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { MAX_UPLOAD_BYTES } from '../../shared/exchange.js';
import { UploadError } from '../exchange/errors.js';

export interface ReceivedUpload {
  workDir: string;
  filePath: string;
  bytes: number;
  fields: Record<string, string>;
  /** Removes the temporary folder (always call it). */
  cleanUp(): Promise<void>;
}

const MAX_FIELDS = 5;
const MAX_FIELD_BYTES = 1_000;

export async function receiveUpload(req: Request, maxBytes = MAX_UPLOAD_BYTES): Promise<ReceivedUpload> {
  if (!req.is('multipart/form-data')) throw new UploadError('no-file', 'Send the file as multipart/form-data with one field named "file".');
  const workDir = await mkdtemp(path.join(tmpdir(), 'linkroom-upload-'));
  const cleanUp = () => rm(workDir, { recursive: true, force: true });
  const filePath = path.join(workDir, 'upload');
  try {
    const { bytes, fields } = await new Promise<{ bytes: number; fields: Record<string, string> }>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 } });
      } catch {
        reject(new UploadError('no-file', 'The upload could not be read as a form.'));
        return;
      }
      const fields: Record<string, string> = {};
      let writing: Promise<number> | null = null;
      let failed: UploadError | null = null;
      const fail = (e: UploadError) => {
        failed ??= e;
      };
      bb.on('field', (name, value, info) => {
        if (info.valueTruncated) fail(new UploadError('too-large', `The field ${name} is too long.`));
        fields[name] = value;
      });
      bb.on('file', (name, stream) => {
        if (name !== 'file' || writing) {
          fail(new UploadError('no-file', 'Send exactly one file, in a field named "file".'));
          stream.resume();
          return;
        }
        let size = 0;
        stream.on('data', (d: Buffer) => (size += d.length));
        stream.on('limit', () =>
          fail(new UploadError('too-large', `The file is larger than the largest upload the exchange takes (${maxBytes / 2 ** 20} MB).`)),
        );
        writing = pipeline(stream, createWriteStream(filePath)).then(() => size);
      });
      bb.on('filesLimit', () => fail(new UploadError('no-file', 'Send one file at a time.')));
      bb.on('fieldsLimit', () => fail(new UploadError('no-file', 'Too many form fields.')));
      bb.on('partsLimit', () => fail(new UploadError('no-file', 'Too many form parts.')));
      bb.on('error', () => reject(failed ?? new UploadError('truncated', 'The upload was cut short; please try again.')));
      bb.on('close', () => {
        if (!writing) return reject(failed ?? new UploadError('no-file', 'No file was sent.'));
        writing.then(
          (size) => (failed ? reject(failed) : resolve({ bytes: size, fields })),
          () => reject(failed ?? new UploadError('truncated', 'The upload was cut short; please try again.')),
        );
      });
      req.on('aborted', () => reject(new UploadError('truncated', 'The upload was cut short; please try again.')));
      req.pipe(bb);
    });
    return { workDir, filePath, bytes, fields, cleanUp };
  } catch (err) {
    await cleanUp();
    throw err;
  }
}
