// The benchmark's files, made once and kept in ~/.cache/linkroom/bench: phone-like photos
// of about 5 MB (noise compresses badly, like a real photo's detail) with GPS EXIF, and a
// 200 MB video made by ffmpeg.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

export const BENCH_DIR = path.join(process.env.LINKROOM_CACHE_DIR ?? path.join(homedir(), '.cache', 'linkroom'), 'bench');

export async function photos(count: number): Promise<string[]> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(BENCH_DIR, `photo-${i}.jpg`);
    if (!existsSync(file)) {
      const [w, h] = [3000, 2200];
      const raw = Buffer.alloc(w * h * 3);
      let x = 2463534242 + i;
      for (let p = 0; p < raw.length; p++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        // Smooth gradients with grain: a photo's mix of flat and busy areas.
        raw[p] = ((p / 3) % w) / 16 + ((x >>> 0) % 128);
      }
      await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
        .jpeg({ quality: 93 })
        .withExif({ IFD0: { Make: 'PhoneCo' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '53/1 45/1 0/1' } })
        .toFile(file);
    }
    files.push(file);
  }
  return files;
}

export function bigVideo(megabytes: number): string {
  const file = path.join(BENCH_DIR, `video-${megabytes}mb.mp4`);
  if (existsSync(file) && statSync(file).size > megabytes * 2 ** 20 * 0.95) return file;
  mkdirSync(BENCH_DIR, { recursive: true });
  // Noise at a fixed high bitrate: about `megabytes` MB of H.264 in an MP4, made in seconds.
  const seconds = 20;
  const bitrate = Math.round((megabytes * 8 * 2 ** 20) / seconds);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=gray:s=640x360:r=25,noise=alls=80:allf=t+u`,
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-b:v',
    String(bitrate),
    '-minrate',
    String(bitrate),
    '-maxrate',
    String(bitrate),
    '-bufsize',
    String(bitrate),
    '-x264-params',
    'nal-hrd=cbr',
    file,
  ]);
  return file;
}

/** A 39.9-megapixel photo (7,300 × 5,466), the largest a phone sends and Linkroom takes. */
export async function hugePhoto(): Promise<string> {
  const file = path.join(BENCH_DIR, 'photo-40mp.jpg');
  if (existsSync(file)) return file;
  mkdirSync(BENCH_DIR, { recursive: true });
  const [w, h] = [7300, 5466];
  const raw = Buffer.alloc(w * h * 3);
  let x = 88172645;
  for (let p = 0; p < raw.length; p++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[p] = ((p / 3) % w) / 32 + ((x >>> 0) % 12); // a phone photo's size: about 6 MB
  }
  await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(file);
  return file;
}
