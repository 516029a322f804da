// Starts anvil from the npm package's binary on a free port (tests, benchmarks and `npm start` each run their
// own chain, so they never collide). Node only.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** Sepolia's chain id: the local chain answers with it, so the code paths are the same as on Sepolia. */
export const SEPOLIA_CHAIN_ID = 11155111;
/** anvil's default mnemonic accounts 0..9 (public test keys: never use them on a real network). */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export interface AnvilOptions {
  port?: number;
  chainId?: number;
  /** Seconds between blocks; omitted: a block per transaction (automine). */
  blockTime?: number;
  /** Keep chain state across restarts in this file (anvil --state). */
  stateFile?: string;
  /** Additional anvil arguments. */
  args?: string[];
}

export interface Anvil {
  rpcUrl: string;
  port: number;
  chainId: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const platformNames: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'win32',
};
const archNames: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

/** Path of a Foundry binary (`anvil`, `forge`, `cast`) shipped by its npm package. */
export function foundryBinary(tool: 'anvil' | 'forge' | 'cast'): string {
  const platform = platformNames[process.platform];
  const arch = archNames[process.arch];
  if (!platform || !arch)
    throw new Error(`Foundry from npm has no ${tool} for ${process.platform}/${process.arch}`);
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve(`@foundry-rs/${tool}-${platform}-${arch}/package.json`);
  return join(dirname(packageJson), 'bin', process.platform === 'win32' ? `${tool}.exe` : tool);
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Every anvil this process started and has not stopped: killed when the process exits, however it exits short of
 * SIGKILL (a benchmark's uncaught error included), so no chain keeps mining and holding memory behind it.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const port = options.port ?? (await freePort());
  const chainId = options.chainId ?? SEPOLIA_CHAIN_ID;
  const args = ['--port', String(port), '--host', '127.0.0.1', '--chain-id', String(chainId), '--silent'];
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.stateFile) args.push('--state', options.stateFile);
  args.push(...(options.args ?? []));
  const child = spawn(foundryBinary('anvil'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitForRpc(rpcUrl, child, () => stderr);
  return {
    rpcUrl,
    port,
    chainId,
    process: child,
    stop: () => stopProcess(child),
  };
}

async function waitForRpc(rpcUrl: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}: ${stderr()}`);
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`anvil did not answer at ${rpcUrl} within 15 s: ${stderr()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
