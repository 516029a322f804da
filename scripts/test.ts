// `npm test`: every test. Checks what the tests need first and says how to get what is missing, then builds the
// extension's store packages (Firefox's linted by web-ext as addons.mozilla.org lints uploads, Chrome's checked
// for what only the development build may carry), runs forge (unit tests with the gas snapshot check, then fuzz
// and invariant runs) and Vitest (unit, integration and end-to-end projects), and prints one closing line with
// the totals.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { foundryBinary } from '@medicrypt/contracts/node';
import { describeTiming, type StateTiming } from '../test/support/popup-timing.ts';
import { checkPrerequisites } from './prerequisites.ts';
import { rootDir } from './stack-config.ts';

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  ok: boolean;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { quiet?: boolean } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: rootDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) stream.write(chunk);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** forge prints "Ran N test suites …: X tests passed, Y failed, Z skipped (T total tests)". */
function forgeCounts(name: string, code: number, output: string): StepResult {
  const match = /(\d+) tests passed, (\d+) failed, (\d+) skipped/.exec(output);
  const passed = match ? Number(match[1]) : 0;
  const failed = match ? Number(match[2]) : 0;
  return { name, passed, failed: failed || (code === 0 ? 0 : 1), ok: code === 0 };
}

const forge = foundryBinary('forge');
// Fuzz and invariant tests are named testFuzz_* and invariant_*; their gas varies by input, so the snapshot
// covers the deterministic unit tests only.
const RANDOMIZED_TESTS = 'testFuzz_|invariant_';

async function main(): Promise<number> {
  const problems = await checkPrerequisites({ browser: true });
  if (problems.length > 0) {
    console.error(`npm test cannot run yet:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    return 1;
  }
  const results: StepResult[] = [];
  const build = await run('npm', ['run', '--silent', 'build', '-w', 'contracts']);
  if (build.code !== 0) return 1;
  // The operator console the relayer serves at /console (its browser test loads it).
  const consoleBuild = await run('npm', ['run', '--silent', 'build', '-w', 'console']);
  if (consoleBuild.code !== 0) return 1;

  // The store packages (the browser tests load the development build).
  results.push(...(await checkFirefoxStorePackage()));
  results.push(await checkChromeStorePackage());

  const snapshot = await run(forge, [
    'snapshot',
    '--check',
    '--tolerance',
    '1',
    '--no-match-test',
    RANDOMIZED_TESTS,
  ]);
  results.push(forgeCounts('forge unit tests + gas snapshot', snapshot.code, snapshot.output));
  const fuzz = await run(forge, ['test', '--match-test', RANDOMIZED_TESTS]);
  results.push(forgeCounts('forge fuzz + invariant tests', fuzz.code, fuzz.output));

  const reportDir = join(rootDir, '.data', 'test-reports');
  mkdirSync(reportDir, { recursive: true });
  const vitestReport = join(reportDir, 'vitest.json');
  rmSync(vitestReport, { force: true });
  for (const name of readdirSync(reportDir).filter((file) => file.startsWith('popup-interactive-')))
    rmSync(join(reportDir, name));
  const vitest = await run('npx', [
    '--no-install',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestReport}`,
  ]);
  let passed = 0;
  let failed = vitest.code === 0 ? 0 : 1;
  if (existsSync(vitestReport)) {
    const report = JSON.parse(readFileSync(vitestReport, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    passed = report.numPassedTests;
    failed = Math.max(report.numFailedTests, vitest.code === 0 ? 0 : 1);
  }
  results.push({ name: 'vitest (unit, integration, e2e)', passed, failed, ok: vitest.code === 0 });

  console.log('\nSummary');
  for (const result of results) {
    console.log(
      `  ${result.ok ? 'ok  ' : 'FAIL'}  ${result.name}: ${result.passed} passed, ${result.failed} failed`,
    );
  }
  printPopupTimings(reportDir);
  const totalPassed = results.reduce((sum, result) => sum + result.passed, 0);
  const totalFailed = results.reduce((sum, result) => sum + result.failed, 0);
  console.log(`\n${totalPassed} passed, ${totalFailed} failed`);
  return results.every((result) => result.ok) ? 0 : 1;
}

interface BuiltManifest {
  manifest_version?: number;
  key?: string;
  host_permissions?: string[];
  background?: { scripts?: string[]; service_worker?: string };
  browser_specific_settings?: {
    gecko?: { id?: string; data_collection_permissions?: { required?: string[] } };
  };
}

/** `npm run <script> -w extension`, then the manifest it wrote in .output/<folder>, or the problem. */
async function buildStorePackage(
  script: string,
  folder: string,
): Promise<{ manifest?: BuiltManifest; problems: string[] }> {
  const build = await run('npm', ['run', '--silent', script, '-w', 'extension'], { NODE_ENV: 'production' });
  const manifestPath = join(rootDir, 'extension', '.output', folder, 'manifest.json');
  if (build.code !== 0) return { problems: [`npm run ${script} exited with ${build.code}`] };
  if (!existsSync(manifestPath)) return { problems: [`no manifest at ${manifestPath}`] };
  return { manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as BuiltManifest, problems: [] };
}

/** What no store package may carry: the development build's Chrome key and host access to this machine. */
function developmentOnly(manifest: BuiltManifest): string[] {
  const problems: string[] = [];
  if (manifest.key) problems.push("the development build's `key` is in the store manifest");
  const loopback = (manifest.host_permissions ?? []).filter((pattern) =>
    /127\.0\.0\.1|localhost/.test(pattern),
  );
  if (loopback.length > 0)
    problems.push(`loopback host permissions in the store manifest: ${loopback.join(', ')}`);
  return problems;
}

const stepOf = (name: string, problems: string[], label: string): StepResult => {
  for (const problem of problems) console.error(`${label}: ${problem}`);
  return { name, passed: problems.length === 0 ? 1 : 0, failed: problems.length, ok: problems.length === 0 };
};

/**
 * The Firefox store package: `wxt build -b firefox` as a store build, its manifest checked for what Firefox needs,
 * then `web-ext lint` (Mozilla's addons-linter, which addons.mozilla.org runs on every upload) with 0 errors.
 */
async function checkFirefoxStorePackage(): Promise<StepResult[]> {
  const folder = 'firefox-mv3-store';
  const { manifest, problems } = await buildStorePackage('build:store:firefox', folder);
  if (manifest) {
    if (manifest.manifest_version !== 3) problems.push('manifest_version is not 3');
    if (!manifest.browser_specific_settings?.gecko?.id) problems.push('no gecko id');
    if (!manifest.browser_specific_settings?.gecko?.data_collection_permissions?.required?.length)
      problems.push('no data_collection_permissions (Firefox requires them of new extensions)');
    // Firefox runs MV3 backgrounds as event pages: `scripts`, not `service_worker`.
    if (!manifest.background?.scripts?.length) problems.push('no background.scripts');
    problems.push(...developmentOnly(manifest));
  }
  const build = stepOf('extension Firefox store package', problems, 'Firefox store package');
  if (!manifest) return [build];
  return [build, await lintFirefoxPackage(join(rootDir, 'extension', '.output', folder))];
}

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

async function lintFirefoxPackage(sourceDir: string): Promise<StepResult> {
  const name = 'web-ext lint (Firefox store package)';
  const lint = await run(
    'npx',
    [
      '--no-install',
      'web-ext',
      'lint',
      '--source-dir',
      sourceDir,
      '--output',
      'json',
      '--no-config-discovery',
    ],
    {},
    { quiet: true },
  );
  let report: { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };
  try {
    report = JSON.parse(lint.output.slice(lint.output.indexOf('{')));
  } catch {
    console.error(`web-ext lint printed no report (exit ${lint.code}):\n${lint.output}`);
    return { name, passed: 0, failed: 1, ok: false };
  }
  const { errors, warnings, notices } = report;
  console.log(
    `web-ext lint: ${errors.length} errors, ${warnings.length} warnings, ${notices.length} notices (${sourceDir})`,
  );
  for (const [kind, messages] of [
    ['error', errors],
    ['warning', warnings],
    ['notice', notices],
  ] as const)
    for (const message of messages)
      console.log(`  ${kind} ${message.code} ${message.file ?? ''}: ${message.message}`);
  const ok = errors.length === 0 && lint.code === 0;
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : Math.max(errors.length, 1), ok };
}

/** The Chrome store package: `wxt build` as a store build, without the development key or loopback hosts. */
async function checkChromeStorePackage(): Promise<StepResult> {
  const { manifest, problems } = await buildStorePackage('build:store', 'chrome-mv3-store');
  if (manifest) {
    if (manifest.manifest_version !== 3) problems.push('manifest_version is not 3');
    if (!manifest.background?.service_worker) problems.push('no background.service_worker');
    if (manifest.browser_specific_settings) problems.push("Firefox's settings are in the Chrome manifest");
    problems.push(...developmentOnly(manifest));
  }
  return stepOf('extension Chrome store package', problems, 'Chrome store package');
}

/** The popup's time to interactive, as the browser suites measured it (test/support/popup-timing.ts). */
function printPopupTimings(reportDir: string): void {
  const files = readdirSync(reportDir).filter((name) => /^popup-interactive-.+\.json$/.test(name));
  if (files.length === 0) return;
  let target = 0;
  const figures = files.flatMap((name) => {
    const report = JSON.parse(readFileSync(join(reportDir, name), 'utf8')) as {
      interactive: Record<string, StateTiming>;
      target_ms: number;
    };
    target = report.target_ms;
    return Object.entries(report.interactive).map(([state, timing]) =>
      describeTiming(state, timing, report.target_ms),
    );
  });
  console.log(`  popup interactive (target ${target} ms): ${figures.join(', ')}`);
}

process.exit(await main());
