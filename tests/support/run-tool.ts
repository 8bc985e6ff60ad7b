// Runs a command-line tool (server/tools/<name>.ts, as its npm script does) against a
// database of the test run, and gives back its exit code and everything it printed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import './provided.js';

export function runTool(name: string, dbName: string, args: string[] = [], env: Record<string, string> = {}): { code: number | null; out: string } {
  const res = spawnSync(path.resolve('node_modules/.bin/tsx'), [`server/tools/${name}.ts`, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MONGODB_URI: `${inject('mongoUri')}${dbName}`, ...env },
    encoding: 'utf8',
  });
  return { code: res.status, out: res.stdout + res.stderr };
}
