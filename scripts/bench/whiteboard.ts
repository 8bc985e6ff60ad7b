// npm run bench:whiteboard — sixty simulated drawers on one board over Socket.IO (loopback):
// stroke propagation latency p50/p99, bytes per stroke and server CPU, on a new board and
// again after 90 simulated minutes of drawing; Linkroom beside a bare Yjs relay over the
// same transport (no checks, no log, no persistence), in the same run.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SocketTransport } from '../../client/src/api/socket-transport.js';
import { Drawer, sentAt } from './whiteboard/drawer.js';
import { ask, percentile, startServer, type CpuReport, type ServerReady } from './server-ipc.js';

const DRAWERS = Number(process.env.BENCH_DRAWERS ?? 60);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 15_000);
/** Drawing before the first measurement, so that both servers are past their JIT warm-up. */
const WARM_UP_MS = 3_000;
/** Each drawer finishes a stroke this often while measuring (60 drawers: 30 strokes a second). */
const STROKE_EVERY_MS = 2_000;
const SESSION_MINUTES = 90;
/** A lesson's pace over the simulated session: one stroke per drawer every 15 s (four a second from the room), 30 % erased later. */
const SESSION_STROKE_EVERY_S = 15;
const SESSION_ERASE_SHARE = 0.3;
/** Fast-forwarding: strokes per update while filling the session (measuring sends one per update). */
const FILL_STROKES_PER_UPDATE = 10;

const here = path.dirname(fileURLToPath(import.meta.url));

async function drawersFor(ready: ServerReady): Promise<{ drawers: Drawer[]; transports: SocketTransport[] }> {
  const transports: SocketTransport[] = [];
  const connect = async (cookie?: string) => {
    const t = new SocketTransport(ready.url, { reconnection: false, ...(cookie ? { cookie } : {}) });
    transports.push(t);
    await t.connected();
    return t;
  };
  const drawers: Drawer[] = [];
  if (ready.callId) {
    // Linkroom: two teachers join the call and admit the class devices, which then draw.
    const teachers = await Promise.all(ready.cookies!.map((c) => connect(c)));
    for (const t of teachers) await t.request('call:join-teacher', { callId: ready.callId });
    teachers.forEach((t, i) => drawers.push(new Drawer(i, t)));
    for (let i = teachers.length; i < DRAWERS; i++) {
      const school = (i % 2) as 0 | 1;
      const t = await connect();
      const { participantId } = await t.request('call:join-device', { code: ready.codes![school], displayName: `Class ${i}` });
      await teachers[school]!.request('call:admit', { participantId });
      drawers.push(new Drawer(i, t));
    }
  } else {
    for (let i = 0; i < DRAWERS; i++) drawers.push(new Drawer(i, await connect()));
  }
  for (const d of drawers) await d.open();
  return { drawers, transports };
}

async function measure(drawers: Drawer[], child: ChildProcess, durationMs = MEASURE_MS) {
  sentAt.clear();
  for (const d of drawers) {
    d.latencies = [];
    d.sentBytes = [];
    d.listening = true;
  }
  const before = await ask<CpuReport>(child, 'cpu');
  const started = performance.now();
  await Promise.all(
    drawers.map(async (d) => {
      await new Promise((r) => setTimeout(r, Math.random() * STROKE_EVERY_MS));
      while (performance.now() - started < durationMs) {
        const t0 = performance.now();
        await d.draw(1, 0, true);
        await new Promise((r) => setTimeout(r, Math.max(0, STROKE_EVERY_MS - (performance.now() - t0))));
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 500)); // the last strokes arrive
  const wallMs = performance.now() - started;
  const after = await ask<CpuReport>(child, 'cpu');
  const latencies = drawers.flatMap((d) => d.latencies);
  const bytes = drawers.flatMap((d) => d.sentBytes);
  return {
    strokes: bytes.length,
    deliveries: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    bytesPerStroke: bytes.reduce((a, b) => a + b, 0) / bytes.length,
    cpuPct: ((after.userMicros + after.systemMicros - before.userMicros - before.systemMicros) / 1000 / wallMs) * 100,
    rssMb: after.rssBytes / 2 ** 20,
  };
}

/** 90 minutes of drawing at a lesson's pace, sent as fast as the server takes it. */
async function simulateSession(drawers: Drawer[]): Promise<{ strokes: number; seconds: number }> {
  const perDrawer = Math.round((SESSION_MINUTES * 60) / SESSION_STROKE_EVERY_S);
  for (const d of drawers) d.listening = false;
  const started = performance.now();
  await Promise.all(
    drawers.map(async (d) => {
      for (let sent = 0; sent < perDrawer; sent += FILL_STROKES_PER_UPDATE)
        await d.draw(Math.min(FILL_STROKES_PER_UPDATE, perDrawer - sent), SESSION_ERASE_SHARE / FILL_STROKES_PER_UPDATE);
    }),
  );
  return { strokes: perDrawer * drawers.length, seconds: (performance.now() - started) / 1000 };
}

async function run(label: string, script: string) {
  const { child, ready } = await startServer(path.join(here, 'whiteboard', script));
  try {
    const { drawers, transports } = await drawersFor(ready);
    const say = (what: string) => console.log(`${new Date().toISOString()} ${label}: ${what}`);
    say('warming up');
    await measure(drawers, child, WARM_UP_MS);
    say('measuring a new board');
    const fresh = await measure(drawers, child);
    say(`fast-forwarding ${SESSION_MINUTES} minutes of drawing`);
    const session = await simulateSession(drawers);
    await new Promise((r) => setTimeout(r, 2_000)); // deliveries of the fast-forward drain
    say('measuring after the session');
    const late = await measure(drawers, child);
    say('done');
    for (const t of transports) t.close();
    return { label, fresh, late, session };
  } finally {
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
}

console.log(
  `whiteboard: ${DRAWERS} drawers, one stroke each every ${STROKE_EVERY_MS} ms for ${MEASURE_MS / 1000} s, fresh and after ${SESSION_MINUTES} simulated minutes`,
);
const results = [await run('Linkroom', 'linkroom-server.ts'), await run('bare Yjs', 'bare-yjs-server.ts')];
const row = (label: string, phase: string, m: Awaited<ReturnType<typeof measure>>) =>
  `${label.padEnd(9)} ${phase.padEnd(13)} p50 ${m.p50.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms  ${m.bytesPerStroke.toFixed(0).padStart(4)} B/stroke  server CPU ${m.cpuPct.toFixed(1).padStart(5)} %  rss ${m.rssMb.toFixed(0)} MB  (${m.strokes} strokes, ${m.deliveries} deliveries)`;
for (const r of results) {
  console.log(row(r.label, 'new board', r.fresh));
  console.log(
    `${r.label.padEnd(9)} session       ${r.session.strokes} strokes (${SESSION_ERASE_SHARE * 100} % erased) fast-forwarded in ${r.session.seconds.toFixed(1)} s`,
  );
  console.log(row(r.label, 'after 90 min', r.late));
}
const [lr, bare] = results as [(typeof results)[0], (typeof results)[0]];
for (const phase of ['fresh', 'late'] as const) {
  console.log(
    `ratio Linkroom / bare (${phase === 'fresh' ? 'new board' : 'after 90 min'}): p50 ×${(lr[phase].p50 / bare[phase].p50).toFixed(2)}  p99 ×${(lr[phase].p99 / bare[phase].p99).toFixed(2)}  CPU ×${(lr[phase].cpuPct / bare[phase].cpuPct).toFixed(2)}`,
  );
}
console.log(
  `growth over the session (Linkroom): p50 ×${(lr.late.p50 / lr.fresh.p50).toFixed(2)}  p99 ×${(lr.late.p99 / lr.fresh.p99).toFixed(2)}  — goal: p99 ≤ 50 ms and no growth`,
);
process.exit(0);
