// The relayer on a provider without eth_simulateV1 and debug_traceCall (anvil behind a proxy that refuses them):
// it starts, says so on /readyz, and still judges intents as the chain will (eth_call and eth_estimateGas), with
// and without pending predecessors; on a provider without eth_getLogs it does not start at all.
import { randomBytes } from 'node:crypto';
import { categoryMask, type SignedIntent } from '@medicrypt/contracts';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from './server.ts';
import { type ChainFixture, startChainFixture } from './testing/chain-fixture.ts';
import { postIntent, relayerEnv, startTestRelayer, waitForStatus } from './testing/relayer-fixture.ts';
import { type RpcProxy, startRpcProxy } from './testing/rpc-proxy.ts';

const DAY = 86_400;

describe('the relayer on a node without eth_simulateV1 and debug_traceCall', () => {
  let fixture: ChainFixture;
  let proxy: RpcProxy;
  let relayer: RunningRelayer;
  let submit: (intent: SignedIntent) => ReturnType<typeof postIntent>;

  beforeAll(async () => {
    fixture = await startChainFixture();
    proxy = await startRpcProxy(fixture.anvil.rpcUrl);
    proxy.refuseMethods(['eth_simulateV1', 'debug_traceCall']);
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', `rpc_${randomBytes(4).toString('hex')}`, { RPC_URL: proxy.url }),
    );
    submit = (intent) =>
      postIntent(relayer.url, {
        chainId: fixture.deployment.chainId,
        forwarder: fixture.deployment.forwarder,
        ...intent,
      });
  });
  afterAll(async () => {
    await relayer?.stop();
    await proxy?.close();
    await fixture?.stop();
  });

  it('says on /readyz which fallbacks run', async () => {
    const ready = (await (await fetch(`${relayer.url}/readyz`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({
      status: 'ready',
      rpc: { simulateV1: false, traceCall: false, priorityFee: 'eth_maxPriorityFeePerGas' },
    });
  });

  it('relays a request and the approval that depends on it, and refuses a replay, without eth_simulateV1', async () => {
    proxy.clearRequests();
    const patient = privateKeyToAccount(generatePrivateKey());
    const deadline = (await fixture.now()) + 3600;
    const request = await submit(
      await fixture.sign(
        fixture.doctor,
        'requestAccess',
        await fixture.accessRequest(patient.address, 0, deadline),
      ),
    );
    expect(request.status).toBe(202);
    const approve = (expiresAt: number) =>
      fixture.sign(patient, 'approveAccess', {
        actor: patient.address,
        patient: patient.address,
        grantee: fixture.doctor.address,
        categories: categoryMask(['lab']),
        expiresAt,
        nonce: 1,
        deadline,
      });
    // Judged after the request it depends on, still pending: nonce 1 only exists once the request applies.
    const approval = await submit(await approve(deadline + DAY));
    expect(approval.status, JSON.stringify(approval.body)).toBe(202);
    expect(
      await waitForStatus(relayer.url, approval.body.id as string, ['confirmed', 'failed']),
    ).toMatchObject({
      status: 'confirmed',
    });
    expect(await waitForStatus(relayer.url, request.body.id as string, ['confirmed'])).toMatchObject({
      status: 'confirmed',
    });

    // The same approval's nonce again: the chain would refuse it, so intake does, with the registry's reason.
    const replay = await submit(await approve(deadline + 2 * DAY));
    expect(replay).toMatchObject({ status: 409, body: { error: { code: 'STALE_NONCE' } } });
    // Nothing asked the node for eth_simulateV1 after the start-up probe.
    expect(proxy.calls().eth_simulateV1 ?? 0).toBe(0);
    expect(proxy.calls().eth_call).toBeGreaterThan(0);
    expect(proxy.calls().eth_estimateGas).toBeGreaterThan(0);
  }, 60_000);

  it('does not start on a node without eth_getLogs, and says which method and why', async () => {
    const bare = await startRpcProxy(fixture.anvil.rpcUrl);
    bare.refuseMethods(['eth_getLogs']);
    try {
      const env = await relayerEnv(fixture, 'pglite', 'unused', { RPC_URL: bare.url });
      await expect(startTestRelayer(env)).rejects.toMatchObject({
        code: 'RPC_METHOD_MISSING',
        message: expect.stringContaining('RPC_URL does not serve eth_getLogs'),
      });
    } finally {
      await bare.close();
    }
  });
});
