// A process's CPU time and memory, from /proc, for the benchmarks.
import { readFileSync } from 'node:fs';

/** /proc/<pid>/stat counts CPU time in ticks of 1/100 s on Linux. */
export const CLOCK_TICKS_PER_S = 100;

/** A process's CPU time so far, in clock ticks (utime + stime). */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
}

/** The process's resident memory, in MB (VmRSS). */
export function residentMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

/** Each process's CPU use, in % of a core, over `measureMs` after `warmupMs`. */
export async function cpuPercent(pids: number[], warmupMs: number, measureMs: number): Promise<number[]> {
  await new Promise((r) => setTimeout(r, warmupMs));
  const before = pids.map(cpuTicks);
  await new Promise((r) => setTimeout(r, measureMs));
  return pids.map((pid, i) => ((cpuTicks(pid) - before[i]!) / CLOCK_TICKS_PER_S / (measureMs / 1000)) * 100);
}
