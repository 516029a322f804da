// The API end to end against a real anvil and both databases: wallet sign-in, encryption keys, an encrypted
// record uploaded, registered on chain, requested by a doctor, approved, its key wrapped, downloaded and
// decrypted by the doctor, revoked, logged, removed and unpinned; live notifications along the way.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { categories, categoryMask, purposes, recordKeyOf, roles } from '@medicrypt/contracts';
import {
  decryptRecord,
  encryptRecord,
  generateRecordKey,
  unwrapRecordKey,
  verifyKeyBinding,
  wrapRecordKey,
} from '@medicrypt/crypto';
import { sign } from 'hono/jwt';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './db/test-database.ts';
import type { RunningRelayer } from './server.ts';
import { ApiClient } from './testing/api-client.ts';
import { type ChainFixture, startChainFixture } from './testing/chain-fixture.ts';
import { type PinataStandIn, startPinataStandIn } from './testing/pinata-stand-in.ts';
import { relayerEnv, startTestRelayer, waitForStatus } from './testing/relayer-fixture.ts';
import { until as untilWithin } from './testing/until.ts';

const DAY = 86_400;
const JWT_SECRET = 'test-secret-test-secret-test-secret-0123';
const OPERATOR_KEY = 'operator-key-operator-key-operator-key-0123';
const MAX_UPLOAD_BYTES = 64 * 1024;
const UPLOAD_IDLE_TIMEOUT_MS = 1_000;
const observation = new TextEncoder().encode(
  JSON.stringify({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'HbA1c' },
    valueQuantity: { value: 5.4 },
  }),
);

/** The chain's index answers within 15 s here. */
const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000) =>
  untilWithin(read, done, what, timeoutMs);

/** Reads server-sent events from a stream until `count` arrived (or the timeout). */
async function collectEvents(url: string, token: string, count: number, timeoutMs = 15_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: { id?: string; event?: string; data: string }[] = [];
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    const done = (async () => {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      while (events.length < count) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const event: { id?: string; event?: string; data: string } = { data: '' };
          for (const line of frame.split('\n')) {
            const [field, ...rest] = line.split(':');
            const text = rest.join(':').trimStart();
            if (field === 'id') event.id = text;
            else if (field === 'event') event.event = text;
            else if (field === 'data') event.data += text;
          }
          if (event.event === 'ready') resolveReady();
          else if (event.event) events.push(event);
        }
      }
      controller.abort();
    })();
    done.catch((error) => {
      if (!controller.signal.aborted) rejectReady(error);
    });
  });
  await ready;
  return {
    events,
    finished: () =>
      until(
        async () => events.length,
        (length) => length >= count,
        `${count} notifications`,
        timeoutMs,
      ).finally(() => {
        clearTimeout(timer);
        controller.abort();
      }),
  };
}

// Each database, and each content store: the embedded IPFS store, and Pinata (its real SDK against a stand-in).
const setups = [
  ...databaseKinds.map((kind) => ({ kind, storage: 'local' as const })),
  { kind: 'pg' as const, storage: 'pinata' as const },
];

describe.each(setups)('the API on $kind with the $storage store', ({ kind, storage }) => {
  let pinata: PinataStandIn | undefined;
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let patient: ApiClient;
  let doctor: ApiClient;

  const confirm = async (client: ApiClient, intent: Parameters<ApiClient['submit']>[0]) => {
    const response = await client.submit(intent, fixture.deployment.forwarder);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    await waitForStatus(relayer.url, response.body.id as string, ['confirmed']);
  };

  beforeAll(async () => {
    fixture = await startChainFixture();
    pinata = storage === 'pinata' ? await startPinataStandIn() : undefined;
    const pinataEnv: Record<string, string> = pinata
      ? {
          PINATA_JWT: pinata.jwt,
          PINATA_GATEWAY: pinata.gatewayUrl,
          PINATA_API_URL: pinata.apiUrl,
          PINATA_UPLOAD_URL: pinata.uploadUrl,
        }
      : {};
    relayer = await startTestRelayer(
      await relayerEnv(fixture, kind, `api_${randomBytes(4).toString('hex')}`, {
        ...pinataEnv,
        JWT_SECRET,
        OPERATOR_API_KEYS: `ops:${OPERATOR_KEY}`,
        CONFIRMATIONS: '0',
        MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
        UPLOAD_IDLE_TIMEOUT_MS: String(UPLOAD_IDLE_TIMEOUT_MS),
      }),
    );
    const chainId = fixture.deployment.chainId;
    patient = new ApiClient(relayer.url, privateKeyToAccount(generatePrivateKey()), chainId);
    doctor = new ApiClient(relayer.url, fixture.doctor, chainId);
  });
  afterAll(async () => {
    await relayer?.stop();
    await pinata?.stop();
    await fixture?.stop();
  });

  describe('sign-in', () => {
    it('signs in with SIWE and carries the on-chain credentials', async () => {
      expect((await patient.login()).status).toBe(200);
      expect(await patient.call('GET', '/v1/auth/me')).toMatchObject({
        status: 200,
        body: { account: patient.address, credentials: [] },
      });
      expect((await doctor.login()).body).toMatchObject({
        account: fixture.doctor.address,
        credentials: ['doctor'],
      });
    });

    it('rejects a message for another domain or chain, a replayed nonce and a forged signature', async () => {
      const other = new ApiClient(
        relayer.url,
        privateKeyToAccount(generatePrivateKey()),
        fixture.deployment.chainId,
      );
      expect((await other.login({ domain: 'evil.example' })).body.error?.code).toBe('SIWE_DOMAIN_MISMATCH');
      expect((await other.login({ chainId: 1 })).body.error?.code).toBe('SIWE_CHAIN_MISMATCH');
      expect((await other.login({ expirationTime: new Date(Date.now() - 1000) })).body.error?.code).toBe(
        'SIWE_EXPIRED',
      );
      const signed = await other.signIn();
      expect((await other.call('POST', '/v1/auth/login', signed)).status).toBe(200);
      const replay = await other.call('POST', '/v1/auth/login', signed);
      expect(replay).toMatchObject({ status: 401, body: { error: { code: 'SIWE_NONCE_INVALID' } } });
      const forged = await other.signIn();
      const wrongSigner = privateKeyToAccount(generatePrivateKey());
      const forgedResponse = await other.call('POST', '/v1/auth/login', {
        message: forged.message,
        signature: await wrongSigner.signMessage({ message: forged.message }),
      });
      expect(forgedResponse).toMatchObject({
        status: 401,
        body: { error: { code: 'SIWE_SIGNATURE_INVALID' } },
      });
      expect(
        (await other.call('POST', '/v1/auth/login', { message: 'hello', signature: '0x00' })).status,
      ).toBe(400);
    });

    it('rotates refresh tokens, ends a session whose old refresh token is reused, and logs out', async () => {
      const client = new ApiClient(
        relayer.url,
        privateKeyToAccount(generatePrivateKey()),
        fixture.deployment.chainId,
      );
      await client.login();
      const first = client.refreshToken!;
      const refreshed = await client.call('POST', '/v1/auth/refresh', { refreshToken: first });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refreshToken).not.toBe(first);
      client.accessToken = refreshed.body.accessToken as string;
      expect((await client.call('GET', '/v1/auth/me')).status).toBe(200);
      // The old token again: someone else has it. The whole session ends, the new tokens with it.
      expect((await client.call('POST', '/v1/auth/refresh', { refreshToken: first })).body.error?.code).toBe(
        'REFRESH_TOKEN_REUSED',
      );
      expect((await client.call('GET', '/v1/auth/me')).body.error?.code).toBe('SESSION_ENDED');

      await client.login();
      expect((await client.call('POST', '/v1/auth/logout')).status).toBe(204);
      expect((await client.call('GET', '/v1/auth/me')).body.error?.code).toBe('SESSION_ENDED');
    });

    it('rejects a missing, forged or expired access token', async () => {
      const anonymous = new ApiClient(relayer.url, patient.account, fixture.deployment.chainId);
      expect((await anonymous.call('GET', '/v1/records')).body.error?.code).toBe('AUTH_REQUIRED');
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: 'medicrypt-relayer', sub: patient.address, sid: 'x', iat: now, exp: now + 60 };
      anonymous.accessToken = await sign(claims, 'not-the-secret-not-the-secret-000000', 'HS256');
      expect((await anonymous.call('GET', '/v1/records')).body.error?.code).toBe('TOKEN_INVALID');
      anonymous.accessToken = await sign({ ...claims, exp: now - 10 }, JWT_SECRET, 'HS256');
      expect((await anonymous.call('GET', '/v1/records')).body.error?.code).toBe('TOKEN_EXPIRED');
    });
  });

  describe('records, consent and keys', () => {
    it('carries an encrypted record from the patient to an approved doctor and no further', async () => {
      await patient.login();
      await doctor.login();
      expect((await patient.publishKey()).status).toBe(200);
      expect((await doctor.publishKey()).status).toBe(200);

      // Plaintext is refused: records are encrypted before they leave the client.
      const plain = await patient.uploadBytes(
        { recordId: 'r-plain', contentType: 'application/fhir+json', category: 'lab', name: 'a.json' },
        observation,
      );
      expect(plain).toMatchObject({ status: 400, body: { error: { code: 'NOT_ENCRYPTED' } } });

      const fields = {
        recordId: 'hba1c-2026',
        contentType: 'application/fhir+json',
        category: 'lab',
        name: 'hba1c.json',
      };
      const upload = await patient.uploadRecord(fields, observation);
      expect(upload.response.status).toBe(201);
      const cid = upload.response.body.cid as string;
      expect(cid).toMatch(/^bafk/);
      if (pinata) expect(pinata.files().map((file) => file.cid)).toContain(cid);
      expect(upload.response.body).toMatchObject({ status: 'unregistered', size: upload.ciphertext.length });
      // The same bytes again: the same record, not a second one.
      expect((await patient.uploadBytes(fields, upload.ciphertext)).status).toBe(200);

      // The patient's live stream hears what happens from here on.
      const stream = await collectEvents(`${relayer.url}/v1/notifications/stream`, patient.accessToken!, 3);

      const { digest, codec } = recordKeyOf(cid);
      const deadline = () => fixture.now().then((now) => now + 3600);
      await confirm(
        patient,
        await fixture.sign(patient.account, 'registerRecord', {
          actor: patient.address,
          patient: patient.address,
          digest,
          codec,
          category: categories.lab,
          encrypted: true,
          deadline: await deadline(),
        }),
      );
      await until(
        () => patient.call('GET', `/v1/records/${cid}`),
        (response) => response.body.status === 'current',
        'the record to be indexed',
      );

      // Not granted yet: the doctor sees nothing and can open nothing.
      expect((await doctor.call('GET', `/v1/records?patient=${patient.address}`)).body.records).toEqual([]);
      expect((await doctor.download(cid)).status).toBe(403);
      expect((await doctor.call('GET', `/v1/records/${cid}/envelope`)).status).toBe(403);

      await confirm(
        doctor,
        await fixture.sign(fixture.doctor, 'requestAccess', {
          actor: fixture.doctor.address,
          patient: patient.address,
          categories: categoryMask(['lab', 'imaging']),
          purpose: purposes.treatment,
          duration: 30 * DAY,
          nonce: 0,
          deadline: await deadline(),
        }),
      );
      const pending = await until(
        () =>
          patient.call<{ requests: { status: string; doctor: string; categories: string[] }[] }>(
            'GET',
            '/v1/access/requests?status=pending',
          ),
        (response) => response.body.requests.length === 1,
        'the request to be indexed',
      );
      expect(pending.body.requests[0]).toMatchObject({
        doctor: fixture.doctor.address.toLowerCase(),
        categories: ['lab', 'imaging'],
        purpose: 'treatment',
      });

      // The patient approves lab only, then wraps the record key for the doctor's verified public key.
      const chainNow = await fixture.now();
      await confirm(
        patient,
        await fixture.sign(patient.account, 'approveAccess', {
          actor: patient.address,
          patient: patient.address,
          grantee: fixture.doctor.address,
          categories: categoryMask(['lab']),
          expiresAt: chainNow + 7 * DAY,
          nonce: 1,
          deadline: chainNow + 3600,
        }),
      );
      const binding = (await patient.call('GET', `/v1/keys/${fixture.doctor.address}`)).body;
      const verified = await verifyKeyBinding({
        binding,
        chainId: fixture.deployment.chainId,
        account: fixture.doctor.address,
      });
      const envelope = wrapRecordKey({
        recordKey: upload.recordKey,
        recipientPublicKey: verified.publicKey,
        context: { ...upload.context, grantee: fixture.doctor.address },
      });
      expect(
        await patient.call('PUT', `/v1/records/${cid}/envelopes`, { envelopes: [envelope] }),
      ).toMatchObject({
        status: 200,
        body: { stored: 1 },
      });
      // Only the patient wraps keys of their records.
      expect(
        (await doctor.call('PUT', `/v1/records/${cid}/envelopes`, { envelopes: [envelope] })).status,
      ).toBe(403);

      const granted = await until(
        () => doctor.call<{ records: { cid: string }[] }>('GET', `/v1/records?patient=${patient.address}`),
        (response) => response.body.records.length === 1,
        'the grant to be indexed',
      );
      expect(granted.body.records[0]!.cid).toBe(cid);
      const downloaded = await doctor.download(cid);
      expect(downloaded.status).toBe(200);
      const served = (await doctor.call('GET', `/v1/records/${cid}/envelope`)).body;
      const recordKey = unwrapRecordKey({
        envelope: served,
        recipientSecretKey: doctor.keys!.secretKey,
        context: { ...upload.context, grantee: fixture.doctor.address },
      });
      const plaintext = await decryptRecord({
        key: recordKey,
        ciphertext: downloaded.bytes,
        context: upload.context,
      });
      expect(new TextDecoder().decode(plaintext)).toBe(new TextDecoder().decode(observation));

      // The patient sees who opened what.
      const log = await patient.call<{ opened: { accessor: string; action: string; cid: string }[] }>(
        'GET',
        '/v1/access/log',
      );
      expect(log.body.opened.map((entry) => entry.action).sort()).toEqual(['download', 'key']);
      expect(log.body.opened.every((entry) => entry.accessor === fixture.doctor.address.toLowerCase())).toBe(
        true,
      );
      const consentEvents = (log.body as unknown as { consentEvents: { type: string }[] }).consentEvents;
      expect(consentEvents.map((event) => event.type)).toEqual(['access.approved', 'access.requested']);

      await stream.finished();
      expect(stream.events.map((event) => event.event)).toEqual([
        'record.added',
        'access.requested',
        'access.approved',
      ]);

      // Revoked: the doctor loses the record, its bytes and its key at once.
      await confirm(
        patient,
        await fixture.sign(patient.account, 'revokeAccess', {
          actor: patient.address,
          patient: patient.address,
          grantee: fixture.doctor.address,
          nonce: 2,
          deadline: await deadline(),
        }),
      );
      await until(
        () => doctor.download(cid),
        (response) => response.status === 403,
        'the revocation to be indexed',
      );
      expect((await doctor.call('GET', `/v1/records/${cid}/envelope`)).status).toBe(403);
      expect((await doctor.call('GET', `/v1/records?patient=${patient.address}`)).body.records).toEqual([]);

      // Removed on chain: its content is unpinned.
      await confirm(
        patient,
        await fixture.sign(patient.account, 'removeRecord', {
          actor: patient.address,
          patient: patient.address,
          digest,
          deadline: await deadline(),
        }),
      );
      await until(
        () => patient.download(cid),
        (response) => response.status === 410,
        'the content to be unpinned',
      );
      if (pinata) expect(pinata.files().map((file) => file.cid)).not.toContain(cid);
      expect((await patient.call('GET', `/v1/records/${cid}`)).body.status).toBe('removed');
    });

    it('rejects bad uploads and keys with clear errors', async () => {
      const tooLong = 'x'.repeat(300);
      const fields = { recordId: tooLong, contentType: 'text/plain', category: 'lab', name: 'a' };
      expect((await patient.uploadBytes(fields, new Uint8Array(100))).body.error?.code).toBe(
        'INVALID_REQUEST',
      );
      expect(
        (await patient.uploadBytes({ ...fields, recordId: 'a', category: 'astrology' }, new Uint8Array(100)))
          .body.error?.code,
      ).toBe('INVALID_REQUEST');
      expect(
        (await patient.uploadBytes({ ...fields, recordId: 'new', version: 3 }, new Uint8Array(100))).body
          .error?.code,
      ).toBe('PREVIOUS_VERSION_MISSING');
      expect((await patient.call('GET', '/v1/records/..%2F..%2Fetc%2Fpasswd')).body.error?.code).toBe(
        'INVALID_CID',
      );
      expect(
        (await patient.call('GET', `/v1/records/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e`))
          .status,
      ).toBe(404);
      // A binding signed by someone else for this account is refused.
      const other = new ApiClient(
        relayer.url,
        privateKeyToAccount(generatePrivateKey()),
        fixture.deployment.chainId,
      );
      await other.login();
      const bindingOfOther = await (async () => {
        await other.publishKey();
        return (await other.call('GET', `/v1/keys/${other.address}`)).body;
      })();
      expect((await patient.call('PUT', '/v1/keys', bindingOfOther)).body.error?.code).toBe(
        'INVALID_KEY_BINDING',
      );
      expect(
        (await patient.call('GET', `/v1/keys/${privateKeyToAccount(generatePrivateKey()).address}`)).status,
      ).toBe(404);
    });

    it('stops an oversized upload and keeps nothing', async () => {
      const big = await patient.uploadRecord(
        { recordId: 'scan', contentType: 'application/dicom', category: 'imaging', name: 'scan.dcm' },
        new Uint8Array(MAX_UPLOAD_BYTES + 1),
      );
      expect(big.response).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
      const listed = await patient.call<{ records: { recordId: string }[] }>('GET', '/v1/records');
      expect(listed.body.records.map((record) => record.recordId)).not.toContain('scan');
    });

    it('stops a stalled (slow) upload with 408 UPLOAD_STALLED, keeps nothing, and serves others meanwhile', async () => {
      // A genuine ciphertext's first bytes, then nothing: the slow-upload attack that holds a connection open.
      const ciphertext = await encryptRecord({
        key: generateRecordKey(),
        context: {
          patient: patient.address,
          recordId: 'stalled',
          version: 1,
          contentType: 'application/pdf',
        },
        plaintext: new Uint8Array(4096),
      });
      const boundary = `----medicrypt${randomBytes(8).toString('hex')}`;
      const fields = {
        recordId: 'stalled',
        contentType: 'application/pdf',
        category: 'imaging',
        name: 's.pdf',
      };
      const head = Object.entries(fields)
        .map(
          ([name, value]) =>
            `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        )
        .join('');
      const fileStart = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="s.pdf"\r\ncontent-type: application/octet-stream\r\n\r\n`;
      const started = Date.now();
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(`${relayer.url}/v1/records`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${patient.accessToken}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(1024 * 1024),
          },
        });
        request.on('response', (response) => {
          let body = '';
          response.on('data', (chunk) => {
            body += chunk;
          });
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, body });
            request.destroy();
          });
        });
        request.on('error', reject);
        request.write(head + fileStart);
        request.write(ciphertext.subarray(0, 1024));
        // ...and never more.
      });
      // Meanwhile the relayer answers everyone else.
      expect((await patient.call('GET', '/v1/records')).status).toBe(200);
      const { status, body } = await answer;
      expect(status).toBe(408);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'UPLOAD_STALLED' } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(UPLOAD_IDLE_TIMEOUT_MS);
      const listed = await patient.call<{ records: { recordId: string }[] }>('GET', '/v1/records');
      expect(listed.body.records.map((record) => record.recordId)).not.toContain('stalled');
    });

    it('gives a researcher no identifiable record, even of a patient who shares with doctors', async () => {
      const researcherAccount = privateKeyToAccount(generatePrivateKey());
      const now = await fixture.now();
      await fixture.execute(
        await fixture.sign(fixture.issuer, 'issueCredential', {
          actor: fixture.issuer.address,
          account: researcherAccount.address,
          role: roles.researcher,
          expiresAt: now + 365 * DAY,
          nonce: 0,
          deadline: now + 3600,
        }),
      );
      const researcher = new ApiClient(relayer.url, researcherAccount, fixture.deployment.chainId);
      expect((await researcher.login()).body.credentials).toEqual(['researcher']);
      const records = await patient.call<{ records: { cid: string }[] }>('GET', '/v1/records');
      expect(records.body.records.length).toBeGreaterThan(0);
      expect((await researcher.call('GET', `/v1/records?patient=${patient.address}`)).body.records).toEqual(
        [],
      );
      for (const { cid } of records.body.records) {
        expect((await researcher.download(cid)).status).toBe(403);
        expect((await researcher.call('GET', `/v1/records/${cid}`)).status).toBe(403);
      }
    });
  });

  describe('settings and expiring grants', () => {
    it('lists break-glass, delegates and research consent with the nonces of the next intents', async () => {
      const owner = new ApiClient(
        relayer.url,
        privateKeyToAccount(generatePrivateKey()),
        fixture.deployment.chainId,
      );
      await owner.login();
      expect((await owner.call('GET', '/v1/access/settings')).body).toEqual({
        breakGlassAllowed: true,
        settingsNonce: 0,
        delegates: [],
        delegationNonces: {},
        research: [],
      });
      const delegateAccount = privateKeyToAccount(generatePrivateKey());
      const delegate = delegateAccount.address;
      const deadline = (await fixture.now()) + 3600;
      const me = { actor: owner.address, patient: owner.address, deadline };
      await confirm(
        owner,
        await fixture.sign(owner.account, 'setBreakGlassAllowed', { ...me, allowed: false, nonce: 0 }),
      );
      await confirm(
        owner,
        await fixture.sign(owner.account, 'appointDelegate', { ...me, delegate, nonce: 0 }),
      );
      await confirm(
        owner,
        await fixture.sign(owner.account, 'setResearchConsent', {
          ...me,
          purpose: purposes.research,
          categories: categoryMask(['lab', 'vitals']),
          nonce: 0,
        }),
      );
      const settings = await until(
        () => owner.call('GET', '/v1/access/settings'),
        (response) => (response.body.research as unknown[]).length === 1,
        'the settings to be indexed',
      );
      expect(settings.body).toMatchObject({
        breakGlassAllowed: false,
        settingsNonce: 1,
        delegates: [{ delegate: delegate.toLowerCase(), nonce: 1 }],
        research: [{ purpose: 'research', categories: ['lab', 'vitals'], nonce: 1 }],
      });

      // The delegate reads the patient's consent on their behalf; anyone else is refused.
      const acting = new ApiClient(relayer.url, delegateAccount, fixture.deployment.chainId);
      await acting.login();
      expect((await acting.call('GET', '/v1/access/delegations')).body).toMatchObject({
        patients: [{ patient: owner.address.toLowerCase(), nonce: 1 }],
      });
      expect((await acting.call('GET', `/v1/access/settings?patient=${owner.address}`)).body).toEqual(
        settings.body,
      );
      expect((await acting.call('GET', `/v1/access/requests?patient=${owner.address}`)).status).toBe(200);
      expect(
        (await patient.call('GET', `/v1/access/settings?patient=${owner.address}`)).body.error?.code,
      ).toBe('NOT_DELEGATE');

      // Revoked: once the revocation is mined, the former delegate can neither read nor act for the patient.
      await confirm(
        owner,
        await fixture.sign(owner.account, 'revokeDelegate', { ...me, delegate, nonce: 1 }),
      );
      await until(
        () => acting.call('GET', `/v1/access/settings?patient=${owner.address}`),
        (response) => response.status === 403,
        'the revocation to be indexed',
      );
      const asRevoked = await fixture.sign(delegateAccount, 'setBreakGlassAllowed', {
        actor: delegate,
        patient: owner.address,
        allowed: true,
        nonce: 1,
        deadline,
      });
      const refused = await acting.submit(asRevoked, fixture.deployment.forwarder);
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'NOT_PATIENT_OR_DELEGATE' } } });
      expect((await owner.call('GET', '/v1/access/settings')).body.breakGlassAllowed).toBe(false);
    });

    it('tells a doctor where they stand with a patient, with the nonces of their next intents', async () => {
      const owner = new ApiClient(
        relayer.url,
        privateKeyToAccount(generatePrivateKey()),
        fixture.deployment.chainId,
      );
      await Promise.all([owner.login(), doctor.login()]);
      const standing = () =>
        doctor.call<{
          nonce: number;
          breakGlassNonce: number;
          breakGlassAllowed: boolean;
          latestRequest: { status: string; categories: string[] } | null;
          grants: { kind: string; reason: string | null }[];
        }>('GET', `/v1/access/standing?patient=${owner.address}`);
      expect((await standing()).body).toEqual({
        patient: owner.address.toLowerCase(),
        doctor: fixture.doctor.address.toLowerCase(),
        nonce: 0,
        breakGlassNonce: 0,
        breakGlassAllowed: true,
        latestRequest: null,
        grants: [],
      });
      const deadline = (await fixture.now()) + 3600;
      const asDoctor = { actor: fixture.doctor.address, patient: owner.address, deadline };
      await confirm(
        doctor,
        await fixture.sign(fixture.doctor, 'requestAccess', {
          ...asDoctor,
          categories: categoryMask(['lab']),
          purpose: purposes.treatment,
          duration: 3600,
          nonce: 0,
        }),
      );
      await confirm(
        doctor,
        await fixture.sign(fixture.doctor, 'openBreakGlass', {
          ...asDoctor,
          categories: categoryMask(['lab']),
          duration: 600,
          reason: 'Unconscious in the emergency department',
          nonce: 0,
        }),
      );
      await confirm(
        owner,
        await fixture.sign(owner.account, 'denyAccess', {
          actor: owner.address,
          patient: owner.address,
          grantee: fixture.doctor.address,
          nonce: 1,
          deadline,
        }),
      );
      const after = await until(
        standing,
        (response) => response.body.latestRequest?.status === 'denied',
        'the decision to be indexed',
      );
      expect(after.body).toMatchObject({
        nonce: 2,
        breakGlassNonce: 1,
        latestRequest: { status: 'denied', categories: ['lab'] },
        grants: [{ kind: 'break-glass', reason: 'Unconscious in the emergency department' }],
      });
      // The doctor's next request carries the nonce the standing gave: the registry accepts it.
      await confirm(
        doctor,
        await fixture.sign(fixture.doctor, 'requestAccess', {
          ...asDoctor,
          categories: categoryMask(['imaging']),
          purpose: purposes.treatment,
          duration: 3600,
          nonce: after.body.nonce,
        }),
      );
      await confirm(
        owner,
        await fixture.sign(owner.account, 'setBreakGlassAllowed', {
          actor: owner.address,
          patient: owner.address,
          allowed: false,
          nonce: 0,
          deadline,
        }),
      );
      const latest = await until(
        standing,
        (response) => !response.body.breakGlassAllowed,
        'the setting to be indexed',
      );
      expect(latest.body).toMatchObject({ nonce: 3, latestRequest: { status: 'pending' } });
      expect((await doctor.call('GET', '/v1/access/standing?patient=not-an-address')).body.error?.code).toBe(
        'INVALID_REQUEST',
      );
    });

    it('announces a grant that ends within a day on the patient’s stream', async () => {
      const owner = new ApiClient(
        relayer.url,
        privateKeyToAccount(generatePrivateKey()),
        fixture.deployment.chainId,
      );
      await owner.login();
      await doctor.login();
      const now = await fixture.now();
      await confirm(
        doctor,
        await fixture.sign(fixture.doctor, 'requestAccess', {
          actor: fixture.doctor.address,
          patient: owner.address,
          categories: categoryMask(['lab']),
          purpose: purposes.treatment,
          duration: DAY,
          nonce: 0,
          deadline: now + 3600,
        }),
      );
      await confirm(
        owner,
        await fixture.sign(owner.account, 'approveAccess', {
          actor: owner.address,
          patient: owner.address,
          grantee: fixture.doctor.address,
          categories: categoryMask(['lab']),
          expiresAt: now + 2 * 3600,
          nonce: 1,
          deadline: now + 3600,
        }),
      );
      await until(
        () => owner.call<{ grants: unknown[] }>('GET', '/v1/access/grants'),
        (response) => response.body.grants.length === 1,
        'the grant to be indexed',
      );
      const stream = await collectEvents(`${relayer.url}/v1/notifications/stream`, owner.accessToken!, 1);
      await stream.finished();
      expect(stream.events[0]).toMatchObject({ event: 'grant.expiring' });
      expect(stream.events[0]!.id).toBeUndefined();
      expect(JSON.parse(stream.events[0]!.data).data).toMatchObject({
        patient: owner.address.toLowerCase(),
        grantee: fixture.doctor.address.toLowerCase(),
        categories: ['lab'],
        nonce: 2,
      });
    });
  });

  describe('OpenAPI and authorization', () => {
    type Doc = {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; parameters: { name: string; in: string }[] }>
      >;
    };

    it('documents every route the API answers, and serves the docs page', async () => {
      const response = await fetch(`${relayer.url}/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as Doc & { openapi: string };
      expect(document.openapi).toBe('3.1.0');
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const served = relayer.routes
        .filter(
          (route) => !['/openapi.json', '/docs', '/docs/docs-init.js', '/docs/:asset'].includes(route.path),
        )
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
      expect(new Set(documented)).toEqual(new Set(served));
      const page = await fetch(`${relayer.url}/docs`);
      expect(await page.text()).toContain('swagger-ui-bundle.js');
      expect((await fetch(`${relayer.url}/docs/swagger-ui-bundle.js`)).status).toBe(200);
      expect((await fetch(`${relayer.url}/docs/..%2Fpackage.json`)).status).toBe(404);
    });

    it('answers 401 on every signed-in route without a token, and 400 on unknown query fields', async () => {
      const document = (await (await fetch(`${relayer.url}/openapi.json`)).json()) as Doc;
      const sample: Record<string, string> = {
        cid: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
        address: patient.address,
        id: 'x',
      };
      let checked = 0;
      for (const [path, operations] of Object.entries(document.paths)) {
        const url = `${relayer.url}${path.replace(/\{(\w+)\}/g, (_, name: string) => sample[name]!)}`;
        for (const [method, operation] of Object.entries(operations)) {
          if (!operation.security) continue;
          const anonymous = await fetch(url, { method: method.toUpperCase() });
          expect(anonymous.status, `${method} ${path}`).toBe(401);
          expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
          checked++;
          if (method !== 'get' || !operation.parameters.some((parameter) => parameter.in === 'query'))
            continue;
          // Operator routes take an operator's credential; an account's token is refused there (401).
          const operatorRoute = operation.security.some((scheme) => 'operatorKey' in (scheme as object));
          const bogus = await fetch(`${url}?bogus=1`, {
            headers: operatorRoute
              ? { 'x-operator-key': OPERATOR_KEY }
              : { authorization: `Bearer ${patient.accessToken}` },
          });
          expect(bogus.status, `${method} ${path}?bogus=1`).toBe(400);
          await bogus.body?.cancel();
        }
      }
      expect(checked).toBeGreaterThanOrEqual(15);
    });
  });
});
