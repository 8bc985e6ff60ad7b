// A throwaway HAProxy (Debian's, provisioned with the test packages) in front of test nodes, on
// a free loopback port, with the configuration Linkroom's README gives (haproxy-config.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { haproxyConfig, type ProxyNode } from '../../server/cluster/haproxy-config.js';
import { freePortsInARow } from './free-ports.js';
import { until } from './until.js';

export interface TestProxy {
  url: string;
  close(): Promise<void>;
}

export async function startTestProxy(nodes: ProxyNode[], bin = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy'): Promise<TestProxy> {
  const port = await freePortsInARow(1);
  const dir = mkdtempSync(path.join(tmpdir(), 'linkroom-haproxy-'));
  const file = path.join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig({ listen: `127.0.0.1:${port}`, nodes }));
  // -db: in the foreground, so that killing the child stops it.
  const child = spawn(bin, ['-db', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (d) => (errors += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await until(
    'haproxy answers',
    async () => {
      if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}: ${errors}`);
      return fetch(`${url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    10_000,
  );
  return {
    url,
    async close() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
