// The chain `npm start` runs on: a persistent local anvil answering as Sepolia, with MediCrypt deployed and
// demo accounts seeded once; or, with RPC_URL set, the configured chain and its committed deployment.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { consentRegistryAbi, type Deployment, deployMediCrypt, roles } from '@medicrypt/contracts';
import {
  ANVIL_MNEMONIC,
  type Anvil,
  deploymentFor,
  readDeployment,
  startAnvil,
  writeDeployment,
} from '@medicrypt/contracts/node';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
} from 'viem';
import { type HDAccount, mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import type { StackConfig } from './stack-config.ts';

export interface DemoAccount {
  role: string;
  address: Address;
  privateKey: Hex;
}

export interface Chainside {
  rpcUrl: string;
  deployment: Deployment;
  deploymentFile: string | undefined;
  demoAccounts: DemoAccount[];
  anvil: Anvil | undefined;
}

/** anvil's well-known mnemonic accounts: public test keys for the local chain only. */
const DEMO_ROLES = ['admin', 'issuer', 'patient', 'doctor', 'researcher'] as const;
const CREDENTIAL_YEARS = 1;
const YEAR_SECONDS = 365 * 24 * 3600;

function demoAccount(index: number): HDAccount {
  return mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
}

export async function startChain(config: StackConfig): Promise<Chainside> {
  if (config.RPC_URL) {
    const client = createPublicClient({ transport: http(config.RPC_URL) });
    const chainId = await client.getChainId();
    return {
      rpcUrl: config.RPC_URL,
      deployment: deploymentFor(chainId),
      deploymentFile: undefined,
      demoAccounts: [],
      anvil: undefined,
    };
  }
  const anvilDir = join(config.dataDir, 'anvil');
  mkdirSync(anvilDir, { recursive: true });
  const anvil = await startAnvil({
    port: config.CHAIN_PORT,
    blockTime: config.CHAIN_BLOCK_TIME || undefined,
    stateFile: join(anvilDir, 'state.json'),
    args: ['--state-interval', '5'],
  }).catch((error: Error) => {
    throw new Error(
      `could not start anvil on port ${config.CHAIN_PORT} (set CHAIN_PORT to use another): ${error.message}`,
    );
  });
  const chain = { ...foundry, id: anvil.chainId };
  const publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 100 });
  const deploymentFile = join(config.dataDir, 'deployments', `${anvil.chainId}.json`);
  let deployment = await existingDeployment(publicClient, deploymentFile);
  if (!deployment) {
    const admin = demoAccount(0);
    const walletClient = createWalletClient({ account: admin, chain, transport: http(anvil.rpcUrl) });
    deployment = await deployMediCrypt({ walletClient, publicClient });
    await seedDemo(publicClient, anvil.rpcUrl, deployment);
    writeDeployment(deploymentFile, deployment);
  }
  const demoAccounts = DEMO_ROLES.map((role, index) => {
    const account = demoAccount(index);
    return { role, address: account.address, privateKey: toHex(account) };
  });
  return { rpcUrl: anvil.rpcUrl, deployment, deploymentFile, demoAccounts, anvil };
}

const toHex = (account: HDAccount): Hex => `0x${Buffer.from(account.getHdKey().privateKey!).toString('hex')}`;

async function existingDeployment(client: PublicClient, file: string): Promise<Deployment | undefined> {
  if (!existsSync(file)) return undefined;
  const deployment = readDeployment(file);
  const code = await client.getCode({ address: deployment.registry });
  return code && code !== '0x' ? deployment : undefined;
}

/** Issuer role to the demo issuer, and credentials to the demo doctor and researcher. */
async function seedDemo(publicClient: PublicClient, rpcUrl: string, deployment: Deployment): Promise<void> {
  const chain = { ...foundry, id: await publicClient.getChainId() };
  const [admin, issuer, , doctor, researcher] = DEMO_ROLES.map((_, index) =>
    demoAccount(index),
  ) as HDAccount[];
  const send = async (account: HDAccount, functionName: string, args: unknown[]) => {
    const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
    const hash = await wallet.writeContract({
      address: deployment.registry,
      abi: consentRegistryAbi,
      functionName,
      args,
    } as never);
    await publicClient.waitForTransactionReceipt({ hash });
  };
  const issuerRole = await publicClient.readContract({
    address: deployment.registry,
    abi: consentRegistryAbi,
    functionName: 'ISSUER_ROLE',
  });
  await send(admin!, 'grantRole', [issuerRole, issuer!.address]);
  const now = Number((await publicClient.getBlock()).timestamp);
  const expiresAt = now + CREDENTIAL_YEARS * YEAR_SECONDS;
  const deadline = now + 3600;
  await send(issuer!, 'issueCredential', [
    issuer!.address,
    doctor!.address,
    roles.doctor,
    expiresAt,
    0,
    deadline,
  ]);
  await send(issuer!, 'issueCredential', [
    issuer!.address,
    researcher!.address,
    roles.researcher,
    expiresAt,
    0,
    deadline,
  ]);
}
