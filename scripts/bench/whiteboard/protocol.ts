// What the benchmark's server processes tell the benchmark over IPC.
export type ServerReady = { type: 'ready'; url: string; callId?: string; codes?: [string, string]; cookies?: [string, string] };
export type CpuReport = { type: 'cpu'; userMicros: number; systemMicros: number; rssBytes: number };
export type ToServer = { type: 'cpu' } | { type: 'stop' };

/** Answers the benchmark's questions about this process. */
export function serveIpc(stop: () => Promise<void>): void {
  process.on('message', (m: ToServer) => {
    if (m.type === 'cpu') {
      const c = process.cpuUsage();
      process.send!({ type: 'cpu', userMicros: c.user, systemMicros: c.system, rssBytes: process.memoryUsage().rss } satisfies CpuReport);
    } else if (m.type === 'stop') void stop().finally(() => process.exit(0));
  });
}
