// npm run bench:storm — a Monday morning: N calls (BENCH_STORM_SIZES, default 10,50,100)
// start within BENCH_STORM_WINDOW_MS (10 s). For each link, one teacher starts the call
// (POST …/calls) at a random moment in the first half of the window; both teachers and
// both class devices then arrive at random moments up to its end, at socket level; a
// teacher admits their class as soon as both are in. Figures: time from a call's last
// arrival until it is live (p50/p95), the latency of each kind of request, and the CPU
// of the server and of the embedded database. Server and database run in a child process.
import { performance } from 'node:perf_hooks';
import { SocketTransport } from '../../client/src/api/socket-transport.js';
import { CLOCK_TICKS_PER_S, cpuTicks } from './proc-stats.js';
import { ask, percentile, startServer, type CpuReport } from './server-ipc.js';
import type { StormLink, StormReady } from './storm/linkroom-server.js';

const SIZES = (process.env.BENCH_STORM_SIZES ?? '10,50,100').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_STORM_WINDOW_MS ?? 10_000);

const sleepUntil = (t0: number, at: number) => new Promise((r) => setTimeout(r, Math.max(0, t0 + at - performance.now())));
const dbCpuSeconds = (pid: number | null) => (pid ? cpuTicks(pid) / CLOCK_TICKS_PER_S : NaN);

interface Latencies {
  startCall: number[];
  joinTeacher: number[];
  joinDevice: number[];
  admit: number[];
}

/** One link's morning: resolves with the time from its last arrival to live (ms). */
async function oneCall(url: string, link: StormLink, t0: number, lat: Latencies, sockets: SocketTransport[]): Promise<number> {
  const timed = async <T>(into: number[], f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const r = await f();
    into.push(performance.now() - s);
    return r;
  };
  const connect = async (cookie?: string) => {
    const t = new SocketTransport(url, { reconnection: false, ...(cookie ? { cookie } : {}) });
    sockets.push(t);
    await t.connected();
    return t;
  };
  const startAt = Math.random() * (WINDOW_MS / 2);
  const arrivals = Array.from({ length: 4 }, () => startAt + Math.random() * (WINDOW_MS - startAt)); // teacher 0, teacher 1, device 0, device 1
  await sleepUntil(t0, startAt);
  const res = await timed(lat.startCall, () =>
    fetch(`${url}/api/links/${link.linkId}/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: link.cookies[0], 'x-csrf-token': link.csrfs[0] },
      body: '{}',
    }),
  );
  if (res.status !== 201) throw new Error(`starting a call answered ${res.status}: ${await res.text()}`);
  const call = (await res.json()) as { id: string; devices: { schoolId: string; code: string }[] };

  let live: number | undefined;
  let resolveLive!: () => void;
  const isLive = new Promise<void>((r) => (resolveLive = r));
  const teachers: Promise<SocketTransport>[] = [0, 1].map(async (j) => {
    await sleepUntil(t0, arrivals[j]!);
    const t = await connect(link.cookies[j]);
    t.on('call:state', (state) => {
      if (state.status === 'live' && live === undefined) {
        live = performance.now() - t0;
        resolveLive();
      }
    });
    await timed(lat.joinTeacher, () => t.request('call:join-teacher', { callId: call.id }));
    return t;
  });
  await Promise.all(
    [0, 1].map(async (j) => {
      await sleepUntil(t0, arrivals[2 + j]!);
      const d = await connect();
      const { participantId } = await timed(lat.joinDevice, () => d.request('call:join-device', { code: call.devices[j]!.code, displayName: `Class ${j}` }));
      const teacher = await teachers[j]!;
      await timed(lat.admit, () => teacher.request('call:admit', { participantId }));
    }),
  );
  await isLive;
  return live! - Math.max(...arrivals);
}

const rows: Record<string, Record<string, number | string>> = {};
for (const n of SIZES) {
  process.env.BENCH_CALLS = String(n);
  const { child, ready } = await startServer(new URL('./storm/linkroom-server.ts', import.meta.url).pathname);
  const { url, dbPid, links } = ready as unknown as StormReady;
  const sockets: SocketTransport[] = [];
  try {
    const lat: Latencies = { startCall: [], joinTeacher: [], joinDevice: [], admit: [] };
    const cpu0 = await ask<CpuReport>(child, 'cpu');
    const db0 = dbCpuSeconds(dbPid);
    const t0 = performance.now();
    const waits = await Promise.all(links.map((link) => oneCall(url, link, t0, lat, sockets)));
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = await ask<CpuReport>(child, 'cpu');
    const cores = (micros: number) => `${Math.round((micros / 1e6 / elapsed) * 100)} %`;
    const ms = (xs: number[], p: number) => Math.round(percentile(xs, p));
    rows[`${n} calls`] = {
      'last arrival → live p50 ms': ms(waits, 50),
      'p95 ms': ms(waits, 95),
      'start call p50/p95 ms': `${ms(lat.startCall, 50)} / ${ms(lat.startCall, 95)}`,
      'join-teacher p50/p95': `${ms(lat.joinTeacher, 50)} / ${ms(lat.joinTeacher, 95)}`,
      'join-device p50/p95': `${ms(lat.joinDevice, 50)} / ${ms(lat.joinDevice, 95)}`,
      'admit p50/p95': `${ms(lat.admit, 50)} / ${ms(lat.admit, 95)}`,
      'server CPU': cores(cpu1.userMicros + cpu1.systemMicros - cpu0.userMicros - cpu0.systemMicros),
      'database CPU': `${Math.round(((dbCpuSeconds(dbPid) - db0) / elapsed) * 100)} %`,
    };
    console.log(`${n} calls: every call live; last arrival → live p95 ${ms(waits, 95)} ms`);
  } finally {
    for (const s of sockets) s.close();
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
}
console.log(`bench:storm — calls starting within ${WINDOW_MS / 1000} s, 2 teachers and 2 class devices each (goal: live ≤ 1 s after the last arrival, p95)`);
console.table(rows);
