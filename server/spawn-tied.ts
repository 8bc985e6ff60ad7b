// Child processes that never outlive the server (the embedded database, coturn): started
// under setpriv (util-linux), the kernel sends them SIGTERM when the server dies, even by
// kill -9. Where setpriv is missing they start plainly (their pid files catch leftovers).
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

let setpriv: string | null | undefined;

/** setpriv's path, looked for once, when the first child is started. */
function findSetpriv(): string | null {
  setpriv ??= ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p) && spawnSync(p, ['--help'], { stdio: 'ignore' }).status === 0) ?? null;
  return setpriv;
}

export function spawnTied(bin: string, args: string[], options: SpawnOptions): ChildProcess {
  const wrapper = findSetpriv();
  return wrapper ? spawn(wrapper, ['--pdeathsig', 'SIGTERM', '--', bin, ...args], options) : spawn(bin, args, options);
}
