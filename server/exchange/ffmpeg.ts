// Where Debian's ffmpeg is, if it is installed (FFMPEG_PATH overrides; "none" turns it off).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.FFMPEG_PATH === 'none') return null;
  if (env.FFMPEG_PATH) return env.FFMPEG_PATH;
  for (const dir of (env.PATH ?? '/usr/bin').split(path.delimiter)) {
    const candidate = path.join(dir, 'ffmpeg');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
