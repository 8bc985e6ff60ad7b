// A throwaway redis-server (Debian's, provisioned with the test packages) on a free loopback
// port, with nothing saved to disk; stopped by close().
import { spawn } from 'node:child_process';
import { freePortsInARow } from './free-ports.js';
import { until } from './until.js';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  close(): Promise<void>;
}

export async function startTestRedis(bin = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'): Promise<TestRedis> {
  const port = await freePortsInARow(1);
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  await until(
    'redis-server answers',
    async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      try {
        if (probe.status !== 'ready') await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    10_000,
  );
  probe.disconnect();
  return {
    url,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
