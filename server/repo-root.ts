// The installation's folder (the one holding Linkroom's package.json), whether the server
// runs from its TypeScript (server/, through tsx) or from the build (dist/server/server/):
// files beside the code — the built database and matching engine — are found from it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'linkroom') return dir;
    if (path.dirname(dir) === dir) throw new Error(`Linkroom's package.json was not found above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

/** True when running the build (JavaScript), false when running the TypeScript through tsx. */
export const RUNNING_BUILD = import.meta.url.endsWith('.js');
