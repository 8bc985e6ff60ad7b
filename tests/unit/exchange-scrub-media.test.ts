// Without ffmpeg, sound and video are refused with a clear message (never stored unscrubbed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadError } from '../../server/exchange/errors.js';
import { findFfmpeg } from '../../server/exchange/ffmpeg.js';
import { scrubUpload } from '../../server/exchange/scrub.js';
import { wav } from '../support/media-fixtures.js';

describe('sound and video without ffmpeg', () => {
  it('finds no ffmpeg when told "none", and refuses a recording then', async () => {
    expect(findFfmpeg({ FFMPEG_PATH: 'none', PATH: process.env.PATH })).toBeNull();
    const dir = mkdtempSync(path.join(tmpdir(), 'lr-noffmpeg-'));
    writeFileSync(path.join(dir, 'in'), wav(64 * 1024));
    const refused = await scrubUpload(path.join(dir, 'in'), dir, { ffmpegPath: null }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadError);
    expect(refused).toMatchObject({ code: 'no-ffmpeg', status: 501 });
    expect((refused as Error).message).toMatch(/ffmpeg is not installed/);
  });
});
