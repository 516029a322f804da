import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bytesToHex, createPublicClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRegistryAbi, intentForwarderAbi } from '../generated/abis.ts';
import { ANVIL_MNEMONIC, type Anvil, foundryBinary, startAnvil } from './anvil.ts';
import { readDeployment } from './deployment-files.ts';

// anvil's first default account: a public test key.
const deployerKey = bytesToHex(mnemonicToAccount(ANVIL_MNEMONIC).getHdKey().privateKey!);
const rootDir = resolve(import.meta.dirname, '..', '..');
let anvil: Anvil;
let dir: string;

beforeAll(async () => {
  anvil = await startAnvil();
  mkdirSync(join(rootDir, '.data'), { recursive: true });
  dir = mkdtempSync(join(rootDir, '.data', 'deploy-test-'));
});

afterAll(async () => {
  await anvil?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('contracts/script/Deploy.s.sol', () => {
  it('deploys both contracts wired to each other and writes deployments/<chainId>.json', async () => {
    execFileSync(
      foundryBinary('forge'),
      [
        'script',
        'contracts/script/Deploy.s.sol',
        '--rpc-url',
        anvil.rpcUrl,
        '--broadcast',
        '--root',
        rootDir,
      ],
      {
        cwd: rootDir,
        env: { ...process.env, DEPLOYER_PRIVATE_KEY: deployerKey, DEPLOYMENTS_DIR: dir },
        stdio: 'pipe',
      },
    );
    const deployment = readDeployment(join(dir, '11155111.json'));
    expect(deployment.chainId).toBe(11155111);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    expect(
      await client.readContract({
        address: deployment.forwarder,
        abi: intentForwarderAbi,
        functionName: 'registry',
      }),
    ).toBe(deployment.registry);
    expect(
      await client.readContract({
        address: deployment.registry,
        abi: consentRegistryAbi,
        functionName: 'trustedForwarder',
      }),
    ).toBe(deployment.forwarder);
    const adminRole = await client.readContract({
      address: deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'DEFAULT_ADMIN_ROLE',
    });
    expect(
      await client.readContract({
        address: deployment.registry,
        abi: consentRegistryAbi,
        functionName: 'hasRole',
        args: [adminRole, deployment.admin],
      }),
    ).toBe(true);
  }, 120_000);
});
