// The server as `npm start` runs it: a real process (server/index.ts through tsx), for tests
// of start-up, shutdown and restarts on the same data. Node itself is the child, with tsx as
// its loader, so that killing the child kills the server: the tsx CLI would leave it
// running, orphaned, when a failed test kills its servers with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';

export const START_TIMEOUT_MS = 45_000;

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
}

export function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return { child, output: () => out };
}

export async function waitForUrl({ output, child }: ServerProcess): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const m = /Linkroom is running at (http:\/\/[^\s"]+)/.exec(output()); // the console line, or the JSON log line
    if (m?.[1]) return m[1];
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output()}`);
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
