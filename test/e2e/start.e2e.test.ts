// `npm start` as a newcomer runs it: the whole stack comes up on embedded defaults, prints each address on its
// own line, every printed address answers, and Ctrl-C stops it all. Runs on free ports and its own data
// folder, so it passes beside a running `npm start`.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { consentRegistryAbi } from '@medicrypt/contracts';
import { freePort } from '@medicrypt/contracts/node';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/builds.ts';

const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');

describe('npm start', () => {
  let child: ChildProcess;
  let output = '';
  let dataDir: string;
  const line = (label: string) => new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(output)?.[1];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'medicrypt-start-'));
    child = spawn(process.execPath, [tsx, join(repoRoot, 'scripts', 'start.ts')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        CHAIN_PORT: String(await freePort()),
        RELAYER_PORT: String(await freePort()),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Press Ctrl-C to stop.')) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
  }, 240_000);

  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the chain, relayer, console and extension addresses, each on its own line, and each answers', async () => {
    const rpcUrl = line('Chain RPC');
    const relayerUrl = line('Relayer API');
    const extensionDir = line('Extension folder');
    expect(rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(relayerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const client = createPublicClient({ transport: http(rpcUrl) });
    expect(await client.getChainId()).toBe(11155111);
    const registry = line('ConsentRegistry') as `0x${string}`;
    const issuerRole = await client.readContract({
      address: registry,
      abi: consentRegistryAbi,
      functionName: 'ISSUER_ROLE',
    });
    expect(issuerRole).toMatch(/^0x[0-9a-f]{64}$/);

    const ready = await fetch(`${relayerUrl}/readyz`);
    expect(ready.status).toBe(200);
    const unknown = await (await fetch(`${relayerUrl}/v1/intents/not-an-id`)).json();
    expect(unknown).toMatchObject({ error: { code: expect.any(String) } });

    // The operator console, built by npm start and served by the relayer.
    expect(line('Console')).toBe(`${relayerUrl}/console`);
    for (const path of ['/console', '/console/']) {
      const consolePage = await fetch(`${relayerUrl}${path}`);
      expect(consolePage.status, path).toBe(200);
      expect(await consolePage.text()).toContain('<meta name="medicrypt-chain-id" content="11155111" />');
    }

    expect(existsSync(join(extensionDir!, 'manifest.json'))).toBe(true);
    expect(output).toMatch(/^ {2}patient +0x[0-9a-fA-F]{40} +0x[0-9a-f]{64}$/m);
  });

  it('stops the chain and the relayer on Ctrl-C', async () => {
    const relayerUrl = line('Relayer API')!;
    const rpcUrl = line('Chain RPC')!;
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (exitCode) => resolve(exitCode));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    await expect(fetch(`${relayerUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(rpcUrl, { method: 'POST' })).rejects.toThrow();
  }, 60_000);
});
