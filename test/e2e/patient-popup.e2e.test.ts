// The patient's popup end to end, in real Chromium against a real anvil and relayer: sign in with the wallet,
// upload a FHIR record (encrypted in the extension), see a doctor's request arrive (popup, notification, badge),
// approve it in the popup, and the doctor (driven from Node) downloads and decrypts the record; then the
// patient revokes and the doctor is refused. The patient's account never holds ETH. Last, research: the patient
// joins a study in the popup and shares data de-identified there (the relayer's identifiable-data check runs on
// it), leaves again, and the researcher reads the study in the research workspace.
import { randomBytes } from 'node:crypto';
import { categoryMask, purposes, roles } from '@medicrypt/contracts';
import { decryptRecord, unwrapRecordKey } from '@medicrypt/crypto';
import type { Page } from 'playwright-core';
import { createPublicClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_FORWARDER } from '../../extension/settings/networks.ts';
import type { RunningRelayer } from '../../relayer/src/server.ts';
import { ApiClient } from '../../relayer/src/testing/api-client.ts';
import { type ChainFixture, startChainFixture } from '../../relayer/src/testing/chain-fixture.ts';
import { relayerEnv, startTestRelayer, waitForStatus } from '../../relayer/src/testing/relayer-fixture.ts';
import { until } from '../../relayer/src/testing/until.ts';
import { type ExtensionBrowser, launchWithExtensions, screenshot } from '../support/browser.ts';
import { ensureMediCryptBuilt, ensureTestWalletBuilt } from '../support/builds.ts';
import { openTimings, reportPopupTimings } from '../support/popup-timing.ts';

const TIMEOUT = 120_000;
const DAY = 86_400;
const PATIENT_KEY = generatePrivateKey();
const patient = privateKeyToAccount(PATIENT_KEY);
const RESEARCHER_KEY = generatePrivateKey();
const researcherAccount = privateKeyToAccount(RESEARCHER_KEY);
const protocol = {
  title: 'HbA1c across adulthood',
  description: 'How HbA1c moves with age, from consented, de-identified lab results.',
  purpose: 'research',
  categories: ['lab'],
  inclusionCriteria: 'Adults with at least one HbA1c result',
  durationDays: 365,
  ethicsReference: 'IRB-E2E-2026',
};
const observation = `${JSON.stringify(
  {
    resourceType: 'Observation',
    id: 'hba1c-2026',
    status: 'final',
    code: { text: 'HbA1c' },
    subject: { display: 'Ada Patient' },
    valueQuantity: { value: 5.4, unit: '%' },
  },
  null,
  2,
)}\n`;

/** The few extension APIs the test reads inside MediCrypt's service worker. */
interface ChromeApi {
  action: { getBadgeText(details: object): Promise<string> };
  notifications: { getAll(): Promise<Record<string, boolean>> };
  storage: Record<'local' | 'session', { get(keys: string | null): Promise<Record<string, unknown>> }>;
}

describe('the patient’s popup against a real relayer', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let browser: ExtensionBrowser;
  let popup: Page;
  let doctor: ApiClient;
  let cid: string;
  const timings: Record<string, number[]> = {};

  /** What MediCrypt's background shows in the toolbar and notification tray. */
  const backgroundState = async () => {
    const worker = await browser.medicryptWorker();
    return worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      return {
        badge: await api.action.getBadgeText({}),
        notifications: Object.keys(await api.notifications.getAll()),
      };
    });
  };
  /** What the doctor reads of `record`'s downloaded `ciphertext`, with the key the patient wrapped for them. */
  const doctorDecrypts = async (
    record: { cid: string; recordId: string; version: number; contentType: string },
    ciphertext: Uint8Array,
  ) => {
    const context = {
      patient: patient.address,
      recordId: record.recordId,
      version: record.version,
      contentType: record.contentType,
    };
    const key = unwrapRecordKey({
      envelope: (await doctor.call('GET', `/v1/records/${record.cid}/envelope`)).body,
      recipientSecretKey: doctor.keys!.secretKey,
      context: { ...context, grantee: fixture.doctor.address },
    });
    return new TextDecoder().decode(await decryptRecord({ key, ciphertext, context }));
  };
  const patientIntents = async () =>
    (
      (await (await fetch(`${relayer.url}/v1/intents?actor=${patient.address}`)).json()) as {
        intents: unknown[];
      }
    ).intents.length;
  /** Stops MediCrypt's service worker the way Chrome does when it is idle (the wallet's keeps running). */
  const stopMediCryptWorker = async () => {
    const cdp = await browser.context.newCDPSession(popup);
    const versions: { versionId: string; scriptURL: string; runningStatus: string }[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => versions.push(...updated));
    await cdp.send('ServiceWorker.enable');
    const prefix = `chrome-extension://${browser.medicryptId}/`;
    const running = await until(
      async () =>
        versions.find(
          (version) => version.scriptURL.startsWith(prefix) && version.runningStatus === 'running',
        ),
      Boolean,
      'MediCrypt’s worker in the DevTools protocol',
    );
    await cdp.send('ServiceWorker.stopWorker', { versionId: running!.versionId });
    await until(
      async () =>
        versions.filter((version) => version.versionId === running!.versionId).at(-1)?.runningStatus,
      (status) => status === 'stopped',
      'the worker to stop',
    );
    await cdp.detach();
  };
  const activity = (label: string) => popup.locator('.activity-list li', { hasText: label }).first();

  beforeAll(async () => {
    const [medicryptDir, walletDir] = await Promise.all([ensureMediCryptBuilt(), ensureTestWalletBuilt()]);
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', `popup_${randomBytes(4).toString('hex')}`, {
        CONFIRMATIONS: '0',
        JWT_SECRET: randomBytes(32).toString('hex'),
      }),
    );
    doctor = new ApiClient(relayer.url, fixture.doctor, fixture.deployment.chainId);
    browser = await launchWithExtensions({ medicryptDir, walletDir });
    await browser.wallet.configure({
      privateKey: PATIENT_KEY,
      chainId: fixture.deployment.chainId,
      locked: false,
      rejectNext: false,
    });
    await (await browser.configure(relayer.url)).close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await relayer?.stop();
    await fixture?.stop();
    reportPopupTimings('patient-popup', timings);
  });

  it('signs intents for the forwarder the fresh chain deployed', () => {
    expect(fixture.deployment.forwarder.toLowerCase()).toBe(LOCAL_FORWARDER.toLowerCase());
  });

  it('signs in with the wallet and publishes the encryption key', { timeout: TIMEOUT }, async () => {
    popup = await browser.openPopup();
    await popup.getByRole('button', { name: 'Connect wallet' }).click();
    await popup.getByRole('button', { name: 'Sign in with MetaMask' }).click();
    await popup.getByRole('tab', { name: /Requests/ }).waitFor();
    await screenshot(popup, 'patient-signed-in');

    const requests = (await browser.wallet.status()).requests;
    const methods = requests.map((request) => request.method);
    expect(methods.filter((method) => method === 'personal_sign')).toHaveLength(2);
    expect(methods.filter((method) => method === 'eth_signTypedData_v4')).toHaveLength(1);
    // The sign-in (and the key message) came from the popup's origin and raised none of MetaMask's alerts.
    expect(requests.filter((request) => request.method === 'personal_sign')).toEqual(
      Array(2).fill({
        method: 'personal_sign',
        sender: `chrome-extension://${browser.medicryptId}`,
        outcome: 'ok',
      }),
    );

    await doctor.login();
    expect((await doctor.publishKey()).status).toBe(200);
    const binding = await doctor.call('GET', `/v1/keys/${patient.address}`);
    expect(binding).toMatchObject({ status: 200, body: { account: patient.address.toLowerCase() } });

    // The derived secret key lives in session storage (memory) only, never in local storage.
    const worker = await browser.medicryptWorker();
    const stored = await worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      return {
        local: JSON.stringify(await api.storage.local.get(null)),
        session: (await api.storage.session.get('encryptionKey')).encryptionKey as
          | { secretKey: string }
          | undefined,
      };
    });
    expect(stored.session?.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stored.local).not.toContain(stored.session!.secretKey);
    expect(stored.local).not.toContain('accessToken');
  });

  it('encrypts and uploads a FHIR record, then registers it with a signed intent', {
    timeout: TIMEOUT,
  }, async () => {
    await popup.getByRole('tab', { name: 'Records' }).click();
    await popup.getByLabel('Record file').setInputFiles({
      name: 'hba1c.json',
      mimeType: 'application/fhir+json',
      buffer: Buffer.from(observation),
    });
    await popup.getByText('FHIR Observation').waitFor();
    expect(await popup.getByLabel('Category').inputValue()).toBe('lab');
    await popup.getByRole('button', { name: 'Encrypt and upload' }).click();
    await popup.getByText('Encrypted and uploaded. Registration sent.').waitFor();
    await activity('Register hba1c.json')
      .locator('.tag', { hasText: 'Confirmed' })
      .waitFor({ timeout: 30_000 });
    await popup.locator('.card', { hasText: 'hba1c.json' }).getByText('Current').waitFor({ timeout: 30_000 });
    await screenshot(popup, 'patient-record-uploaded');

    const records = await doctor.call<{ records: { cid: string }[] }>(
      'GET',
      `/v1/records?patient=${patient.address}`,
    );
    expect(records.body.records).toEqual([]);
  });

  it('shows a doctor’s request in the popup, as a notification and on the badge', {
    timeout: TIMEOUT,
  }, async () => {
    await popup.getByRole('tab', { name: /Requests/ }).click();
    await popup.getByText('No one is asking for access right now.').waitFor();
    const now = await fixture.now();
    const request = await doctor.submit(
      await fixture.sign(fixture.doctor, 'requestAccess', {
        actor: fixture.doctor.address,
        patient: patient.address,
        categories: categoryMask(['lab', 'imaging']),
        purpose: purposes.treatment,
        duration: 30 * DAY,
        nonce: 0,
        deadline: now + 3600,
      }),
      fixture.deployment.forwarder,
    );
    expect(request.status).toBe(202);
    await waitForStatus(relayer.url, request.body.id as string, ['confirmed']);

    const card = popup.locator('.request-card', {
      has: popup.locator(`[title="${fixture.doctor.address}"]`),
    });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('Lab results, Imaging');
    expect(await card.textContent()).toContain('Treatment');
    expect(await card.textContent()).toContain('30 days');
    await popup.getByRole('tab', { name: 'Requests, 1 waiting' }).waitFor();
    await screenshot(popup, 'patient-request');

    const state = await until(
      backgroundState,
      (s) => s.badge === '1' && s.notifications.length > 0,
      'badge and notification',
    );
    expect(state.notifications.some((id) => /^medicrypt-\d+$/.test(id))).toBe(true);
  });

  it('queues nothing when the patient rejects the signature in the wallet', {
    timeout: TIMEOUT,
  }, async () => {
    const before = await patientIntents();
    await browser.wallet.configure({ rejectNext: true });
    await popup.getByRole('button', { name: 'Approve', exact: true }).click();
    await popup
      .getByRole('alert')
      .getByText('You rejected the signature request in MetaMask, so nothing was signed or sent.')
      .waitFor();
    expect(await patientIntents()).toBe(before);
    await screenshot(popup, 'patient-approve-rejected');
  });

  it('approves lab results only; the doctor downloads and decrypts the record', {
    timeout: TIMEOUT,
  }, async () => {
    await popup.getByRole('button', { name: 'Share less…' }).click();
    await popup.getByRole('checkbox', { name: 'Imaging' }).uncheck();
    await popup.getByRole('button', { name: 'Approve selection' }).click();
    await popup.getByText('Approval sent. 1 record key shared.').waitFor();
    await activity('Approve access').locator('.tag', { hasText: 'Confirmed' }).waitFor({ timeout: 30_000 });
    await popup.getByText('No one is asking for access right now.').waitFor({ timeout: 30_000 });
    await until(backgroundState, (s) => s.badge === '', 'the badge to clear');

    const granted = await until(
      () =>
        doctor.call<{ records: { cid: string; recordId: string; version: number; contentType: string }[] }>(
          'GET',
          `/v1/records?patient=${patient.address}`,
        ),
      (response) => response.body.records.length === 1,
      'the grant to reach the relayer',
    );
    const record = granted.body.records[0]!;
    cid = record.cid;
    const downloaded = await doctor.download(cid);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(downloaded.bytes).toString('latin1')).not.toContain('HbA1c');
    expect(await doctorDecrypts(record, downloaded.bytes)).toBe(observation);

    await popup.getByRole('tab', { name: 'Access' }).click();
    const grant = popup.locator('.card', { has: popup.locator(`[title="${fixture.doctor.address}"]`) });
    expect(await grant.textContent()).toContain('Lab results');
    expect(await grant.textContent()).not.toContain('Imaging');
    await screenshot(popup, 'patient-access-granted');
    await popup.getByRole('tab', { name: 'Log' }).click();
    await popup.getByText(/downloaded hba1c\.json/).waitFor({ timeout: 15_000 });
    await screenshot(popup, 'patient-access-log');
  });

  it('a new version of the record is listed with the old one and shared with the doctor who has access', {
    timeout: TIMEOUT,
  }, async () => {
    const revised = observation.replace('"value": 5.4', '"value": 5.9');
    await popup.getByRole('tab', { name: 'Records' }).click();
    const card = popup.locator('li.card', { hasText: 'hba1c.json' });
    await card.getByRole('button', { name: 'Upload a new version' }).click();
    const form = card.getByRole('form', { name: 'New version of hba1c.json' });
    await form.getByLabel('Record file').setInputFiles({
      name: 'hba1c.json',
      mimeType: 'application/fhir+json',
      buffer: Buffer.from(revised),
    });
    await form.getByText('FHIR Observation').waitFor();
    await form.getByRole('button', { name: 'Encrypt and upload' }).click();
    await form.getByText('Encrypted and uploaded. Registration sent.').waitFor({ timeout: 30_000 });
    await card.getByText(/version 2/).waitFor({ timeout: 30_000 });
    await card.locator('.card-title').getByText('Current').waitFor({ timeout: 30_000 });
    await card.getByText('All 2 versions').click();
    const listed = card.locator('.version-list li');
    await until(
      async () => (await listed.allTextContents()).map((line) => line.replace(/\s+/g, ' ')),
      (lines) =>
        lines.length === 2 && /Version 2 · Current/.test(lines[0]!) && /Version 1 · /.test(lines[1]!),
      'both versions, newest first',
      30_000,
    );
    await screenshot(popup, 'patient-record-versions');

    // The doctor granted lab results reads the new version, with a key wrapped for them when it was added.
    const granted = await until(
      () =>
        doctor.call<{ records: { cid: string; recordId: string; version: number; contentType: string }[] }>(
          'GET',
          `/v1/records?patient=${patient.address}`,
        ),
      (response) => response.body.records.some((record) => record.version === 2),
      'version 2 to reach the doctor',
    );
    const latest = granted.body.records.find((record) => record.version === 2)!;
    expect(await doctorDecrypts(latest, (await doctor.download(latest.cid)).bytes)).toBe(revised);
  });

  it('revokes; the doctor is refused at once', { timeout: TIMEOUT }, async () => {
    await popup.getByRole('tab', { name: 'Access' }).click();
    await popup.getByRole('button', { name: 'Revoke' }).click();
    await activity('Revoke access').locator('.tag', { hasText: 'Confirmed' }).waitFor({ timeout: 30_000 });
    const refused = await until(
      () => doctor.download(cid),
      (response) => response.status === 403,
      'the revocation',
    );
    expect(refused.error?.code).toBe('ACCESS_DENIED');
    expect((await doctor.call('GET', `/v1/records/${cid}/envelope`)).status).toBe(403);
    await popup.getByText('Nobody has access to your records.').waitFor({ timeout: 15_000 });
  });

  it('loses no notification when Chrome stops the service worker', { timeout: TIMEOUT }, async () => {
    const before = (await backgroundState()).notifications;
    await stopMediCryptWorker();
    // While it is stopped, the doctor asks again (the pair's nonce is 3 after request, approval, revocation).
    const now = await fixture.now();
    const again = await doctor.submit(
      await fixture.sign(fixture.doctor, 'requestAccess', {
        actor: fixture.doctor.address,
        patient: patient.address,
        categories: categoryMask(['lab']),
        purpose: purposes.careManagement,
        duration: 7 * DAY,
        nonce: 3,
        deadline: now + 3600,
      }),
      fixture.deployment.forwarder,
    );
    await waitForStatus(relayer.url, again.body.id as string, ['confirmed']);
    // The keepalive alarm wakes the worker; it resumes after the last notification it showed.
    // (A read while the worker is stopped may hang until it starts: give each read three seconds.)
    const settle = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 3_000));
    const state = await until(
      () =>
        Promise.race([backgroundState(), settle({ badge: '', notifications: before })]).catch(() => ({
          badge: '',
          notifications: before,
        })),
      (s) => s.notifications.some((id) => !before.includes(id)) && s.badge === '1',
      'the notification after the restart',
      60_000,
    );
    expect(state.notifications.filter((id) => !before.includes(id))).toHaveLength(1);
  });

  it('never asked the wallet for a transaction, and the patient holds no ETH', {
    timeout: TIMEOUT,
  }, async () => {
    const methods = new Set((await browser.wallet.status()).requests.map((request) => request.method));
    expect([...methods].filter((method) => /sendTransaction|sendRawTransaction/.test(method))).toEqual([]);
    const chain = createPublicClient({ transport: http(fixture.anvil.rpcUrl) });
    expect(await chain.getBalance({ address: patient.address })).toBe(0n);
    // Register the record, approve, register its second version, revoke: each relayed, none paid by the patient.
    expect(await patientIntents()).toBe(4);
  });

  it('opens straight into the signed-in views, interactive quickly', { timeout: TIMEOUT }, async () => {
    const fresh = await browser.openPopup();
    await fresh.getByRole('tab', { name: /Requests/ }).waitFor();
    timings['signed in'] = await openTimings(fresh, browser.openPopup, (page) =>
      page.getByRole('tab', { name: /Requests/ }).waitFor(),
    );
    expect(await fresh.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    // Keyboard only: the arrow keys move between tabs, and the focused one is visibly outlined.
    await fresh.getByRole('tab', { name: /Requests/ }).focus();
    await fresh.keyboard.press('ArrowRight');
    expect(await fresh.evaluate('document.activeElement.textContent')).toBe('Access');
    expect(await fresh.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await fresh.getByText('Nobody has access to your records.').waitFor();
    await screenshot(fresh, 'patient-keyboard-tabs');
    await fresh.close();
  });
  it('joins a study in the popup and shares only data de-identified there; leaving drops it', {
    timeout: TIMEOUT,
  }, async () => {
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
    await researcher.login();
    // The relayer checks the credential in its index of the chain's events: publish once it is indexed.
    const published = await until(
      () =>
        researcher.call<{ studyId: string; protocolHash: `0x${string}` }>('POST', '/v1/studies', protocol),
      (response) => response.status !== 403,
      'the researcher credential to be indexed',
    );
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const { studyId, protocolHash } = published.body;
    await fixture.execute(
      await fixture.sign(researcherAccount, 'registerStudy', {
        actor: researcherAccount.address,
        purpose: purposes.research,
        categories: categoryMask(['lab']),
        endsAt: now + 365 * DAY,
        protocolHash,
        deadline: now + 3600,
      }),
    );

    await popup.getByRole('tab', { name: 'More' }).click();
    const card = popup.locator('.card', { hasText: protocol.title });
    await until(
      async () => {
        if (await card.count()) return true;
        await popup.getByRole('button', { name: 'Reload from the relayer' }).click();
        return false;
      },
      Boolean,
      'the study in the popup',
    );
    expect(await card.textContent()).toContain('IRB-E2E-2026');
    await card.getByRole('button', { name: 'Join study' }).click();
    await activity(`Join “${protocol.title}”`)
      .locator('.tag', { hasText: 'Confirmed' })
      .waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Share de-identified data' }).waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Share de-identified data' }).click();
    await card
      .getByText(/De-identified data sent: \d+ entr(y|ies) from 1 record/)
      .waitFor({ timeout: 30_000 });
    await screenshot(popup, 'patient-study-joined');

    // What reached the relayer: the current version's lab value (not the superseded one), under the study
    // pseudonym, without the name or the record's id.
    const stored = await relayer.database.db
      .selectFrom('study_contributions')
      .selectAll()
      .where('study_id', '=', studyId.toLowerCase())
      .executeTakeFirstOrThrow();
    const body = JSON.stringify(stored.resources);
    expect(body).toContain('5.9');
    expect(body).not.toContain('5.4');
    expect(body).not.toContain('Ada Patient');
    expect(body).not.toContain('hba1c-2026');
    expect(stored.subject).toMatch(/^[0-9a-f]{64}$/);
    const report = () =>
      researcher.call<{ kAnonymity: { released: number; suppressed: number } }>(
        'GET',
        `/v1/studies/${studyId}/dataset?format=json`,
      );
    // One patient is fewer than k = 5: counted, and suppressed rather than released.
    expect((await report()).body.kAnonymity).toMatchObject({ released: 0, suppressed: 1 });

    await card.getByRole('button', { name: 'Leave study' }).click();
    await activity(`Leave “${protocol.title}”`)
      .locator('.tag', { hasText: 'Confirmed' })
      .waitFor({ timeout: 30_000 });
    await until(
      report,
      (response) => response.body.kAnonymity.released + response.body.kAnonymity.suppressed === 0,
      'the withdrawal to leave the dataset',
    );
  });

  it('shows the researcher their study, its release and its insights in the research workspace', {
    timeout: TIMEOUT,
  }, async () => {
    await browser.wallet.configure({ privateKey: RESEARCHER_KEY });
    const workspace = await browser.openResearch();
    // The wallet may already be connected to the extension (the popup connected it): then there is no button.
    const connect = workspace.getByRole('button', { name: 'Connect wallet' });
    const signIn = workspace.getByRole('button', { name: 'Sign in with your wallet' });
    await connect.or(signIn).first().waitFor();
    if (await connect.isVisible()) await connect.click();
    await signIn.click();
    const study = workspace.locator('.card', { hasText: protocol.title });
    await study.waitFor({ timeout: 30_000 });
    await study.getByRole('button', { name: 'Dataset (CSV)' }).click();
    await study.getByText('0 patients released at k = 5; 0 suppressed to reach it.').waitFor();
    await study.getByRole('button', { name: 'Insights' }).click();
    // The patient left: the cohort is empty again, and says so.
    await study.getByText('No consented patient has contributed yet.').waitFor();
    expect(await workspace.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1200);
    await screenshot(workspace, 'research-workspace');
    await workspace.close();
  });
});
