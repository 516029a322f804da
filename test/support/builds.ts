// Builds what the browser tests load, only when a source is newer than the last build.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildTestWallet, walletExtensionDir } from '../wallet-extension/build.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const extensionDir = join(repoRoot, 'extension');
/** The unpacked Chrome build of MediCrypt. */
export const medicryptBuildDir = join(extensionDir, '.output', 'chrome-mv3');

const IGNORED = new Set(['node_modules', '.output', '.wxt', 'dist', 'artifacts']);

/** The newest modification time (ms) among `paths`, walking folders; test files do not count. */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!IGNORED.has(entry)) visit(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}

function isStale(output: string, sources: string[]): boolean {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(sources);
}

/** Builds MediCrypt for Chrome (`npm run build -w extension`) if needed; returns the unpacked folder. */
export async function ensureMediCryptBuilt(): Promise<string> {
  // The workspaces the extension bundles from source count too: a change to the FHIR renderer's helpers or to
  // record encryption must rebuild what the browser tests load.
  const sources = [
    extensionDir,
    join(repoRoot, 'fhir', 'src'),
    join(repoRoot, 'crypto', 'src'),
    join(repoRoot, 'contracts', 'ts'),
    join(repoRoot, 'contracts', 'generated'),
    join(repoRoot, 'contracts', 'package.json'),
  ];
  if (isStale(join(medicryptBuildDir, 'manifest.json'), sources)) {
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: test what ships.
    await promisify(execFile)('npm', ['run', 'build', '-w', 'extension'], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  return medicryptBuildDir;
}

/** The operator console's build, which the relayer serves at /console. */
export const consoleBuildDir = join(repoRoot, 'console', 'dist');

/** Builds the operator console (`npm run build -w console`) if needed; returns its build folder. */
export async function ensureConsoleBuilt(): Promise<string> {
  const consoleDir = join(repoRoot, 'console');
  const sources = [
    join(consoleDir, 'src'),
    join(consoleDir, 'index.html'),
    join(consoleDir, 'vite.config.ts'),
    join(consoleDir, 'package.json'),
    // The sign-in message comes from the contracts package.
    join(repoRoot, 'contracts', 'ts'),
  ];
  if (isStale(join(consoleBuildDir, 'index.html'), sources)) {
    await promisify(execFile)('npm', ['run', 'build', '-w', 'console'], { cwd: repoRoot });
  }
  return consoleBuildDir;
}

/** Bundles the test wallet if needed; returns its unpacked folder. */
export async function ensureTestWalletBuilt(): Promise<string> {
  const sources = [join(walletExtensionDir, 'src'), join(walletExtensionDir, 'build.ts')];
  if (isStale(join(walletExtensionDir, 'dist', 'background.js'), sources)) await buildTestWallet();
  return walletExtensionDir;
}
