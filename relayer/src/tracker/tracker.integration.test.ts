// How often the tracker asks the chain about open transactions: their reads go out together, once per new block
// (or after a quiet while), not on every tick. The relayer on PGlite with four signer keys, anvil behind a
// counting proxy, blocks made by hand.
import { createTestClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from '../server.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { postIntent, relayerEnv, startTestRelayer, waitForStatus } from '../testing/relayer-fixture.ts';
import { type RpcProxy, startRpcProxy } from '../testing/rpc-proxy.ts';
import { until } from '../testing/until.ts';

const SIGNERS = 4;
/** Many ticks (25 ms apart here), but shorter than the tracker's quiet-while recheck (2 s). */
const QUIET_MS = 1_200;

let fixture: ChainFixture;
let proxy: RpcProxy;
let relayer: RunningRelayer;
const test = () => createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });
const receiptCalls = () => proxy.calls().eth_getTransactionReceipt ?? 0;

beforeAll(async () => {
  fixture = await startChainFixture();
  proxy = await startRpcProxy(fixture.anvil.rpcUrl);
  relayer = await startTestRelayer(
    await relayerEnv(
      fixture,
      'pglite',
      'unused',
      { RPC_URL: proxy.url, BATCH_MAX_SIZE: '2', STUCK_AFTER_MS: '600000' },
      SIGNERS,
    ),
  );
});
afterAll(async () => {
  await test().setAutomine(true);
  await relayer?.stop();
  await proxy?.close();
  await fixture?.stop();
});

describe('the tracker', () => {
  it('reads open transactions together, once per new block, and confirms them when blocks come', async () => {
    await test().setAutomine(false);
    const deadline = (await fixture.now()) + 3600;
    const ids: string[] = [];
    for (let i = 0; i < 2 * SIGNERS; i++) {
      const { intent } = await fixture.signNewRecord(deadline);
      const { body } = await postIntent(relayer.url, {
        chainId: fixture.deployment.chainId,
        forwarder: fixture.deployment.forwarder,
        ...intent,
      });
      ids.push((body as { id: string }).id);
    }
    for (const id of ids) await waitForStatus(relayer.url, id, ['submitted']);
    const pending = async () =>
      Number(((await test().request({ method: 'txpool_status' as never })) as { pending: string }).pending);
    const open = await until(pending, (count) => count >= SIGNERS, 'the batches in the pool');

    // No block comes: dozens of ticks, but at most one look at what is open (the quiet-while recheck).
    proxy.clearRequests();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    expect(receiptCalls()).toBeLessThanOrEqual(open);

    // A block comes: the open transactions' receipts go out as one batch, and the intents are confirmed.
    proxy.clearRequests();
    await test().mine({ blocks: 1 });
    for (const id of ids) await waitForStatus(relayer.url, id, ['confirmed']);
    expect(receiptCalls()).toBeGreaterThanOrEqual(open);
    expect(Math.max(...proxy.requests())).toBeGreaterThanOrEqual(open);
  });
});
