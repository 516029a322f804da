// Figures the benchmarks read off the processes they run and the samples they take.
import { readFileSync } from 'node:fs';

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
