import {
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  encodeFunctionData,
  http,
  keccak256,
  type PublicClient,
  parseEventLogs,
  toFunctionSelector,
  toHex,
} from 'viem';
import { type LocalAccount, mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentRegistryAbi, intentForwarderAbi } from '../generated/abis.ts';
import { ANVIL_MNEMONIC, type Anvil, startAnvil } from './anvil.ts';
import { categoriesOf, categoryMask, purposes, roles } from './codes.ts';
import { type Deployment, deployMediCrypt } from './deployments.ts';
import {
  decodeIntent,
  encodeIntent,
  intentDigest,
  intentNames,
  intentTypes,
  primaryTypeOf,
  signIntent,
} from './intents.ts';

const HOUR = 3600;
let anvil: Anvil;
let publicClient: PublicClient;
let deployment: Deployment;
const testAccount = (addressIndex: number): LocalAccount =>
  mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex });
const [admin, patient, doctor, stranger] = [testAccount(0), testAccount(1), testAccount(2), testAccount(3)];

const context = () => ({ chainId: deployment.chainId, forwarder: deployment.forwarder });
const now = async () => Number((await publicClient.getBlock()).timestamp);

async function relay(intents: { data: `0x${string}`; signature: `0x${string}` }[]) {
  const wallet = createWalletClient({
    account: admin,
    chain: { ...foundry, id: anvil.chainId },
    transport: http(anvil.rpcUrl),
  });
  const hash = await wallet.writeContract({
    address: deployment.forwarder,
    abi: intentForwarderAbi,
    functionName: 'executeBatch',
    args: [intents],
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  return parseEventLogs({ abi: [...intentForwarderAbi, ...consentRegistryAbi], logs: receipt.logs });
}

beforeAll(async () => {
  anvil = await startAnvil();
  const chain = { ...foundry, id: anvil.chainId };
  publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 50 });
  const walletClient = createWalletClient({ account: admin, chain, transport: http(anvil.rpcUrl) });
  deployment = await deployMediCrypt({ walletClient, publicClient });
  const issuerRole = await publicClient.readContract({
    address: deployment.registry,
    abi: consentRegistryAbi,
    functionName: 'ISSUER_ROLE',
  });
  await publicClient.waitForTransactionReceipt({
    hash: await walletClient.writeContract({
      address: deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'grantRole',
      args: [issuerRole, admin.address],
    }),
  });
});

afterAll(async () => {
  await anvil?.stop();
});

describe('EIP-712 intent types derived from the ABI', () => {
  it('match the forwarder type hash of every intent', async () => {
    expect(intentNames.length).toBeGreaterThanOrEqual(14);
    for (const name of intentNames) {
      const primaryType = primaryTypeOf(name);
      const fields = intentTypes[primaryType]!;
      const encodeType = `${primaryType}(${fields.map((field) => `${field.type} ${field.name}`).join(',')})`;
      const signature = `${name}(${fields.map((field) => field.type).join(',')})`;
      const onChain = await publicClient.readContract({
        address: deployment.forwarder,
        abi: intentForwarderAbi,
        functionName: 'intentTypehash',
        args: [toFunctionSelector(signature)],
      });
      expect(onChain, name).toBe(keccak256(toHex(encodeType)));
    }
  });

  it('start with the actor and end with the deadline', () => {
    for (const fields of Object.values(intentTypes)) {
      expect(fields[0]).toEqual({ name: 'actor', type: 'address' });
      expect(fields.at(-1)).toEqual({ name: 'deadline', type: 'uint40' });
    }
  });
});

describe('a signature made in TypeScript', () => {
  it('verifies on-chain and hashes to the same digest, for static and dynamic intents', async () => {
    const deadline = (await now()) + HOUR;
    const message = {
      actor: doctor.address,
      patient: patient.address,
      categories: categoryMask(['lab', 'imaging']),
      duration: 2 * HOUR,
      reason: 'unconscious on arrival, suspected overdose',
      nonce: 0,
      deadline,
    };
    const signed = await signIntent(doctor, context(), 'openBreakGlass', message);
    const [valid, digest] = await publicClient.readContract({
      address: deployment.forwarder,
      abi: intentForwarderAbi,
      functionName: 'verify',
      args: [signed],
    });
    expect(valid).toBe(true);
    expect(digest).toBe(intentDigest(context(), 'openBreakGlass', message));
  });

  it('signed by someone other than the actor does not verify', async () => {
    const message = {
      actor: patient.address,
      patient: patient.address,
      allowed: false,
      nonce: 0,
      deadline: 2 ** 40 - 1,
    };
    const forged = await signIntent(stranger, context(), 'setBreakGlassAllowed', message);
    const [valid] = await publicClient.readContract({
      address: deployment.forwarder,
      abi: intentForwarderAbi,
      functionName: 'verify',
      args: [forged],
    });
    expect(valid).toBe(false);
  });

  it('for another chain id does not verify', async () => {
    const message = {
      actor: patient.address,
      patient: patient.address,
      allowed: false,
      nonce: 0,
      deadline: 2 ** 40 - 1,
    };
    const otherChain = await signIntent(
      patient,
      { ...context(), chainId: 1 },
      'setBreakGlassAllowed',
      message,
    );
    const [valid] = await publicClient.readContract({
      address: deployment.forwarder,
      abi: intentForwarderAbi,
      functionName: 'verify',
      args: [otherChain],
    });
    expect(valid).toBe(false);
  });
});

describe('the request → approve flow relayed through the forwarder', () => {
  it('grants what the patient approved and rejects the replayed approval', async () => {
    const deadline = (await now()) + HOUR;
    const issue = await signIntent(admin, context(), 'issueCredential', {
      actor: admin.address,
      account: doctor.address,
      role: roles.doctor,
      expiresAt: deadline + 365 * 24 * HOUR,
      nonce: 0,
      deadline,
    });
    const request = await signIntent(doctor, context(), 'requestAccess', {
      actor: doctor.address,
      patient: patient.address,
      categories: categoryMask(['lab', 'medication', 'imaging']),
      purpose: purposes.treatment,
      duration: 30 * 24 * HOUR,
      nonce: 0,
      deadline,
    });
    const approve = await signIntent(patient, context(), 'approveAccess', {
      actor: patient.address,
      patient: patient.address,
      grantee: doctor.address,
      categories: categoryMask(['lab', 'medication']),
      expiresAt: deadline + 7 * 24 * HOUR,
      nonce: 1,
      deadline,
    });
    const events = await relay([issue, request, approve, approve]);
    const names = events.map((event) => event.eventName);
    expect(names).toEqual(['CredentialIssued', 'AccessRequested', 'AccessApproved', 'IntentFailed']);
    const failed = events.at(-1) as { args: { index: bigint; reason: `0x${string}` } };
    expect(failed.args.index).toBe(3n);
    const consent = await publicClient.readContract({
      address: deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'consentOf',
      args: [patient.address, doctor.address],
    });
    expect(categoriesOf(consent.granted)).toEqual(['lab', 'medication']);
    expect(consent.nonce).toBe(2);
    const read = (category: number) =>
      publicClient.readContract({
        address: deployment.registry,
        abi: consentRegistryAbi,
        functionName: 'hasAccess',
        args: [patient.address, doctor.address, category],
      });
    expect(await read(0)).toBe(true);
    expect(await read(1)).toBe(false);
  });
});

describe('encodeIntent', () => {
  it('rejects a message missing a field', () => {
    expect(() =>
      encodeIntent('denyAccess', {
        actor: patient.address,
        patient: patient.address,
        nonce: 0,
        deadline: 1,
      } as never),
    ).toThrow(/missing field grantee/);
  });
});

describe('decodeIntent', () => {
  /** A value of each ABI type, as viem decodes it (uintN up to 48 bits as a number). */
  const sampleOf = (type: string): unknown => {
    if (type === 'address') return stranger.address;
    if (type === 'bool') return true;
    if (type === 'string') return 'a reason, with ünïcode';
    if (type === 'bytes32') return keccak256(toHex(type));
    const bits = /^uint(\d+)$/.exec(type);
    if (bits) return Number(bits[1]) <= 48 ? 7 : 7n;
    throw new Error(`no sample for ${type}`);
  };

  it('reads back every intent encodeIntent writes, as viem decodes the registry call', () => {
    for (const name of intentNames) {
      const fn = consentRegistryAbi.find((item) => item.type === 'function' && item.name === name)!;
      const message = Object.fromEntries(
        (fn as { inputs: readonly { name: string; type: string }[] }).inputs.map((input) => [
          input.name,
          sampleOf(input.type),
        ]),
      );
      const data = encodeIntent(name, message as never);
      const reference = decodeFunctionData({ abi: consentRegistryAbi, data });
      expect(decodeIntent(data)).toEqual({ name, message });
      expect(Object.values(decodeIntent(data).message)).toEqual(reference.args);
      const lowercase = Object.fromEntries(
        Object.entries(message).map(([key, value]) => [
          key,
          value === stranger.address ? stranger.address.toLowerCase() : value,
        ]),
      );
      expect(decodeIntent(data, { checksumAddresses: false })).toEqual({ name, message: lowercase });
    }
  });

  it('refuses calldata of a registry function that is not an intent, and unknown selectors', () => {
    const grantRole = encodeFunctionData({
      abi: consentRegistryAbi,
      functionName: 'grantRole',
      args: [keccak256(toHex('role')), stranger.address],
    });
    expect(() => decodeIntent(grantRole)).toThrow(/not an intent/);
    expect(() => decodeIntent('0xdeadbeef')).toThrow(/not an intent/);
  });
});
