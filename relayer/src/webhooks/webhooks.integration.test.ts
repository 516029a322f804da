// A relayer on anvil with WEBHOOK_URLS: an operator's pause and a signer falling below MIN_SIGNER_BALANCE_WEI
// reach a receiver that verifies each signature, and the alert resolves once the key is funded again.
import { randomBytes } from 'node:crypto';
import { createTestClient, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from '../server.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { OperatorClient } from '../testing/operator-client.ts';
import { relayerEnv, startTestRelayer } from '../testing/relayer-fixture.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.ts';
import { EVENT_HEADER } from './webhook-signature.ts';

const SECRET = 'webhook-secret-webhook-secret-0123456789';
const API_KEY = 'ops-key-ops-key-ops-key-ops-key-0123456789';
const MIN_BALANCE = parseEther('1');

describe('alert webhooks from a running relayer', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let receiver: WebhookReceiver;
  let signer: `0x${string}`;

  const waitFor = async (type: string, name?: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const match = receiver
        .accepted()
        .find((event) => event.type === type && (name === undefined || event.data.name === name));
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`no ${type} ${name ?? ''} webhook`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    fixture = await startChainFixture();
    receiver = await startWebhookReceiver(SECRET);
    const env = await relayerEnv(fixture, 'pg', `webhooks_${randomBytes(4).toString('hex')}`, {
      OPERATOR_API_KEYS: API_KEY,
      WEBHOOK_URLS: receiver.url,
      WEBHOOK_SECRET: SECRET,
      ALERT_CHECK_MS: '200',
      MIN_SIGNER_BALANCE_WEI: MIN_BALANCE.toString(),
    });
    signer = privateKeyToAccount(env.RELAYER_PRIVATE_KEYS as `0x${string}`).address;
    relayer = await startTestRelayer(env);
  });
  afterAll(async () => {
    await relayer?.stop();
    await receiver?.stop();
    await fixture?.stop();
  });

  it('announces an operator pausing intake, signed', async () => {
    const operator = new OperatorClient(relayer.url, { apiKey: API_KEY });
    expect((await operator.post('/v1/operator/intake/pause', { reason: 'upgrade' })).status).toBe(200);
    const event = await waitFor('intake.paused');
    expect(event.data).toEqual({ mode: 'paused', reason: 'upgrade', operator: 'api-key:key-1' });
    const delivery = receiver.received.find((received) => received.body.includes(event.id))!;
    expect(delivery.verified).toBe(true);
    expect(delivery.headers[EVENT_HEADER]).toBe('intake.paused');
    await operator.post('/v1/operator/intake/resume');
    await waitFor('intake.resumed');
  });

  it('raises SignerBalanceLow when the key runs low, and resolves it once funded', async () => {
    const testClient = createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });
    await testClient.setBalance({ address: signer, value: MIN_BALANCE / 2n });
    const firing = await waitFor('alert.firing', `SignerBalanceLow:${signer.toLowerCase()}`);
    expect(firing.data).toMatchObject({
      alert: 'SignerBalanceLow',
      signer: signer.toLowerCase(),
      balanceWei: (MIN_BALANCE / 2n).toString(),
    });
    await testClient.setBalance({ address: signer, value: parseEther('100') });
    await waitFor('alert.resolved', `SignerBalanceLow:${signer.toLowerCase()}`);
    // Announced once each, though the condition was evaluated many times.
    expect(
      receiver.accepted().filter((event) => event.data.name === `SignerBalanceLow:${signer.toLowerCase()}`),
    ).toHaveLength(2);
  });
});
