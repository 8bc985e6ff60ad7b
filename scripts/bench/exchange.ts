// npm run bench:exchange — what the exchange's upload pipeline costs: upload + type check +
// polyglot scan + scrub + thumbnail + GridFS + log, for a mix of ~5 MB photos, beside sharp
// alone re-encoding (and thumbnailing) the same files in the same run; and the server's peak
// memory while a 200 MB video streams through.
import { openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { THUMBNAIL_WIDTH_PX } from '../../server/exchange/scrub.js';
import { MAX_IMAGE_PIXELS } from '../../shared/exchange.js';
import { bigVideo, photos } from './exchange/fixtures.js';
import { ask, startServer, type CpuReport, type ServerReady } from './server-ipc.js';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 24);
const CONCURRENCY = 2;
const VIDEO_MB = 200;

const here = path.dirname(fileURLToPath(import.meta.url));

async function inParallel<T>(items: T[], n: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

async function upload(ready: ServerReady, file: string, title: string): Promise<void> {
  const form = new FormData();
  form.append('title', title);
  form.append('file', await openAsBlob(file), path.basename(file));
  const res = await fetch(`${ready.url}/api/links/${ready.linkId}/exchange`, { method: 'POST', headers: { cookie: ready.cookies![0], 'x-csrf-token': ready.csrfs![0] }, body: form });
  if (res.status !== 201) throw new Error(`upload of ${title} failed: ${res.status} ${await res.text()}`);
}

const files = await photos(PHOTOS);
const totalMb = files.reduce((n, f) => n + statSync(f).size, 0) / 2 ** 20;
console.log(`exchange: ${files.length} photos, ${totalMb.toFixed(1)} MB (${(totalMb / files.length).toFixed(1)} MB each), ${CONCURRENCY} at a time`);

// sharp alone: the same re-encode and thumbnail, nothing else.
const sharpStarted = performance.now();
await inParallel(files, CONCURRENCY, async (f) => {
  await sharp(f, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  await sharp(f).resize({ width: THUMBNAIL_WIDTH_PX }).webp({ quality: 75 }).toBuffer();
});
const sharpS = (performance.now() - sharpStarted) / 1000;

const { child, ready } = await startServer(path.join(here, 'exchange', 'linkroom-server.ts'));
try {
  await upload(ready, files[0]!, 'warm-up');
  const started = performance.now();
  let n = 0;
  await inParallel(files, CONCURRENCY, (f) => upload(ready, f, `photo ${n++}`));
  const linkroomS = (performance.now() - started) / 1000;

  const video = bigVideo(VIDEO_MB);
  const videoMb = statSync(video).size / 2 ** 20;
  const before = (await ask<CpuReport>(child, 'cpu')).rssBytes;
  await ask(child, 'reset-peak');
  const videoStarted = performance.now();
  await upload(ready, video, 'big video');
  const videoS = (performance.now() - videoStarted) / 1000;
  const after = await ask<CpuReport>(child, 'cpu');

  const row = (label: string, s: number) => `${label.padEnd(34)} ${(totalMb / s).toFixed(1).padStart(6)} MB/s  ${(files.length / s).toFixed(2).padStart(6)} items/s  (${s.toFixed(1)} s)`;
  console.log(row('Linkroom upload → scrub → store', linkroomS));
  console.log(row('sharp alone (re-encode + thumbnail)', sharpS));
  console.log(`ratio Linkroom / sharp: ×${(linkroomS / sharpS).toFixed(2)} the time`);
  console.log(`${videoMb.toFixed(0)} MB video: stored in ${videoS.toFixed(1)} s (${(videoMb / videoS).toFixed(1)} MB/s); server memory before ${(before / 2 ** 20).toFixed(0)} MB, peak ${(after.peakRssBytes / 2 ** 20).toFixed(0)} MB (+${((after.peakRssBytes - before) / 2 ** 20).toFixed(0)} MB)`);
} finally {
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
}
process.exit(0);
