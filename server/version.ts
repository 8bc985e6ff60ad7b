import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './repo-root.js';

/** The package version, shown by /healthz. */
export const LINKROOM_VERSION: string = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
