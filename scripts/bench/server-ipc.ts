// How a benchmark talks to the server it runs in a child process (so that the server's
// CPU and memory are measured apart from the load generator's).
export type ServerReady = { type: 'ready'; url: string; callId?: string; linkId?: string; codes?: [string, string]; cookies?: [string, string]; csrfs?: [string, string] };
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
