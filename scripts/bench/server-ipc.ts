// How a benchmark talks to the server it runs in a child process (so that the server's
// CPU and memory are measured apart from the load generator's).
import { fork, type ChildProcess } from 'node:child_process';

export type ServerReady = {
  type: 'ready';
  url: string;
  callId?: string;
  linkId?: string;
  codes?: [string, string];
  cookies?: [string, string];
  csrfs?: [string, string];
};
export type CpuReport = { type: 'cpu'; userMicros: number; systemMicros: number; rssBytes: number; peakRssBytes: number };
export type ToServer = { type: 'cpu' } | { type: 'reset-peak' } | { type: 'stop' };

/** How often the server samples its own memory for the peak. */
export const RSS_SAMPLE_MS = 10;

/** Answers the benchmark's questions about this process. */
export function serveIpc(stop: () => Promise<void>): void {
  let peak = process.memoryUsage().rss;
  setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), RSS_SAMPLE_MS).unref();
  process.on('message', (m: ToServer) => {
    if (m.type === 'cpu') {
      const c = process.cpuUsage();
      const rss = process.memoryUsage().rss;
      process.send!({ type: 'cpu', userMicros: c.user, systemMicros: c.system, rssBytes: rss, peakRssBytes: Math.max(peak, rss) } satisfies CpuReport);
    } else if (m.type === 'reset-peak') {
      peak = process.memoryUsage().rss;
      process.send!({ type: 'reset-peak' });
    } else if (m.type === 'stop') void stop().finally(() => process.exit(0));
  });
}

/** Starts a benchmark server script (TypeScript, through tsx) and waits until it is ready.
 * BENCH_SERVER_FLAGS passes Node flags to it (e.g. --trace-gc). */
export function startServer(scriptPath: string): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = fork(scriptPath, { execArgv: ['--import', 'tsx', ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: ServerReady) => resolve({ child, ready: m }));
    child.once('exit', (code) => reject(new Error(`${scriptPath} exited with ${code}`)));
  });
}

/** Asks the server process a question and waits for its answer. */
export const ask = <T>(child: ChildProcess, type: 'cpu' | 'reset-peak'): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (m: T) => resolve(m));
    child.send({ type });
  });

/** The p-th percentile of some figures (NaN when there are none). */
export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
