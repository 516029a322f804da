// Test support: Prometheus's own checker, promtool (Debian's `prometheus` package; PROMTOOL_PATH overrides), run
// on the relayer's metrics and on docs/alerts.yml. `npm test` checks it is installed before anything runs.
import { spawn } from 'node:child_process';

export const promtoolPath = process.env.PROMTOOL_PATH ?? 'promtool';

export interface PromtoolResult {
  code: number;
  /** stdout and stderr, as promtool printed them. */
  output: string;
}

/** Runs `promtool <args>` with `input` on its stdin (for `check metrics`). */
export function promtool(
  args: string[],
  options: { input?: string; cwd?: string } = {},
): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtoolPath, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error) =>
      reject(new Error(`${promtoolPath} could not run (${error.message}): apt-get install -y prometheus`)),
    );
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
    child.stdin.end(options.input ?? '');
  });
}
