// The README's start command, run as a newcomer runs it, for CI (.ci/run runs this before `npm test`): the
// command is read from the README's first lines, started on free ports with its own data folder, and must print
// the chain RPC, relayer API, console and extension folder on their own lines; each must answer (the chain as
// Sepolia, /readyz, the console page at /console and /console/, the extension's manifest), and Ctrl-C (SIGINT to
// the process group, as a terminal sends it) must stop everything. Any failure exits 1 with what went wrong and
// the end of the output.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@medicrypt/contracts/node';
import { reachable } from './prerequisites.ts';
import { rootDir } from './stack-config.ts';

/** A fresh clone builds the contracts (solc), the extension and the console first. */
const START_TIMEOUT_MS = 8 * 60_000;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;
const SEPOLIA = 11155111;
/** The lines `npm start` prints, each `<label>: <address>`. */
const LABELS = ['Chain RPC', 'Relayer API', 'Console', 'Extension folder'] as const;

class SmokeFailure extends Error {}

/** The start command from the README's first code block: its first line is `npm install && <start>`. */
export function readmeStartCommand(readme: string): string {
  const block = /```sh\n([^\n]*)\n/.exec(readme);
  const first = block?.[1]?.replace(/#.*$/, '').trim();
  const [install, start, ...rest] = (first ?? '').split('&&').map((part) => part.trim());
  if (install !== 'npm install' || !start || rest.length > 0)
    throw new SmokeFailure(`README's first command is not "npm install && <start command>": ${first}`);
  return start;
}

function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return reachable(hostname, Number(port));
}

/** Whether any process of the group `pgid` still runs (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      // A failure of the smoke test itself (npm start exited) ends the wait; anything else is retried.
      if (error instanceof SmokeFailure) throw error;
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new SmokeFailure(
    `${what} within ${timeoutMs / 1000} s${last ? ` (${(last as Error).message})` : ''}`,
  );
}

async function main(): Promise<void> {
  const command = readmeStartCommand(readFileSync(join(rootDir, 'README.md'), 'utf8'));
  const dataDir = mkdtempSync(join(tmpdir(), 'medicrypt-smoke-'));
  const env = {
    ...process.env,
    CHAIN_PORT: String(await freePort()),
    RELAYER_PORT: String(await freePort()),
    DATA_DIR: dataDir,
  };
  console.log(
    `start smoke test: \`${command}\` with CHAIN_PORT=${env.CHAIN_PORT} RELAYER_PORT=${env.RELAYER_PORT} DATA_DIR=${dataDir}`,
  );
  // Its own process group, so SIGINT reaches npm, tsx and everything under them, as Ctrl-C in a terminal does.
  const child: ChildProcess = spawn('sh', ['-c', command], {
    cwd: rootDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  /** The exit code, or the signal that ended it. */
  let exitCode: number | NodeJS.Signals | undefined;
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal ?? 1;
      resolve(exitCode);
    }),
  );
  const line = (label: string) => new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(output)?.[1];
  const tail = () => output.trim().split('\n').slice(-40).join('\n');

  try {
    await waitFor('npm start did not print "Press Ctrl-C to stop."', START_TIMEOUT_MS, async () => {
      if (exitCode !== undefined)
        throw new SmokeFailure(`npm start exited with ${exitCode} before it was up`);
      return output.includes('Press Ctrl-C to stop.') ? true : undefined;
    }).catch((error: Error) => {
      throw new SmokeFailure(error.message.replace(/ \(.*\)$/, ''));
    });
    const addresses = Object.fromEntries(LABELS.map((label) => [label, line(label)]));
    for (const label of LABELS) {
      if (!addresses[label]) throw new SmokeFailure(`npm start printed no "${label}:" line`);
      console.log(`  ${label.padEnd(17)} ${addresses[label]}`);
    }
    const rpcUrl = addresses['Chain RPC']!;
    const relayerUrl = addresses['Relayer API']!;
    if (new URL(rpcUrl).port !== env.CHAIN_PORT)
      throw new SmokeFailure(`the chain is not on CHAIN_PORT ${env.CHAIN_PORT}: ${rpcUrl}`);
    if (new URL(relayerUrl).port !== env.RELAYER_PORT)
      throw new SmokeFailure(`the relayer is not on RELAYER_PORT ${env.RELAYER_PORT}: ${relayerUrl}`);

    const chainId = await (
      await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      })
    ).json();
    if (Number((chainId as { result?: string }).result) !== SEPOLIA)
      throw new SmokeFailure(`the chain does not answer as Sepolia: ${JSON.stringify(chainId)}`);
    console.log(`  ok  chain answers eth_chainId ${SEPOLIA}`);

    const ready = await waitFor(`${relayerUrl}/readyz did not answer 200`, READY_TIMEOUT_MS, async () => {
      const response = await fetch(`${relayerUrl}/readyz`);
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return response.json();
    });
    console.log(`  ok  /readyz 200 ${JSON.stringify(ready)}`);

    const consoleUrl = addresses.Console!;
    if (consoleUrl !== `${relayerUrl}/console`)
      throw new SmokeFailure(`the console is not at ${relayerUrl}/console: ${consoleUrl}`);
    for (const url of [consoleUrl, `${consoleUrl}/`]) {
      const response = await fetch(url);
      const body = await response.text();
      if (
        response.status !== 200 ||
        !response.headers.get('content-type')?.includes('text/html') ||
        !body.includes(`<meta name="medicrypt-chain-id" content="${SEPOLIA}" />`)
      )
        throw new SmokeFailure(
          `${url} does not serve the console page: HTTP ${response.status} ${body.slice(0, 200)}`,
        );
      console.log(`  ok  ${url} serves the console page`);
    }

    const manifest = join(addresses['Extension folder']!, 'manifest.json');
    if (!existsSync(manifest))
      throw new SmokeFailure(`no manifest.json in the extension folder (${manifest})`);
    console.log('  ok  the extension folder holds manifest.json');

    process.kill(-child.pid!, 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS)),
    ]);
    if (code === 'timeout')
      throw new SmokeFailure(`Ctrl-C did not stop npm start within ${STOP_TIMEOUT_MS / 1000} s`);
    // npm waits for its script, then ends itself with the signal it got (as a shell expects of Ctrl-C); the
    // script's own failure shows as an exit code and an `npm error` line.
    if (code !== 0 && code !== 'SIGINT') throw new SmokeFailure(`npm start exited with ${code} on Ctrl-C`);
    if (/^npm error/m.test(output)) throw new SmokeFailure('npm start reported an error on Ctrl-C');
    await waitFor('processes of npm start were still running after it exited', 10_000, async () =>
      groupAlive(child.pid!) ? undefined : true,
    );
    for (const url of [rpcUrl, relayerUrl])
      if (await listening(url)) throw new SmokeFailure(`${url} still answers after Ctrl-C`);
    console.log(`  ok  Ctrl-C stopped the chain, the relayer and every process of npm start (${code})`);
    console.log('start smoke test passed');
  } catch (error) {
    const logFile = join(dataDir, 'logs', 'relayer.log');
    const relayerLog = existsSync(logFile)
      ? `\n--- the end of ${logFile}:\n${readFileSync(logFile, 'utf8').trim().split('\n').slice(-20).join('\n')}`
      : '';
    console.error(
      `start smoke test FAILED: ${(error as Error).message}\n--- the end of npm start's output:\n${tail()}${relayerLog}`,
    );
    process.exitCode = 1;
  } finally {
    // Whatever is left of the group (everything, after a failure; nothing, after a clean Ctrl-C).
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone
    }
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
