// The running version's source code, for anyone who uses Linkroom over the network: the
// AGPL (section 13) asks that they be offered it. GET /source answers a .tar.gz of the
// installation's own source files (the code that runs, not a repository elsewhere that
// may have moved on); the page footer links to it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import * as tar from 'tar';
import { REPO_ROOT } from '../repo-root.js';
import { LINKROOM_VERSION } from '../version.js';

/** What the source is: everything needed to build and run this version, and nothing built. */
const SOURCE_ENTRIES = [
  'LICENSE',
  'README.md',
  '.env.example',
  '.npmrc',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'vite.config.ts',
  'vitest.config.ts',
  'server',
  'client',
  'shared',
  'scripts',
  'tests',
];
/** Built or provisioned parts inside those folders. */
const BUILT = /(^|\/)(build|node_modules|dist)(\/|$)/;

export const sourceHandler: RequestHandler = (_req, res) => {
  const entries = SOURCE_ENTRIES.filter((e) => existsSync(path.join(REPO_ROOT, e)));
  res.type('application/gzip').attachment(`linkroom-${LINKROOM_VERSION}-source.tar.gz`);
  tar
    .create({ gzip: true, cwd: REPO_ROOT, portable: true, filter: (p) => !BUILT.test(p), prefix: `linkroom-${LINKROOM_VERSION}` }, entries)
    .on('error', () => res.destroy())
    .pipe(res);
};
