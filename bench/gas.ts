// Gas benchmark: each action sent directly by its signer vs relayed through IntentForwarder.executeBatch in
// batches of 1, 4, 16 and 64, for signers' first intents and for later ones. Writes bench/out/gas.json.

import {
  categoryMask,
  consentRegistryAbi,
  type Deployment,
  deployMediCrypt,
  encodeIntent,
  type IntentMessage,
  type IntentName,
  intentForwarderAbi,
  purposes,
  roles,
  type SignedIntent,
  signIntent,
} from '@medicrypt/contracts';
import { ANVIL_MNEMONIC, startAnvil } from '@medicrypt/contracts/node';
import {
  type Account,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  keccak256,
  type PublicClient,
  parseEther,
  type Transport,
  toHex,
  type WalletClient,
} from 'viem';
import { generatePrivateKey, type LocalAccount, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { printTable, writeResult } from './report.ts';

const BATCH_SIZES = [1, 4, 16, 64] as const;
const DIRECT_SAMPLES = 4;
const DAY = 86_400;
const FAR_DEADLINE = 2 ** 40 - 1;
/** The target of the Foundation issue: a relayed approval in a batch of 16 costs at most this much of a direct one. */
const APPROVE_TARGET_RATIO = 0.75;

type Scenario = 'first' | 'later';
const MEASURED: readonly IntentName[] = [
  'approveAccess',
  'requestAccess',
  'registerRecord',
  'revokeAccess',
  'openBreakGlass',
];

interface Chainside {
  publicClient: PublicClient;
  relayer: WalletClient<Transport, Chain, Account>;
  deployment: Deployment;
  chain: Chain;
  rpcUrl: string;
  admin: LocalAccount;
  doctor: LocalAccount;
}

const freshAccounts = (count: number) =>
  Array.from({ length: count }, () => privateKeyToAccount(generatePrivateKey()));
const context = (side: Chainside) => ({
  chainId: side.deployment.chainId,
  forwarder: side.deployment.forwarder,
});

async function relayBatch(side: Chainside, intents: SignedIntent[]): Promise<bigint> {
  const hash = await side.relayer.writeContract({
    address: side.deployment.forwarder,
    abi: intentForwarderAbi,
    functionName: 'executeBatch',
    args: [intents],
    gas: 30_000_000n,
  });
  const receipt = await side.publicClient.waitForTransactionReceipt({ hash });
  const failed = receipt.logs.filter(
    (log) => log.address.toLowerCase() === side.deployment.forwarder.toLowerCase(),
  );
  if (receipt.status !== 'success' || failed.length > 0)
    throw new Error(`setup/measured batch had ${failed.length} failures`);
  return receipt.gasUsed;
}

async function sendDirect<N extends IntentName>(
  side: Chainside,
  signer: LocalAccount,
  name: N,
  message: IntentMessage<N>,
) {
  const wallet = createWalletClient({ account: signer, chain: side.chain, transport: http(side.rpcUrl) });
  const hash = await wallet.sendTransaction({
    to: side.deployment.registry,
    data: encodeIntent(name, message),
  });
  const receipt = await side.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`direct ${name} reverted`);
  return receipt.gasUsed;
}

/** Prepares the on-chain state an action needs for each actor, and returns the intent each will send. */
async function prepare(
  side: Chainside,
  name: IntentName,
  actors: LocalAccount[],
  scenario: Scenario,
): Promise<{ actor: LocalAccount; name: IntentName; message: IntentMessage<IntentName> }[]> {
  const setup: SignedIntent[] = [];
  const deadline = FAR_DEADLINE;
  const sign = <M extends IntentName>(signer: LocalAccount, intent: M, message: IntentMessage<M>) =>
    signIntent(signer, context(side), intent, message).then((signed) => setup.push(signed));
  const expiresAt = Math.floor(Date.now() / 1000) + 365 * DAY;
  const grantExpiresAt = Math.floor(Date.now() / 1000) + 7 * DAY;
  const isDoctorAction = name === 'requestAccess' || name === 'openBreakGlass';
  for (const actor of actors) {
    if (isDoctorAction) {
      await sign(side.admin, 'issueCredential', {
        actor: side.admin.address,
        account: actor.address,
        role: roles.doctor,
        expiresAt,
        nonce: 0,
        deadline,
      });
    }
    if (scenario === 'later') {
      // The signer has acted before: an earlier intent of theirs has applied.
      await sign(actor, 'setResearchConsent', {
        actor: actor.address,
        patient: actor.address,
        purpose: purposes.research,
        categories: 1n,
        nonce: 0,
        deadline,
      });
    }
    if (name === 'approveAccess' || name === 'revokeAccess') {
      await sign(side.doctor, 'requestAccess', {
        actor: side.doctor.address,
        patient: actor.address,
        categories: categoryMask(['lab', 'imaging']),
        purpose: purposes.treatment,
        duration: 30 * DAY,
        nonce: 0,
        deadline,
      });
    }
    if (name === 'revokeAccess') {
      await sign(actor, 'approveAccess', {
        actor: actor.address,
        patient: actor.address,
        grantee: side.doctor.address,
        categories: categoryMask(['lab']),
        expiresAt: grantExpiresAt,
        nonce: 1,
        deadline,
      });
    }
  }
  for (let i = 0; i < setup.length; i += 64) await relayBatch(side, setup.slice(i, i + 64));

  return actors.map((actor) => {
    const base = { actor: actor.address, deadline };
    const patient = actor.address;
    switch (name) {
      case 'approveAccess':
        return {
          actor,
          name,
          message: {
            ...base,
            patient,
            grantee: side.doctor.address,
            categories: categoryMask(['lab']),
            expiresAt: grantExpiresAt,
            nonce: 1,
          },
        };
      case 'revokeAccess':
        return { actor, name, message: { ...base, patient, grantee: side.doctor.address, nonce: 2 } };
      case 'registerRecord':
        return {
          actor,
          name,
          message: {
            ...base,
            patient,
            digest: keccak256(toHex(`${actor.address}-record`)),
            codec: 0x55,
            category: 0,
            encrypted: true,
          },
        };
      case 'requestAccess':
        return {
          actor,
          name,
          message: {
            ...base,
            patient: side.doctor.address,
            categories: categoryMask(['lab', 'imaging', 'medication']),
            purpose: purposes.treatment,
            duration: 30 * DAY,
            nonce: 0,
          },
        };
      case 'openBreakGlass':
        return {
          actor,
          name,
          message: {
            ...base,
            patient: side.doctor.address,
            categories: categoryMask(['lab', 'medication', 'allergy']),
            duration: DAY,
            reason: 'unconscious on arrival',
            nonce: 0,
          },
        };
      default:
        throw new Error(`no preparation for ${name}`);
    }
  }) as never;
}

export interface GasRow {
  action: IntentName;
  scenario: Scenario;
  direct: number;
  batches: Record<number, number>;
}

export async function runGasBench(): Promise<Record<string, unknown>> {
  const anvil = await startAnvil({ args: ['--gas-limit', '100000000'] });
  try {
    const chain = { ...foundry, id: anvil.chainId };
    const publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 50 });
    const admin = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 });
    const relayer = createWalletClient({ account: admin, chain, transport: http(anvil.rpcUrl) });
    const deployment = await deployMediCrypt({ walletClient: relayer, publicClient });
    const issuerRole = await publicClient.readContract({
      address: deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'ISSUER_ROLE',
    });
    await publicClient.waitForTransactionReceipt({
      hash: await relayer.writeContract({
        address: deployment.registry,
        abi: consentRegistryAbi,
        functionName: 'grantRole',
        args: [issuerRole, admin.address],
      }),
    });
    const doctor = privateKeyToAccount(generatePrivateKey());
    const side: Chainside = { publicClient, relayer, deployment, chain, rpcUrl: anvil.rpcUrl, admin, doctor };
    await relayBatch(side, [
      await signIntent(admin, context(side), 'issueCredential', {
        actor: admin.address,
        account: doctor.address,
        role: roles.doctor,
        expiresAt: FAR_DEADLINE - 1,
        nonce: 0,
        deadline: FAR_DEADLINE,
      }),
    ]);
    const testClient = createTestClient({ mode: 'anvil', chain, transport: http(anvil.rpcUrl) });

    const rows: GasRow[] = [];
    for (const scenario of ['first', 'later'] as const) {
      for (const action of MEASURED) {
        const directActors = freshAccounts(DIRECT_SAMPLES);
        for (const actor of directActors)
          await testClient.setBalance({ address: actor.address, value: parseEther('1') });
        const directIntents = await prepare(side, action, directActors, scenario);
        let directTotal = 0n;
        for (const intent of directIntents)
          directTotal += await sendDirect(side, intent.actor, intent.name, intent.message);
        const row: GasRow = { action, scenario, direct: Number(directTotal) / DIRECT_SAMPLES, batches: {} };
        for (const size of BATCH_SIZES) {
          const intents = await prepare(side, action, freshAccounts(size), scenario);
          const signed = await Promise.all(
            intents.map((intent) => signIntent(intent.actor, context(side), intent.name, intent.message)),
          );
          row.batches[size] = Number(await relayBatch(side, signed)) / size;
        }
        rows.push(row);
      }
    }

    printTable(
      'Gas per action: direct vs relayed per item (ratio to direct)',
      ['action', 'signer', 'direct', ...BATCH_SIZES.map((size) => `batch ${size}`)],
      rows.map((row) => [
        row.action,
        row.scenario,
        Math.round(row.direct).toString(),
        ...BATCH_SIZES.map(
          (size) => `${Math.round(row.batches[size]!)} (${(row.batches[size]! / row.direct).toFixed(2)}x)`,
        ),
      ]),
    );
    const approve = rows.find((row) => row.action === 'approveAccess' && row.scenario === 'first')!;
    const approveLater = rows.find((row) => row.action === 'approveAccess' && row.scenario === 'later')!;
    const ratio = approve.batches[16]! / approve.direct;
    const result = {
      approve_direct: Math.round(approve.direct),
      approve_batch16_per_item: Math.round(approve.batches[16]!),
      approve_batch16_ratio: Number(ratio.toFixed(3)),
      approve_later_direct: Math.round(approveLater.direct),
      approve_later_batch16_per_item: Math.round(approveLater.batches[16]!),
      target_ratio: APPROVE_TARGET_RATIO,
      meets_target:
        ratio <= APPROVE_TARGET_RATIO &&
        approveLater.batches[16]! / approveLater.direct <= APPROVE_TARGET_RATIO,
      rows,
    };
    console.log(
      `\napproval, batch of 16: ${result.approve_batch16_per_item} gas/item vs ${result.approve_direct} direct = ${ratio.toFixed(3)}x (target ≤ ${APPROVE_TARGET_RATIO}x): ${result.meets_target ? 'met' : 'NOT met'}`,
    );
    writeResult('gas', result);
    return result;
  } finally {
    await anvil.stop();
  }
}
