// A tracker tick's reads against anvil, through a counting proxy: asked together they are one JSON-RPC batch,
// each asked once per tick, each with its own answer; one asked ahead and never awaited fails quietly.
import { createWalletClient, http, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChainClient } from '../chain/chain-client.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { type RpcProxy, startRpcProxy } from '../testing/rpc-proxy.ts';
import { TickReads } from './tick-reads.ts';

let fixture: ChainFixture;
let proxy: RpcProxy;
let sent: `0x${string}`;
let sentBlock: bigint;

beforeAll(async () => {
  fixture = await startChainFixture();
  proxy = await startRpcProxy(fixture.anvil.rpcUrl);
  // One transaction of the admin's (an unlocked anvil account), mined: something for each read to find.
  const wallet = createWalletClient({
    account: fixture.admin,
    chain: fixture.chain.chain,
    transport: http(fixture.anvil.rpcUrl),
  });
  sent = await wallet.sendTransaction({ to: fixture.issuer.address, value: parseEther('1') });
  sentBlock = (await fixture.chain.publicClient.waitForTransactionReceipt({ hash: sent })).blockNumber;
});
afterAll(async () => {
  await proxy?.close();
  await fixture?.stop();
});
beforeEach(() => {
  proxy.setMode('pass');
  proxy.clearRequests();
});

const readsThroughProxy = () =>
  new TickReads(createChainClient({ rpcUrl: proxy.url, deployment: fixture.deployment }));

describe("a tracker tick's reads", () => {
  it('go out as one batch, each with its own answer', async () => {
    const reads = readsThroughProxy();
    const unknownHash = `0x${'ab'.repeat(32)}` as const;
    const [receipt, missing, nonce, transaction, block] = await Promise.all([
      reads.receipt(sent),
      reads.receipt(unknownHash),
      reads.minedNonce(fixture.admin.address),
      reads.transaction(unknownHash),
      reads.block(sentBlock),
    ]);
    expect(receipt).toMatchObject({ transactionHash: sent, status: 'success' });
    expect(missing).toBeNull();
    expect(nonce).toBe(
      await fixture.chain.publicClient.getTransactionCount({ address: fixture.admin.address }),
    );
    expect(transaction).toBeUndefined();
    expect(block?.transactions).toContain(sent);
    expect(proxy.requests()).toEqual([5]);
  });

  it('ask each read once per tick, however often a check asks it', async () => {
    const reads = readsThroughProxy();
    const first = await Promise.all([reads.receipt(sent), reads.minedNonce(fixture.admin.address)]);
    const again = await Promise.all([reads.receipt(sent), reads.minedNonce(fixture.admin.address)]);
    expect(again).toEqual(first);
    expect(proxy.requests()).toEqual([2]);
    // A new tick asks again.
    await readsThroughProxy().receipt(sent);
    expect(proxy.requests()).toEqual([2, 1]);
  });

  it('tell an unanswered receipt from a missing one, and let a read asked ahead fail quietly', async () => {
    proxy.setMode('error');
    const reads = readsThroughProxy();
    // Asked ahead and never awaited: an unhandled rejection here would fail the test run.
    void reads.minedNonce(privateKeyToAccount(generatePrivateKey()).address);
    expect(await reads.receipt(sent)).toBe('unknown');
    expect(await reads.transaction(sent)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
