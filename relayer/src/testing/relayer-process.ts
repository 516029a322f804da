// Test support: the relayer as a real child process (for SIGKILL and SIGTERM), started the way production runs it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const relayerDir = resolve(import.meta.dirname, '..', '..');
const tsxBin = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');

export interface RelayerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Every relayer this test process started: killed if the test process exits first, so none is orphaned. */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface SpawnRelayerOptions {
  timeoutMs?: number;
  /**
   * Node flags for the relayer itself (e.g. `--cpu-prof`). With them it runs in this one process through tsx's
   * loader; without, through tsx's CLI (which starts the relayer as its child).
   */
  nodeArgs?: string[];
}

export function spawnRelayer(
  env: Record<string, string>,
  { timeoutMs = 90_000, nodeArgs }: SpawnRelayerOptions = {},
): Promise<RelayerProcess> {
  const main = join(relayerDir, 'src', 'main.ts');
  const args = nodeArgs ? [...nodeArgs, '--import', 'tsx', main] : [tsxBin, main];
  const child = spawn(process.execPath, args, {
    cwd: relayerDir,
    env: {
      ...process.env,
      ...env,
      LOG_LEVEL: env.LOG_LEVEL === 'silent' ? 'warn' : (env.LOG_LEVEL ?? 'warn'),
    },
    // The IPC channel closes if this process dies, and the relayer then shuts down by itself.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relayer did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"event":"listening","url":"([^"]+)"\}/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({
          url: match[1]!,
          child,
          output: () => output,
          kill: async (signal) => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relayer exited with ${code} before listening:\n${output}`));
    });
  });
}
