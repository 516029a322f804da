// The relayer `npm start` runs beside the chain: a child process of `npm start`, connected over IPC so that it
// drains and exits when `npm start` stops (or dies). Its settings come from .env / the environment; what the
// local stack decides (the chain's URL and deployment, a funded anvil key) fills only what is unset.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ANVIL_MNEMONIC } from '@medicrypt/contracts/node';
import type { Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import type { Chainside } from './local-chain.ts';
import { rootDir } from './stack-config.ts';

/** anvil's mnemonic account that pays for batches locally (0-4 are the demo accounts). */
const LOCAL_SIGNER_INDEX = 9;
const START_TIMEOUT_MS = 90_000;

export interface LocalRelayer {
  url: string;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function localSignerKey(): Hex {
  const key = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: LOCAL_SIGNER_INDEX }).getHdKey().privateKey!;
  return `0x${Buffer.from(key).toString('hex')}`;
}

/** The relayer's environment: the user's settings win; the local stack fills the rest. */
export function relayerEnvironment(
  chain: Chainside,
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const local: Record<string, string> = {
    RPC_URL: chain.rpcUrl,
    CHAIN_ID: String(chain.deployment.chainId),
    PGLITE_DATA_DIR: join(dataDir, 'pglite'),
    IPFS_DATA_DIR: join(dataDir, 'ipfs'),
  };
  if (chain.deploymentFile) local.DEPLOYMENT_FILE = chain.deploymentFile;
  // Only on the local chain: a Sepolia relayer must be given its own key in .env.
  if (chain.anvil) local.RELAYER_PRIVATE_KEYS = localSignerKey();
  // Only on the local chain: the demo admin account signs in to the operator console.
  const admin = chain.demoAccounts.find((account) => account.role === 'admin');
  if (chain.anvil && admin) local.OPERATOR_ADDRESSES = admin.address;
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [name, value] of Object.entries(local)) if (!env[name]?.trim()) merged[name] = value;
  return merged;
}

export function startRelayerProcess(chain: Chainside, dataDir: string): Promise<LocalRelayer> {
  const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'relayer.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [tsx, join(rootDir, 'relayer', 'src', 'main.ts')], {
    cwd: rootDir,
    env: relayerEnvironment(chain, dataDir),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the relayer did not start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"event":"listening","url":"([^"]+)"\}/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      resolve({ url: match[1]!, logFile, child, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the relayer exited with code ${code} before listening:\n${output.trim()}`));
    });
  });
}
