// Intake's chain reads through the batching client: made together, they reach the node as one JSON-RPC batch and
// each gets its own answer; with a batch size of 1 each goes alone. Against anvil, through a counting proxy.
import type { AnyIntentMessage } from '@medicrypt/contracts';
import type { Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignerAuthority } from '../intake/signer-authority.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { type RpcProxy, startRpcProxy } from '../testing/rpc-proxy.ts';
import { createChainClient } from './chain-client.ts';
import { readObjectNonce } from './object-nonce.ts';

let fixture: ChainFixture;
let proxy: RpcProxy;
let requested: Address;
const fresh = () => privateKeyToAccount(generatePrivateKey()).address;

beforeAll(async () => {
  fixture = await startChainFixture();
  proxy = await startRpcProxy(fixture.anvil.rpcUrl);
  // One patient whose consent with the doctor is at nonce 1 on chain.
  requested = fresh();
  await fixture.execute(
    await fixture.sign(fixture.doctor, 'requestAccess', await fixture.accessRequest(requested, 0)),
  );
});
afterAll(async () => {
  await proxy?.close();
  await fixture?.stop();
});
beforeEach(() => proxy.clearRequests());

/** Five nonce reads and two credential checks, all started in one turn. */
async function readTogether(rpcBatchSize: number) {
  const chain = createChainClient({ rpcUrl: proxy.url, deployment: fixture.deployment, rpcBatchSize });
  const authority = new SignerAuthority(chain);
  const patients = [requested, fresh(), fresh(), fresh(), fresh()];
  const intents = await Promise.all(
    patients.map(async (patient) => ({
      name: 'requestAccess' as const,
      message: await fixture.accessRequest(patient, 0),
    })),
  );
  proxy.clearRequests();
  const [nonces, credentials] = await Promise.all([
    Promise.all(intents.map((intent) => readObjectNonce(chain, intent as AnyIntentMessage))),
    Promise.all([authority.isDoctor(fixture.doctor.address), authority.isDoctor(fresh())]),
  ]);
  return { nonces, credentials, requests: proxy.requests() };
}

describe('intake reads through the batching chain client', () => {
  it('reach the node as one JSON-RPC batch, each with its own answer', async () => {
    const { nonces, credentials, requests } = await readTogether(100);
    expect(nonces).toEqual([1, 0, 0, 0, 0]);
    expect(credentials).toEqual([true, false]);
    expect(requests).toEqual([7]);
  });

  it('are split into batches of at most the configured size', async () => {
    const { nonces, requests } = await readTogether(3);
    expect(nonces).toEqual([1, 0, 0, 0, 0]);
    expect(requests.every((calls) => calls <= 3)).toBe(true);
    expect(requests.reduce((sum, calls) => sum + calls, 0)).toBe(7);
  });

  it('go one call per request with a batch size of 1', async () => {
    const { nonces, credentials, requests } = await readTogether(1);
    expect(nonces).toEqual([1, 0, 0, 0, 0]);
    expect(credentials).toEqual([true, false]);
    expect(requests).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('answer each call on its own when another call in the batch reverts', async () => {
    const chain = createChainClient({ rpcUrl: proxy.url, deployment: fixture.deployment });
    const authority = new SignerAuthority(chain);
    const signature = `0x${'11'.repeat(65)}` as const;
    const message = await fixture.accessRequest(requested, 1);
    proxy.clearRequests();
    // The registry has code but no isValidSignature: its call reverts, and only its answer says so.
    const [accepted, doctor, nonce] = await Promise.all([
      authority.walletAccepts(fixture.deployment.registry, new Uint8Array(32), signature),
      authority.isDoctor(fixture.doctor.address),
      readObjectNonce(chain, { name: 'requestAccess', message }),
    ]);
    expect([accepted, doctor, nonce]).toEqual([false, true, 1]);
    expect(proxy.requests()[0]).toBe(3);
  });

  it('leave the pipeline client unbatched', async () => {
    const chain = createChainClient({ rpcUrl: proxy.url, deployment: fixture.deployment });
    await Promise.all([chain.publicClient.getBlockNumber({ cacheTime: 0 }), chain.publicClient.getChainId()]);
    expect(proxy.requests()).toEqual([1, 1]);
  });
});
