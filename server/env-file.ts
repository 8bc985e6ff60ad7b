// `.env` in the working directory, read at start by the server and the tools. Variables
// already set in the environment win, so a service manager's settings are never overridden.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export function loadEnvFile(file = '.env'): string[] {
  if (!existsSync(file)) return [];
  const loaded: string[] = [];
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (process.env[key] !== undefined) continue;
    process.env[key] = value;
    loaded.push(key);
  }
  return loaded;
}
