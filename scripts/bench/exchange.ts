// npm run bench:exchange — what the exchange's upload pipeline costs: upload + type check +
// polyglot scan + scrub + thumbnail + GridFS + log, for a mix of ~5 MB photos, beside sharp
// alone re-encoding (and thumbnailing) the same files in the same run; and the server's peak
// memory while a 200 MB video streams through; and a burst of BENCH_BURST (6) 40-megapixel
// pictures sent at once by one teacher: each one's time, the server's memory before, at its
// peak and after, and /healthz's answer time during the burst.
import { openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { THUMBNAIL_WIDTH_PX } from '../../server/exchange/scrub.js';
import { MAX_IMAGE_PIXELS } from '../../shared/exchange.js';
import { bigVideo, hugePhoto, photos } from './exchange/fixtures.js';
import { ask, startServer, type CpuReport, type ServerReady } from './server-ipc.js';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 24);
const CONCURRENCY = 2;
const VIDEO_MB = 200;
const BURST = Number(process.env.BENCH_BURST ?? 6);
const HEALTH_PROBE_EVERY_MS = 100;

const here = path.dirname(fileURLToPath(import.meta.url));

async function inParallel<T>(items: T[], n: number, work: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

async function upload(ready: ServerReady, file: string, title: string): Promise<void> {
  const form = new FormData();
  form.append('title', title);
  form.append('file', await openAsBlob(file), path.basename(file));
  const res = await fetch(`${ready.url}/api/links/${ready.linkId}/exchange`, {
    method: 'POST',
    headers: { cookie: ready.cookies![0], 'x-csrf-token': ready.csrfs![0] },
    body: form,
  });
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

  // The burst: one teacher sends BURST 40 MP pictures at once; /healthz is asked every 100 ms.
  const huge = await hugePhoto();
  await new Promise((r) => setTimeout(r, 2_000)); // let the video's buffers go
  const burstBefore = (await ask<CpuReport>(child, 'cpu')).rssBytes;
  await ask(child, 'reset-peak');
  const healthMs: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      await fetch(`${ready.url}/healthz`);
      healthMs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, HEALTH_PROBE_EVERY_MS));
    }
  })();
  const burstStarted = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const t = performance.now();
      try {
        await upload(ready, huge, `huge ${i}`);
        return { ok: true, s: (performance.now() - t) / 1000 };
      } catch (err) {
        return { ok: false, s: (performance.now() - t) / 1000, why: String(err).slice(0, 80) };
      }
    }),
  );
  const burstS = (performance.now() - burstStarted) / 1000;
  probing = false;
  await probe;
  const burstPeak = (await ask<CpuReport>(child, 'cpu')).peakRssBytes;
  await new Promise((r) => setTimeout(r, 5_000)); // what stays held afterwards
  const burstAfter = (await ask<CpuReport>(child, 'cpu')).rssBytes;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const sortedHealth = [...healthMs].sort((a, b) => a - b);

  const row = (label: string, s: number) =>
    `${label.padEnd(34)} ${(totalMb / s).toFixed(1).padStart(6)} MB/s  ${(files.length / s).toFixed(2).padStart(6)} items/s  (${s.toFixed(1)} s)`;
  console.log(row('Linkroom upload → scrub → store', linkroomS));
  console.log(row('sharp alone (re-encode + thumbnail)', sharpS));
  console.log(`ratio Linkroom / sharp: ×${(linkroomS / sharpS).toFixed(2)} the time`);
  console.log(
    `${videoMb.toFixed(0)} MB video: stored in ${videoS.toFixed(1)} s (${(videoMb / videoS).toFixed(1)} MB/s); server memory before ${(before / 2 ** 20).toFixed(0)} MB, peak ${(after.peakRssBytes / 2 ** 20).toFixed(0)} MB (+${((after.peakRssBytes - before) / 2 ** 20).toFixed(0)} MB)`,
  );
  console.log(
    `burst of ${BURST} × 40 MP pictures from one teacher at once: ${outcomes.filter((o) => o.ok).length} stored, ${outcomes.filter((o) => !o.ok).length} refused (${outcomes.find((o) => !o.ok)?.why ?? '–'}); each took ${outcomes.map((o) => o.s.toFixed(1)).join(', ')} s; all in ${burstS.toFixed(1)} s`,
  );
  console.log(
    `  server memory before ${mb(burstBefore)}, peak ${mb(burstPeak)} (+${mb(burstPeak - burstBefore)}), 5 s after ${mb(burstAfter)} (+${mb(burstAfter - burstBefore)}; goal ≤ +150 MB)`,
  );
  console.log(
    `  /healthz during the burst: ${healthMs.length} answers, p50 ${sortedHealth[Math.floor(sortedHealth.length / 2)]?.toFixed(0)} ms, max ${sortedHealth.at(-1)?.toFixed(0)} ms`,
  );
} finally {
  child.send({ type: 'stop' });
  await new Promise((r) => child.once('exit', r));
}
process.exit(0);
