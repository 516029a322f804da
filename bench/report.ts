// How benchmarks report: a printed table and a JSON file under bench/out/.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const outDir = join(dirname(fileURLToPath(import.meta.url)), 'out');

export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

export function writeResult(name: string, result: Record<string, unknown>): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ name, measuredAt: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
  return file;
}

/** The top-level figures of every result in bench/out/, with the machine, as bench/out/SUMMARY.md. */
export function writeSummary(): string {
  mkdirSync(outDir, { recursive: true });
  const results = readdirSync(outDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(outDir, file), 'utf8')) as Record<string, unknown>);
  const box = machine();
  const lines = [
    '# Benchmark summary',
    '',
    `Machine: ${box.cpu}, ${box.cpus} cores, ${box.memoryGiB} GiB, Node ${box.node}, ${platform()} ${release()}.`,
    `Written ${new Date().toISOString()}. Figures from one run; compare ratios measured in the same run.`,
    '',
  ];
  for (const result of results) {
    lines.push(
      `## ${String(result.name)} (measured ${String(result.measuredAt)})`,
      '',
      '| figure | value |',
      '| --- | --- |',
    );
    for (const [key, value] of Object.entries(result)) {
      if (['name', 'measuredAt', 'machine'].includes(key)) continue;
      if (value !== null && typeof value === 'object') continue;
      lines.push(`| ${key} | ${String(value)} |`);
    }
    lines.push('');
  }
  const file = join(outDir, 'SUMMARY.md');
  writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`wrote ${file}`);
  return file;
}
