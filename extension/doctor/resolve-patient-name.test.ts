// Resolution against a real chain: an anvil answering with Sepolia's chain id, with a stand-in for ENS's
// Universal Resolver (contracts/test/support/EnsUniversalResolverStandIn.sol) at the address viem knows for
// Sepolia, so viem's own getEnsAddress runs end to end over JSON-RPC.
//
// @vitest-environment node
// (the background's service worker has no DOM, and Node's fetch, unlike happy-dom's, does not log every
// failed request to the console)
import { type Anvil, freePort, readForgeArtifact, startAnvil } from '@medicrypt/contracts/node';
import {
  BaseError,
  createTestClient,
  getAddress,
  HttpRequestError,
  http,
  publicActions,
  walletActions,
  zeroAddress,
} from 'viem';
import { sepolia } from 'viem/chains';
import { namehash, normalize } from 'viem/ens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePatientName } from './resolve-patient-name.ts';

const universalResolver = sepolia.contracts.ensUniversalResolver.address;
const standIn = readForgeArtifact('EnsUniversalResolverStandIn');
const PATIENT = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');

let anvil: Anvil;
let network: { rpcUrl: string; label: string };

async function setAddr(name: string, address: `0x${string}`): Promise<void> {
  const chain = createTestClient({ mode: 'anvil', chain: sepolia, transport: http(anvil.rpcUrl) })
    .extend(publicActions)
    .extend(walletActions);
  const [from] = await chain.getAddresses();
  await chain.waitForTransactionReceipt({
    hash: await chain.writeContract({
      account: from!,
      address: universalResolver,
      abi: standIn.abi,
      functionName: 'setAddr',
      args: [namehash(normalize(name)), address],
    }),
    pollingInterval: 20,
  });
}

beforeAll(async () => {
  anvil = await startAnvil({ chainId: sepolia.id });
  network = { rpcUrl: anvil.rpcUrl, label: 'Local Anvil' };
  await createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) }).setCode({
    address: universalResolver,
    bytecode: standIn.deployedBytecode,
  });
  await setAddr('patient.medicrypt.eth', PATIENT);
  // A name with a resolver but no address: the Universal Resolver answers the zero address.
  await setAddr('moved.medicrypt.eth', zeroAddress);
});

afterAll(async () => {
  await anvil?.stop();
});

describe('resolving a patient’s ENS name', () => {
  it('gives the checksummed address the name is set to, whatever its case', async () => {
    expect(await resolvePatientName(network, 'patient.medicrypt.eth')).toBe(PATIENT);
    expect(await resolvePatientName(network, 'Patient.MediCrypt.eth')).toBe(PATIENT);
  });

  it.each([
    ['a name nobody registered', 'stranger.medicrypt.eth'],
    ['a name whose address is unset', 'moved.medicrypt.eth'],
  ])('says %s does not resolve', async (_, name) => {
    const error = await resolvePatientName(network, name).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'NAME_NOT_RESOLVED',
      shortMessage: `${name} does not resolve to an address on Local Anvil.`,
    });
    // No cause: viem read the Universal Resolver's answer as "no address" (null) rather than failing, so the
    // stand-in speaks the protocol viem expects.
    expect((error as Error).cause).toBeUndefined();
  });

  it('says a name ENS cannot normalize does not resolve, without asking the chain', async () => {
    const name = 'pat ient<script>.eth';
    expect(() => normalize(name)).toThrow();
    const offline = { rpcUrl: `http://127.0.0.1:${await freePort()}`, label: 'Local Anvil' };
    const error = await resolvePatientName(offline, name).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'NAME_NOT_RESOLVED',
      shortMessage: `${name} does not resolve to an address on Local Anvil.`,
    });
    expect((error as Error).cause).toMatchObject({
      message: expect.stringContaining('disallowed character'),
    });
  });

  it('says the name does not resolve when the RPC is down, with the network error as cause', async () => {
    const down = { rpcUrl: `http://127.0.0.1:${await freePort()}`, label: 'Sepolia' };
    const error = await resolvePatientName(down, 'patient.medicrypt.eth').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'NAME_NOT_RESOLVED',
      shortMessage: 'patient.medicrypt.eth does not resolve to an address on Sepolia.',
    });
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(BaseError);
    expect((cause as BaseError).walk((inner) => inner instanceof HttpRequestError)).toBeInstanceOf(
      HttpRequestError,
    );
  });
});
