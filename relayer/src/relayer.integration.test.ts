import { randomBytes } from 'node:crypto';
import { categoryMask, consentRegistryAbi, purposes, type SignedIntent } from '@medicrypt/contracts';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './db/test-database.ts';
import type { RunningRelayer } from './server.ts';
import { type ChainFixture, startChainFixture } from './testing/chain-fixture.ts';
import { postIntent, relayerEnv, startTestRelayer, waitForStatus } from './testing/relayer-fixture.ts';

const DAY = 86_400;

describe.each(databaseKinds)('the relayer on %s', (kind) => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let submit: (intent: SignedIntent) => ReturnType<typeof postIntent>;

  beforeAll(async () => {
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, kind, `relayer_${randomBytes(4).toString('hex')}`),
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
    await fixture?.stop();
  });

  async function requestFor(patientAddress: `0x${string}`, nonce = 0) {
    return fixture.sign(fixture.doctor, 'requestAccess', {
      actor: fixture.doctor.address,
      patient: patientAddress,
      categories: categoryMask(['lab', 'imaging']),
      purpose: purposes.treatment,
      duration: 30 * DAY,
      nonce,
      deadline: (await fixture.now()) + 3600,
    });
  }

  it('relays a request and its approval to the chain, in order, without the patient holding ETH', async () => {
    const patient = privateKeyToAccount(generatePrivateKey());
    const deadline = (await fixture.now()) + 3600;
    const request = await submit(await requestFor(patient.address));
    expect(request.status).toBe(202);
    expect(request.body.status).toBe('queued');
    const approval = await submit(
      await fixture.sign(patient, 'approveAccess', {
        actor: patient.address,
        patient: patient.address,
        grantee: fixture.doctor.address,
        categories: categoryMask(['lab']),
        expiresAt: deadline + DAY,
        nonce: 1,
        deadline,
      }),
    );
    expect(approval.status).toBe(202);
    const confirmed = await waitForStatus(relayer.url, approval.body.id as string, ['confirmed', 'failed']);
    expect(confirmed.status).toBe('confirmed');
    const timestamps = confirmed.timestamps as Record<string, string | null>;
    for (const stage of ['received', 'queued', 'batched', 'submitted', 'mined', 'confirmed'])
      expect(timestamps[stage], stage).toBeTruthy();
    expect(await waitForStatus(relayer.url, request.body.id as string, ['confirmed'])).toMatchObject({
      status: 'confirmed',
    });
    const hasAccess = await fixture.chain.publicClient.readContract({
      address: fixture.deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'hasAccess',
      args: [patient.address, fixture.doctor.address, 0],
    });
    expect(hasAccess).toBe(true);
    expect(await fixture.chain.publicClient.getBalance({ address: patient.address })).toBe(0n);
  });

  it('answers the same signed intent with the same id and never executes it twice', async () => {
    const patient = privateKeyToAccount(generatePrivateKey());
    const intent = await requestFor(patient.address);
    const first = await submit(intent);
    const again = await submit(intent);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    await waitForStatus(relayer.url, first.body.id as string, ['confirmed']);
    const later = await submit(intent);
    expect(later.body).toMatchObject({ id: first.body.id, status: 'confirmed' });
    const consent = await fixture.chain.publicClient.readContract({
      address: fixture.deployment.registry,
      abi: consentRegistryAbi,
      functionName: 'consentOf',
      args: [patient.address, fixture.doctor.address],
    });
    expect(consent.nonce).toBe(1);
  });

  it('lists an account intents and streams their lifecycle', async () => {
    const patient = privateKeyToAccount(generatePrivateKey());
    const accepted = await submit(await requestFor(patient.address));
    const id = accepted.body.id as string;
    const events = await fetch(`${relayer.url}/v1/intents/${id}/events`);
    const reader = events.body!.getReader();
    const seen: string[] = [];
    const decoder = new TextDecoder();
    let buffer = '';
    while (!seen.some((status) => ['confirmed', 'failed', 'expired'].includes(status))) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      // An event ends with a blank line; a chunk may end in the middle of one.
      const complete = buffer.split('\n\n');
      buffer = complete.pop()!;
      for (const event of complete) {
        const data = /^data: (.*)$/m.exec(event);
        if (data) seen.push((JSON.parse(data[1]!) as { status: string }).status);
      }
    }
    await reader.cancel();
    expect(seen).toEqual(['received', 'queued', 'batched', 'submitted', 'mined', 'confirmed']);
    const list = (await (
      await fetch(`${relayer.url}/v1/intents?actor=${fixture.doctor.address}`)
    ).json()) as { intents: { id: string }[] };
    expect(list.intents.map((intent) => intent.id)).toContain(id);
  });

  describe('rejects bad input with a code', () => {
    it('malformed bodies and unknown fields', async () => {
      expect((await postIntent(relayer.url, 'not json')).body.error?.code).toBe('INVALID_REQUEST');
      const intent = await requestFor(privateKeyToAccount(generatePrivateKey()).address);
      const extra = await postIntent(relayer.url, {
        chainId: fixture.deployment.chainId,
        forwarder: fixture.deployment.forwarder,
        ...intent,
        note: 'x',
      });
      expect(extra).toMatchObject({ status: 400, body: { error: { code: 'INVALID_REQUEST' } } });
      const garbage = await submit({ data: '0x12345678', signature: intent.signature });
      expect(garbage).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_INTENT' } } });
    });

    it('an intent for another chain or contract', async () => {
      const intent = await requestFor(privateKeyToAccount(generatePrivateKey()).address);
      const chain = await postIntent(relayer.url, {
        chainId: 1,
        forwarder: fixture.deployment.forwarder,
        ...intent,
      });
      expect(chain).toMatchObject({ status: 400, body: { error: { code: 'WRONG_CHAIN' } } });
      const contract = await postIntent(relayer.url, {
        chainId: fixture.deployment.chainId,
        forwarder: fixture.deployment.registry,
        ...intent,
      });
      expect(contract).toMatchObject({ status: 400, body: { error: { code: 'WRONG_CONTRACT' } } });
    });

    it('an expired intent and a forged signature', async () => {
      const patient = privateKeyToAccount(generatePrivateKey());
      const expired = await fixture.sign(patient, 'setBreakGlassAllowed', {
        actor: patient.address,
        patient: patient.address,
        allowed: false,
        nonce: 0,
        deadline: (await fixture.now()) - 10,
      });
      expect(await submit(expired)).toMatchObject({
        status: 400,
        body: { error: { code: 'INTENT_EXPIRED' } },
      });
      const deadline = (await fixture.now()) + 3600;
      const forged = await fixture.sign(fixture.doctor, 'setBreakGlassAllowed', {
        actor: patient.address,
        patient: patient.address,
        allowed: false,
        nonce: 0,
        deadline,
      });
      expect(await submit(forged)).toMatchObject({
        status: 401,
        body: { error: { code: 'INVALID_SIGNATURE' } },
      });
    });

    it('a conflicting or skipped-ahead nonce while an intent is queued', async () => {
      // A relayer whose batch window holds intents queued, so the first is still pending when the rival arrives.
      const holding = await startTestRelayer(
        await relayerEnv(fixture, kind, `relayer_${randomBytes(4).toString('hex')}`, {
          BATCH_WINDOW_MS: '600000',
        }),
      );
      try {
        const patient = privateKeyToAccount(generatePrivateKey());
        const deadline = (await fixture.now()) + 3600;
        const sign = (allowed: boolean, nonce: number) =>
          fixture.sign(patient, 'setBreakGlassAllowed', {
            actor: patient.address,
            patient: patient.address,
            allowed,
            nonce,
            deadline,
          });
        const post = async (nonce: number, allowed: boolean) =>
          postIntent(holding.url, {
            chainId: fixture.deployment.chainId,
            forwarder: fixture.deployment.forwarder,
            ...(await sign(allowed, nonce)),
          });
        expect((await post(0, false)).status).toBe(202);
        expect(await post(0, true)).toMatchObject({
          status: 409,
          body: { error: { code: 'NONCE_CONFLICT' } },
        });
        expect(await post(5, true)).toMatchObject({
          status: 409,
          body: { error: { code: 'NONCE_TOO_HIGH' } },
        });
        expect((await post(1, true)).status).toBe(202);
      } finally {
        await holding.stop();
      }
    });

    it('a replayed nonce', async () => {
      const patient = privateKeyToAccount(generatePrivateKey());
      const deadline = (await fixture.now()) + 3600;
      const first = await submit(
        await fixture.sign(patient, 'setBreakGlassAllowed', {
          actor: patient.address,
          patient: patient.address,
          allowed: false,
          nonce: 0,
          deadline,
        }),
      );
      expect(first.status).toBe(202);
      await waitForStatus(relayer.url, first.body.id as string, ['confirmed']);
      const replay = await fixture.sign(patient, 'setBreakGlassAllowed', {
        actor: patient.address,
        patient: patient.address,
        allowed: true,
        nonce: 0,
        deadline: deadline - 1,
      });
      expect(await submit(replay)).toMatchObject({ status: 409, body: { error: { code: 'STALE_NONCE' } } });
    });

    it('a request from an account without a doctor credential, and an intent that would fail on-chain', async () => {
      const stranger = privateKeyToAccount(generatePrivateKey());
      const patient = privateKeyToAccount(generatePrivateKey());
      const deadline = (await fixture.now()) + 3600;
      const request = await fixture.sign(stranger, 'requestAccess', {
        actor: stranger.address,
        patient: patient.address,
        categories: 1n,
        purpose: purposes.treatment,
        duration: DAY,
        nonce: 0,
        deadline,
      });
      expect(await submit(request)).toMatchObject({
        status: 403,
        body: { error: { code: 'MISSING_CREDENTIAL' } },
      });
      const approveNothing = await fixture.sign(patient, 'approveAccess', {
        actor: patient.address,
        patient: patient.address,
        grantee: fixture.doctor.address,
        categories: 1n,
        expiresAt: deadline + DAY,
        nonce: 0,
        deadline,
      });
      expect(await submit(approveNothing)).toMatchObject({
        status: 422,
        body: { error: { code: 'SIMULATION_FAILED', details: { error: 'NoPendingRequest' } } },
      });
    });

    it('an unknown intent id and route', async () => {
      expect((await fetch(`${relayer.url}/v1/intents/nope`)).status).toBe(404);
      expect(
        ((await (await fetch(`${relayer.url}/v2/x`)).json()) as { error: { code: string } }).error.code,
      ).toBe('NOT_FOUND');
    });
  });

  it('reports ready with its checks', async () => {
    const response = await fetch(`${relayer.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', chain: 'ok', signers: 'ok' },
    });
  });
});

describe('a request flood past the rate limits', () => {
  const PER_IP = 25;
  const PER_SIGNER = 5;
  let fixture: ChainFixture;
  let relayer: RunningRelayer;

  beforeAll(async () => {
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', 'unused', {
        RATE_LIMIT_PER_IP_PER_MIN: String(PER_IP),
        RATE_LIMIT_PER_SIGNER_PER_MIN: String(PER_SIGNER),
      }),
    );
  });
  afterAll(async () => {
    await relayer?.stop();
    await fixture?.stop();
  });

  it('answers 429 RATE_LIMITED with Retry-After past each limit, stays up, and lands what it accepted', async () => {
    const deadline = (await fixture.now()) + 3600;
    const body = (intent: SignedIntent) =>
      JSON.stringify({
        chainId: fixture.deployment.chainId,
        forwarder: fixture.deployment.forwarder,
        ...intent,
      });
    // One signer, many objects: the doctor asks 12 patients at once.
    const fromOneSigner = await Promise.all(
      Array.from({ length: 12 }, async () =>
        fixture.sign(fixture.doctor, 'requestAccess', {
          actor: fixture.doctor.address,
          patient: privateKeyToAccount(generatePrivateKey()).address,
          categories: categoryMask(['lab']),
          purpose: purposes.treatment,
          duration: 30 * DAY,
          nonce: 0,
          deadline,
        }),
      ),
    );
    // Then a flood from many signers, all from this one IP.
    const fromManySigners = await Promise.all(
      Array.from({ length: 60 }, async () => (await fixture.signNewRecord(deadline)).intent),
    );
    const post = (intent: SignedIntent) =>
      fetch(`${relayer.url}/v1/intents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(intent),
      });
    const signerAnswers = await Promise.all(fromOneSigner.map(post));
    const floodAnswers = await Promise.all(fromManySigners.map(post));

    const count = (answers: Response[], status: number) => answers.filter((a) => a.status === status).length;
    expect(count(signerAnswers, 202)).toBe(PER_SIGNER);
    expect(count(signerAnswers, 429)).toBe(fromOneSigner.length - PER_SIGNER);
    // The signer's refusals still counted against the IP: what is left of its window goes to the flood.
    const leftForFlood = PER_IP - fromOneSigner.length;
    expect(count(floodAnswers, 202)).toBe(leftForFlood);
    expect(count(floodAnswers, 429)).toBe(fromManySigners.length - leftForFlood);
    for (const answer of [...signerAnswers, ...floodAnswers].filter((a) => a.status === 429)) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await answer.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    }

    // Still serving, and every intent it acknowledged lands.
    expect((await fetch(`${relayer.url}/healthz`)).status).toBe(200);
    const accepted = await Promise.all(
      [...signerAnswers, ...floodAnswers]
        .filter((a) => a.status === 202)
        .map(async (a) => ((await a.json()) as { id: string }).id),
    );
    for (const id of accepted)
      expect((await waitForStatus(relayer.url, id, ['confirmed', 'failed', 'expired'])).status).toBe(
        'confirmed',
      );
  }, 60_000);
});
