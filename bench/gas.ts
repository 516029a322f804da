// Gas benchmark: each action sent directly by its signer vs relayed through our IntentForwarder.executeBatch in
// batches of 1, 4, 16 and 64, for signers' first intents and for later ones; and the same actions, batch sizes
// and scenarios relayed through OpenZeppelin's ERC2771Forwarder.executeBatch (deployed in the same run from
// @openzeppelin/contracts, in front of a second ConsentRegistry that trusts it). Writes bench/out/gas.json.
import {
  categoryMask,
  consentRegistryAbi,
  consentRegistryBytecode,
  type Deployment,
  deployMediCrypt,
  encodeIntent,
  type IntentMessage,
  type IntentName,
  intentForwarderAbi,
  purposes,
  roles,
  signIntent,
} from '@medicrypt/contracts';
import { ANVIL_MNEMONIC, readForgeArtifact, startAnvil } from '@medicrypt/contracts/node';
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  keccak256,
  type PublicClient,
  parseEther,
  parseEventLogs,
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

/** One action of one signer. */
interface Item {
  actor: LocalAccount;
  name: IntentName;
  message: IntentMessage<IntentName>;
}

interface Chainside {
  publicClient: PublicClient;
  relayer: WalletClient<Transport, Chain, Account>;
  deployment: Deployment;
  chain: Chain;
  rpcUrl: string;
  admin: LocalAccount;
  doctor: LocalAccount;
  /** Signs the items the way this forwarder wants and relays them in one batch; the gas the batch used. */
  relay(items: Item[]): Promise<bigint>;
}

const OZ_FORWARDER_NAME = 'OpenZeppelinForwarder';
/** Gas each OpenZeppelin request forwards to the registry (its `gas` field): ample for every measured action. */
const OZ_REQUEST_GAS = 1_000_000n;
const BATCH_GAS_LIMIT = 30_000_000n;
const ozForwardRequestTypes = {
  ForwardRequest: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint48' },
    { name: 'data', type: 'bytes' },
  ],
} as const;

const freshAccounts = (count: number) =>
  Array.from({ length: count }, () => privateKeyToAccount(generatePrivateKey()));
const context = (side: Pick<Chainside, 'deployment'>) => ({
  chainId: side.deployment.chainId,
  forwarder: side.deployment.forwarder,
});

/** Our forwarder: each item an EIP-712 intent of its own type, executeBatch isolates failures (IntentFailed). */
async function relayThroughIntentForwarder(side: Omit<Chainside, 'relay'>, items: Item[]): Promise<bigint> {
  const intents = await Promise.all(
    items.map((item) => signIntent(item.actor, context(side), item.name, item.message)),
  );
  const hash = await side.relayer.writeContract({
    address: side.deployment.forwarder,
    abi: intentForwarderAbi,
    functionName: 'executeBatch',
    args: [intents],
    gas: BATCH_GAS_LIMIT,
  });
  const receipt = await side.publicClient.waitForTransactionReceipt({ hash });
  const failed = receipt.logs.filter(
    (log) => log.address.toLowerCase() === side.deployment.forwarder.toLowerCase(),
  );
  if (receipt.status !== 'success' || failed.length > 0)
    throw new Error(`setup/measured batch had ${failed.length} failures`);
  return receipt.gasUsed;
}

/**
 * OpenZeppelin's forwarder: each item a ForwardRequest (from, to, value, gas, nonce, deadline, calldata) signed
 * by its actor; executeBatch with a refund receiver, so a failed request does not revert the others.
 */
function openZeppelinRelay(side: Omit<Chainside, 'relay'>, abi: Abi): (items: Item[]) => Promise<bigint> {
  const forwarder = side.deployment.forwarder;
  const nonces = new Map<Address, bigint>();
  return async (items) => {
    const requests = [];
    for (const { actor, name, message } of items) {
      const nonce =
        nonces.get(actor.address) ??
        ((await side.publicClient.readContract({
          address: forwarder,
          abi,
          functionName: 'nonces',
          args: [actor.address],
        })) as bigint);
      nonces.set(actor.address, nonce + 1n);
      const request = {
        from: actor.address,
        to: side.deployment.registry,
        value: 0n,
        gas: OZ_REQUEST_GAS,
        nonce,
        deadline: FAR_DEADLINE,
        data: encodeIntent(name, message),
      };
      const signature = await actor.signTypedData({
        domain: {
          name: OZ_FORWARDER_NAME,
          version: '1',
          chainId: side.deployment.chainId,
          verifyingContract: forwarder,
        },
        types: ozForwardRequestTypes,
        primaryType: 'ForwardRequest',
        message: request,
      });
      const { nonce: _signedNonce, ...data } = request;
      requests.push({ ...data, signature });
    }
    const hash = await side.relayer.writeContract({
      address: forwarder,
      abi,
      functionName: 'executeBatch',
      args: [requests, side.relayer.account.address],
      gas: BATCH_GAS_LIMIT,
    });
    const receipt = await side.publicClient.waitForTransactionReceipt({ hash });
    const executed = parseEventLogs({
      abi,
      logs: receipt.logs,
      eventName: 'ExecutedForwardRequest',
    }) as unknown as {
      args: { success: boolean };
    }[];
    const failed = items.length - executed.filter((event) => event.args.success).length;
    if (receipt.status !== 'success' || failed > 0)
      throw new Error(`OpenZeppelin setup/measured batch had ${failed} failures`);
    return receipt.gasUsed;
  };
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
): Promise<Item[]> {
  const setup: Item[] = [];
  const deadline = FAR_DEADLINE;
  const sign = async <M extends IntentName>(signer: LocalAccount, intent: M, message: IntentMessage<M>) => {
    setup.push({ actor: signer, name: intent, message: message as unknown as IntentMessage<IntentName> });
  };
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
  for (let i = 0; i < setup.length; i += 64) await side.relay(setup.slice(i, i + 64));

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
  /** Per item, relayed through our IntentForwarder, by batch size. */
  batches: Record<number, number>;
  /** Per item, relayed through OpenZeppelin's ERC2771Forwarder, by batch size. */
  openZeppelin: Record<number, number>;
}

/** Grants the admin the issuer role, then issues the doctor's credential through the side's own forwarder. */
async function setUpSide(side: Chainside): Promise<void> {
  const { publicClient, relayer, deployment, admin, doctor } = side;
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
  await side.relay([
    {
      actor: admin,
      name: 'issueCredential',
      message: {
        actor: admin.address,
        account: doctor.address,
        role: roles.doctor,
        expiresAt: FAR_DEADLINE - 1,
        nonce: 0,
        deadline: FAR_DEADLINE,
      } as IntentMessage<IntentName>,
    },
  ]);
}

/** OpenZeppelin's ERC2771Forwarder and a second ConsentRegistry that trusts it, on the same chain. */
async function deployOpenZeppelinSide(ours: Chainside): Promise<Chainside> {
  const { publicClient, relayer, admin } = ours;
  // OpenZeppelin's ERC2771Forwarder as forge compiled it (contracts/test/support/OpenZeppelinForwarder.sol).
  const { abi, bytecode } = readForgeArtifact('ERC2771Forwarder');
  const forwarderReceipt = await publicClient.waitForTransactionReceipt({
    hash: await relayer.deployContract({ abi, bytecode, args: [OZ_FORWARDER_NAME] }),
  });
  const forwarder = forwarderReceipt.contractAddress!;
  const registryReceipt = await publicClient.waitForTransactionReceipt({
    hash: await relayer.deployContract({
      abi: consentRegistryAbi,
      bytecode: consentRegistryBytecode,
      args: [forwarder, admin.address],
    }),
  });
  const deployment: Deployment = {
    ...ours.deployment,
    registry: registryReceipt.contractAddress!,
    forwarder,
  };
  const base = { ...ours, deployment };
  return { ...base, relay: openZeppelinRelay(base, abi) };
}

export async function runGasBench(): Promise<Record<string, unknown>> {
  const anvil = await startAnvil({ args: ['--gas-limit', '100000000'] });
  try {
    const chain = { ...foundry, id: anvil.chainId };
    const publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 50 });
    const admin = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 });
    const relayer = createWalletClient({ account: admin, chain, transport: http(anvil.rpcUrl) });
    const deployment = await deployMediCrypt({ walletClient: relayer, publicClient });
    const doctor = privateKeyToAccount(generatePrivateKey());
    const base = { publicClient, relayer, deployment, chain, rpcUrl: anvil.rpcUrl, admin, doctor };
    const side: Chainside = { ...base, relay: (items) => relayThroughIntentForwarder(base, items) };
    const openZeppelin = await deployOpenZeppelinSide(side);
    await setUpSide(side);
    await setUpSide(openZeppelin);
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
        const row: GasRow = {
          action,
          scenario,
          direct: Number(directTotal) / DIRECT_SAMPLES,
          batches: {},
          openZeppelin: {},
        };
        for (const size of BATCH_SIZES) {
          row.batches[size] =
            Number(await side.relay(await prepare(side, action, freshAccounts(size), scenario))) / size;
          row.openZeppelin[size] =
            Number(
              await openZeppelin.relay(await prepare(openZeppelin, action, freshAccounts(size), scenario)),
            ) / size;
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
    printTable(
      "Gas per relayed item: ours vs OpenZeppelin's ERC2771Forwarder, same actions and batch sizes (ours / OZ)",
      ['action', 'signer', ...BATCH_SIZES.map((size) => `batch ${size}: ours / OZ`)],
      rows.map((row) => [
        row.action,
        row.scenario,
        ...BATCH_SIZES.map(
          (size) =>
            `${Math.round(row.batches[size]!)} / ${Math.round(row.openZeppelin[size]!)} (${(row.batches[size]! / row.openZeppelin[size]!).toFixed(2)}x)`,
        ),
      ]),
    );
    const approve = rows.find((row) => row.action === 'approveAccess' && row.scenario === 'first')!;
    const approveLater = rows.find((row) => row.action === 'approveAccess' && row.scenario === 'later')!;
    const ratio = approve.batches[16]! / approve.direct;
    const oursVsOz = rows.flatMap((row) =>
      BATCH_SIZES.map((size) => row.batches[size]! / row.openZeppelin[size]!),
    );
    const result = {
      approve_direct: Math.round(approve.direct),
      approve_batch16_per_item: Math.round(approve.batches[16]!),
      approve_batch16_ratio: Number(ratio.toFixed(3)),
      approve_later_direct: Math.round(approveLater.direct),
      approve_later_batch16_per_item: Math.round(approveLater.batches[16]!),
      approve_batch16_openzeppelin_per_item: Math.round(approve.openZeppelin[16]!),
      approve_batch16_ours_vs_openzeppelin: Number(
        (approve.batches[16]! / approve.openZeppelin[16]!).toFixed(3),
      ),
      ours_vs_openzeppelin_min: Number(Math.min(...oursVsOz).toFixed(3)),
      ours_vs_openzeppelin_max: Number(Math.max(...oursVsOz).toFixed(3)),
      target_ratio: APPROVE_TARGET_RATIO,
      meets_target:
        ratio <= APPROVE_TARGET_RATIO &&
        approveLater.batches[16]! / approveLater.direct <= APPROVE_TARGET_RATIO,
      rows,
    };
    console.log(
      `\napproval, batch of 16: ${result.approve_batch16_per_item} gas/item vs ${result.approve_direct} direct = ${ratio.toFixed(3)}x (target ≤ ${APPROVE_TARGET_RATIO}x): ${result.meets_target ? 'met' : 'NOT met'}; OpenZeppelin's forwarder ${result.approve_batch16_openzeppelin_per_item} gas/item`,
    );
    writeResult('gas', result);
    return result;
  } finally {
    await anvil.stop();
  }
}
