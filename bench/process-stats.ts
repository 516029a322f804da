// Figures the benchmarks read off the processes they run and the samples they take.
import { readdirSync, readFileSync } from 'node:fs';

/** The p-th percentile (nearest rank) of `values`; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The median of `values`. */
export const median = (values: number[]) => percentile(values, 50);

/** The relayer's node process: tsx runs it as a child of the process that was spawned. */
export function relayerPid(spawned: number): number {
  const children = readFileSync(`/proc/${spawned}/task/${spawned}/children`, 'utf8').trim().split(/\s+/);
  return children[0] ? Number(children[0]) : spawned;
}

/** A process's resident set size in MiB. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's utime and stime. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by every process of this name (e.g. all of the Postgres server's backends). */
export function cpuSecondsOfAll(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}

/** This process's own CPU seconds so far. */
export const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
