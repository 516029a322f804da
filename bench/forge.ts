// Contract benchmark (`npm run bench -- forge`): the forge fuzz and invariant tests under the `bench` profile of
// foundry.toml (deeper than the one `npm test` runs), with the runs, calls and reverts each made and how long it
// took. Any failure fails the benchmark. Writes bench/out/forge.json.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { foundryBinary } from '@medicrypt/contracts/node';
import { printTable, writeResult } from './report.ts';

const RANDOMIZED_TESTS = 'testFuzz_|invariant_';
const rootDir = join(import.meta.dirname, '..');

interface ForgeTestResult {
  status: string;
  reason: string | null;
  kind: {
    Fuzz?: { runs: number; mean_gas: number };
    Invariant?: { runs: number; calls: number; reverts: number };
  };
  duration: string;
}

type ForgeReport = Record<string, { duration: string; test_results: Record<string, ForgeTestResult> }>;

/** forge prints durations as e.g. "1s 408ms 65µs 949ns". */
function seconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, µs: 1e-6, ns: 1e-9 };
  let total = 0;
  for (const [, value, unit] of duration.matchAll(/([\d.]+)(h|ms|m|s|µs|ns)/g))
    total += Number(value) * units[unit!]!;
  return total;
}

function runForge(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      foundryBinary('forge'),
      ['test', '--root', rootDir, '--match-test', RANDOMIZED_TESTS, '--json'],
      { cwd: rootDir, env: { ...process.env, FOUNDRY_PROFILE: 'bench' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function runForgeBench(): Promise<Record<string, unknown>> {
  console.log('forge bench: fuzz and invariant tests under FOUNDRY_PROFILE=bench…');
  const started = performance.now();
  const { code, stdout, stderr } = await runForge();
  const wallSeconds = (performance.now() - started) / 1000;
  const jsonLine = stdout.split('\n').find((line) => line.startsWith('{'));
  if (!jsonLine)
    throw new Error(`forge printed no report (exit ${code}):\n${stderr}\n${stdout}`.slice(0, 4000));
  const report = JSON.parse(jsonLine) as ForgeReport;
  const tests = Object.entries(report).flatMap(([suite, { test_results }]) =>
    Object.entries(test_results).map(([test, result]) => ({
      suite: suite.split(':')[1] ?? suite,
      test: test.replace(/\(.*\)$/, ''),
      status: result.status,
      reason: result.reason,
      kind: result.kind.Invariant ? 'invariant' : 'fuzz',
      runs: result.kind.Invariant?.runs ?? result.kind.Fuzz?.runs ?? 0,
      calls: result.kind.Invariant?.calls ?? null,
      reverts: result.kind.Invariant?.reverts ?? null,
      seconds: Number(seconds(result.duration).toFixed(2)),
    })),
  );
  printTable(
    'Contracts: fuzz and invariant tests, bench profile',
    ['suite', 'test', 'status', 'runs', 'calls', 'reverts', 'seconds'],
    tests.map((t) => [
      t.suite,
      t.test,
      t.status,
      String(t.runs),
      t.calls === null ? '' : String(t.calls),
      t.reverts === null ? '' : String(t.reverts),
      t.seconds.toFixed(1),
    ]),
  );
  const failed = tests.filter((t) => t.status !== 'Success');
  const result = {
    profile: 'bench',
    tests: tests.length,
    failed: failed.length,
    invariant_calls: tests.reduce((sum, t) => sum + (t.calls ?? 0), 0),
    fuzz_runs: tests.filter((t) => t.kind === 'fuzz').reduce((sum, t) => sum + t.runs, 0),
    wall_seconds: Number(wallSeconds.toFixed(1)),
    results: tests,
  };
  writeResult('forge', result);
  if (failed.length > 0 || code !== 0)
    throw new Error(`forge: ${failed.map((t) => `${t.test}: ${t.reason}`).join('; ') || `exit ${code}`}`);
  return result;
}
