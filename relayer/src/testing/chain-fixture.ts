// Test support: a fresh anvil (free port, Sepolia's chain id) with MediCrypt deployed, an issuer, and a
// credentialed doctor. Each test file starts its own, so tests run beside `npm start` and each other.

import { randomBytes } from 'node:crypto';
import {
  categoryMask,
  consentRegistryAbi,
  type Deployment,
  deployMediCrypt,
  type IntentMessage,
  type IntentName,
  intentForwarderAbi,
  purposes,
  roles,
  type SignedIntent,
  signIntent,
} from '@medicrypt/contracts';
import { ANVIL_MNEMONIC, type Anvil, type AnvilOptions, startAnvil } from '@medicrypt/contracts/node';
import { type Address, createWalletClient, type Hex, http } from 'viem';
import { generatePrivateKey, type LocalAccount, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { type ChainClient, createChainClient } from '../chain/chain-client.ts';

export interface ChainFixture {
  anvil: Anvil;
  chain: ChainClient;
  deployment: Deployment;
  /** Deployer and registry admin; also funded to relay. */
  admin: LocalAccount;
  issuer: LocalAccount;
  doctor: LocalAccount;
  /** The credentialed doctor's key, for a wallet in a browser test. */
  doctorKey: `0x${string}`;
  /** A private key funded on the chain, for the relayer's signer. */
  relayerKey: `0x${string}`;

  sign<N extends IntentName>(signer: LocalAccount, name: N, message: IntentMessage<N>): Promise<SignedIntent>;
  /** A new patient's registerRecord of an encrypted lab record with a random digest, signed, due by `deadline`. */
  signNewRecord(deadline: number): Promise<{ intent: SignedIntent; digest: Hex }>;
  /** The doctor's request for 30 days of a patient's lab records, for treatment, due by `deadline` (an hour). */
  accessRequest(patient: Address, nonce: number, deadline?: number): Promise<IntentMessage<'requestAccess'>>;
  /** Sends a signed intent straight to the forwarder from the admin account (no relayer) and waits for it. */
  execute(intent: SignedIntent): Promise<void>;
  now(): Promise<number>;
  stop(): Promise<void>;
}

const DAY = 24 * 3600;
const YEAR = 365 * DAY;
const ACCESS_DAYS = 30;
const DEADLINE_S = 3600;
const RAW_CODEC = 0x55;
const LAB_CATEGORY = 0;

export async function startChainFixture(options: AnvilOptions = {}): Promise<ChainFixture> {
  const anvil = await startAnvil(options);
  const admin = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 });
  const relayerAccount = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 9 });
  const relayerKey = `0x${Buffer.from(relayerAccount.getHdKey().privateKey!).toString('hex')}` as const;

  const issuer = privateKeyToAccount(generatePrivateKey());
  const doctorKey = generatePrivateKey();
  const doctor = privateKeyToAccount(doctorKey);
  const bootstrap = createChainClient({
    rpcUrl: anvil.rpcUrl,
    deployment: { chainId: anvil.chainId } as Deployment,
    pollingIntervalMs: 20,
  });
  const walletClient = createWalletClient({
    account: admin,
    chain: bootstrap.chain,
    transport: http(anvil.rpcUrl),
  });
  const deployment = await deployMediCrypt({ walletClient, publicClient: bootstrap.publicClient });
  const chain = createChainClient({ rpcUrl: anvil.rpcUrl, deployment, pollingIntervalMs: 20 });
  const context = { chainId: deployment.chainId, forwarder: deployment.forwarder };
  const sign: ChainFixture['sign'] = (signer, name, message) => signIntent(signer, context, name, message);
  const now = async () => Number((await chain.publicClient.getBlock()).timestamp);

  const issuerRole = await chain.publicClient.readContract({
    address: deployment.registry,
    abi: consentRegistryAbi,
    functionName: 'ISSUER_ROLE',
  });
  await chain.publicClient.waitForTransactionReceipt({
    hash: await walletClient.writeContract({
      address: deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'grantRole',
      args: [issuerRole, issuer.address],
    }),
  });
  const deadline = (await now()) + 3600;
  const credential = await sign(issuer, 'issueCredential', {
    actor: issuer.address,
    account: doctor.address,
    role: roles.doctor,
    expiresAt: deadline + YEAR,
    nonce: 0,
    deadline,
  });
  const execute = async (intent: SignedIntent) => {
    const receipt = await chain.publicClient.waitForTransactionReceipt({
      hash: await walletClient.writeContract({
        address: deployment.forwarder,
        abi: intentForwarderAbi,
        functionName: 'execute',
        args: [intent],
      }),
    });
    if (receipt.status !== 'success')
      throw new Error(`intent transaction ${receipt.transactionHash} reverted`);
  };
  await execute(credential);
  const signNewRecord: ChainFixture['signNewRecord'] = async (deadline) => {
    const patient = privateKeyToAccount(generatePrivateKey());
    const digest = `0x${randomBytes(32).toString('hex')}` as Hex;
    const intent = await sign(patient, 'registerRecord', {
      actor: patient.address,
      patient: patient.address,
      digest,
      codec: RAW_CODEC,
      category: LAB_CATEGORY,
      encrypted: true,
      deadline,
    });
    return { intent, digest };
  };
  const accessRequest: ChainFixture['accessRequest'] = async (patient, nonce, deadline) => ({
    actor: doctor.address,
    patient,
    categories: categoryMask(['lab']),
    purpose: purposes.treatment,
    duration: ACCESS_DAYS * DAY,
    nonce,
    deadline: deadline ?? (await now()) + DEADLINE_S,
  });
  return {
    signNewRecord,
    accessRequest,
    execute,
    anvil,
    chain,
    deployment,
    admin,
    issuer,
    doctor,
    doctorKey,
    relayerKey,
    sign,
    now,
    stop: () => anvil.stop(),
  };
}
