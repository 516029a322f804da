// Test support: a relayer started in-process against a chain fixture and a database of either kind.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDeployment } from '@medicrypt/contracts/node';
import pino from 'pino';
import { createTestClient, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { loadConfig } from '../config.ts';
import { type DatabaseKind, testDatabaseUrl } from '../db/test-database.ts';
import { type RunningRelayer, startRelayer } from '../server.ts';
import type { ChainFixture } from './chain-fixture.ts';

/**
 * Settings for a test relayer with its own freshly funded signer keys: relayers of different tests share the
 * chain but never a key, or each would see the other's transactions as outside use of its nonces.
 */
export async function relayerEnv(
  fixture: ChainFixture,
  kind: DatabaseKind,
  schema: string,
  overrides: Record<string, string> = {},
  signerCount = 1,
) {
  const testClient = createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });
  const keys = Array.from({ length: signerCount }, () => generatePrivateKey());
  for (const key of keys)
    await testClient.setBalance({ address: privateKeyToAccount(key).address, value: parseEther('100') });
  const deploymentFile = join(
    mkdtempSync(join(tmpdir(), 'medicrypt-deployment-')),
    `${fixture.deployment.chainId}.json`,
  );
  writeDeployment(deploymentFile, fixture.deployment);
  return {
    NODE_ENV: 'test',
    RELAYER_PORT: '0',
    RPC_URL: fixture.anvil.rpcUrl,
    CHAIN_ID: String(fixture.deployment.chainId),
    DEPLOYMENT_FILE: deploymentFile,
    RELAYER_PRIVATE_KEYS: keys.join(','),
    BATCH_WINDOW_MS: '50',
    INDEXER_POLL_MS: '100',
    IPFS_DATA_DIR: mkdtempSync(join(tmpdir(), 'medicrypt-ipfs-')),
    STUCK_AFTER_MS: '5000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(kind === 'pg'
      ? { DATABASE_URL: testDatabaseUrl, DATABASE_SCHEMA: schema }
      : { PGLITE_DATA_DIR: 'memory://' }),
    ...overrides,
  };
}

export function startTestRelayer(env: Record<string, string>): Promise<RunningRelayer> {
  return startRelayer(loadConfig(env), { logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
}

export async function postIntent(url: string, body: unknown) {
  const response = await fetch(`${url}/v1/intents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}

export async function waitForStatus(url: string, id: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    last = (await (await fetch(`${url}/v1/intents/${id}`)).json()) as Record<string, unknown>;
    if (statuses.includes(last.status as string)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`intent ${id} stayed ${last.status}, expected ${statuses.join('/')}`);
}
