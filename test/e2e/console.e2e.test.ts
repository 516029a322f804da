// The operator console in real Chromium at 1366×768 against a relayer on anvil: an operator signs in with the
// wallet (SIWE, through the strict test wallet, found over EIP-6963 as MetaMask, which checks the sign-in as
// MetaMask does for the console's origin) or an API key in the README's label:secret form, filters and searches
// intents, pauses and resumes intake (the API refuses and then accepts intents), sees live updates arrive over
// the stream, cancels a stuck transaction (its intent is batched again and confirmed), and reads the charts and
// the audit log. Screenshots go to test/artifacts/console-*.png.
import { categoryMask, purposes } from '@medicrypt/contracts';
import type { Page } from 'playwright-core';
import { createTestClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from '../../relayer/src/server.ts';
import { type ChainFixture, startChainFixture } from '../../relayer/src/testing/chain-fixture.ts';
import {
  postIntent,
  relayerEnv,
  startTestRelayer,
  waitForStatus,
} from '../../relayer/src/testing/relayer-fixture.ts';
import { launchWithTestWallet, screenshot, type WalletBrowser } from '../support/browser.ts';
import { ensureConsoleBuilt, ensureTestWalletBuilt } from '../support/builds.ts';

const VIEWPORT = { width: 1366, height: 768 };
const API_KEY = 'console-e2e-key-console-e2e-key-0123456789';
const DAY = 86_400;
const TIMEOUT = 120_000;
const OPERATOR_KEY = generatePrivateKey();
const operator = privateKeyToAccount(OPERATOR_KEY);

describe('the operator console in Chromium', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let browser: WalletBrowser;
  let page: Page;
  const confirmed: string[] = [];

  const submit = async () => {
    const patient = privateKeyToAccount(generatePrivateKey()).address;
    const intent = await fixture.sign(fixture.doctor, 'requestAccess', {
      actor: fixture.doctor.address,
      patient,
      categories: categoryMask(['lab']),
      purpose: purposes.treatment,
      duration: 30 * DAY,
      nonce: 0,
      deadline: (await fixture.now()) + 3600,
    });
    return postIntent(relayer.url, {
      chainId: fixture.deployment.chainId,
      forwarder: fixture.deployment.forwarder,
      ...intent,
    });
  };
  const testClient = () => createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });
  const go = (view: string) =>
    page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: view, exact: true }).click();

  beforeAll(async () => {
    const [walletDir] = await Promise.all([ensureTestWalletBuilt(), ensureConsoleBuilt()]);
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', 'unused', {
        OPERATOR_API_KEYS: `e2e:${API_KEY}`,
        OPERATOR_ADDRESSES: operator.address,
        JWT_SECRET: 'console-e2e-secret-console-e2e-secret-00',
        STUCK_AFTER_MS: '2000',
      }),
    );
    for (let i = 0; i < 4; i++) {
      const response = await submit();
      expect(response.status).toBe(202);
      confirmed.push(response.body.id as string);
    }
    for (const id of confirmed) await waitForStatus(relayer.url, id, ['confirmed']);

    browser = await launchWithTestWallet(walletDir);
    // The operator's MetaMask on the relayer's chain, announcing itself as MetaMask (io.metamask).
    await browser.wallet.configure({
      privateKey: OPERATOR_KEY,
      chainId: fixture.deployment.chainId,
      locked: false,
      rejectNext: false,
      announceAs: 'metamask',
    });
    page = await browser.context.newPage();
    await page.setViewportSize(VIEWPORT);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await testClient()
      .setAutomine(true)
      .catch(() => undefined);
    await relayer?.stop();
    await fixture?.stop();
  });

  it('signs in with the wallet and shows the overview at 1366×768', { timeout: TIMEOUT }, async () => {
    await page.goto(`${relayer.url}/console`);
    await page.getByRole('heading', { name: 'MediCrypt relayer console' }).waitFor();
    await screenshot(page, 'console-sign-in');
    await page.getByRole('button', { name: 'Sign in with MetaMask' }).click();
    await page.getByRole('heading', { name: /Intake/ }).waitFor();
    // The wallet saw the sign-in come from the console's origin and found nothing MetaMask would warn about.
    const requests = (await browser.wallet.status()).requests;
    expect(requests.filter((request) => request.method === 'personal_sign')).toEqual([
      { method: 'personal_sign', sender: relayer.url, outcome: 'ok' },
    ]);
    expect(requests.filter((request) => request.outcome === 'flagged')).toEqual([]);
    await page.getByRole('status', { name: 'Live updates: live' }).waitFor();
    await page.locator('.count[data-status="confirmed"] .count-value', { hasText: /^[4-9]|\d\d/ }).waitFor();
    await page.getByText('No alarms.').waitFor();
    expect(await page.locator('.who').textContent()).toContain(operator.address.slice(0, 6));
    // Nothing spills sideways at this width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      VIEWPORT.width,
    );
    await screenshot(page, 'console-overview');
  });

  it('filters intents by status and finds one by id and by signer', { timeout: TIMEOUT }, async () => {
    await go('Intents');
    const rows = page.locator('table[aria-label="Intents"] tbody tr');
    await rows.first().waitFor();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByText('No intent matches.').waitFor();
    await page.getByLabel('Status').selectOption('confirmed');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    const statuses = await rows.locator('td:nth-child(4)').allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['confirmed']));

    await page.getByLabel('Search').fill(confirmed[1]!);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-intent')).toBe(confirmed[1]);
    await rows.first().getByRole('button').click();
    const detail = page.getByRole('complementary', { name: 'Intent detail' });
    await detail.getByText('History').waitFor();
    await expect.poll(() => detail.locator('.timeline li').count()).toBe(6);
    await screenshot(page, 'console-intent-detail');

    await page.getByLabel('Search').fill(fixture.doctor.address);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'console-intents-filtered');
    await page.getByRole('button', { name: 'Clear' }).click();
  });

  it('pauses and resumes intake, and the API follows', { timeout: TIMEOUT }, async () => {
    await go('Overview');
    await page.getByLabel('Reason (for pause or drain)').fill('database upgrade');
    await page.getByRole('button', { name: 'Pause intake' }).click();
    await page.getByRole('button', { name: 'Confirm: Pause intake' }).click();
    await page.locator('.intake-state[data-mode="paused"]').waitFor();
    await page.getByText('New intents get 503 INTAKE_PAUSED').waitFor();
    const refused = await submit();
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'INTAKE_PAUSED' } } });
    expect(refused.body.error?.message).toContain('database upgrade');
    await screenshot(page, 'console-paused');

    await page.getByRole('button', { name: 'Resume intake' }).click();
    await page.getByRole('button', { name: 'Confirm: Resume intake' }).click();
    await page.locator('.intake-state[data-mode="open"]').waitFor();
    expect((await submit()).status).toBe(202);

    await go('Audit log');
    const entries = page.locator('table[aria-label="Audit log"] tbody tr');
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(2);
    expect(await entries.nth(0).textContent()).toContain('intake.resume');
    expect(await entries.nth(1).textContent()).toContain('intake.pause');
    expect(await entries.nth(1).textContent()).toContain('database upgrade');
    await screenshot(page, 'console-audit');
  });

  it('shows new intents as they happen, over the live stream', { timeout: TIMEOUT }, async () => {
    await go('Overview');
    await page.getByRole('heading', { name: 'Live activity' }).waitFor();
    const response = await submit();
    const id = response.body.id as string;
    await page.locator(`.feed li[data-intent="${id}"]`).first().waitFor({ timeout: 15_000 });
    await waitForStatus(relayer.url, id, ['confirmed']);
    await page
      .locator(`.feed li[data-intent="${id}"]`, { hasText: 'confirmed' })
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-live');
  });

  it('cancels a stuck transaction; its intent is batched again and confirmed', {
    timeout: TIMEOUT,
  }, async () => {
    await testClient().setAutomine(false);
    const response = await submit();
    const id = response.body.id as string;
    await waitForStatus(relayer.url, id, ['submitted']);
    await go('Transactions');
    const cancel = page.getByRole('button', { name: 'Cancel transaction' });
    await cancel.waitFor({ timeout: 20_000 });
    await screenshot(page, 'console-stuck');
    await cancel.click();
    await page.getByRole('button', { name: /^Cancel nonce \d+$/ }).click();
    const cancels = page.locator('table[aria-label="Operator transactions"] tbody tr');
    await cancels.first().waitFor();
    expect(await cancels.first().textContent()).toContain('cancel');
    // Mine only once the cancel is broadcast: mined earlier, the stuck batch itself would land and the cancel
    // would be superseded (also correct, but not what this test is about).
    await cancels.first().getByText('pending').waitFor({ timeout: 15_000 });

    const miner = setInterval(
      () =>
        void testClient()
          .mine({ blocks: 1 })
          .catch(() => undefined),
      400,
    );
    try {
      expect((await waitForStatus(relayer.url, id, ['confirmed', 'failed', 'expired'], 40_000)).status).toBe(
        'confirmed',
      );
    } finally {
      clearInterval(miner);
      await testClient().setAutomine(true);
    }
    await cancels.first().getByText('mined').waitFor({ timeout: 15_000 });
    await page.getByText('No stuck transaction.').waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-cancelled');

    await go('Batches');
    await page.getByLabel('Status').selectOption('cancelled');
    await expect.poll(() => page.locator('table[aria-label="Batches"] > tbody > tr').count()).toBe(1);
    await screenshot(page, 'console-batches');
  });

  it('draws throughput and latency per stage, and shows the signers', { timeout: TIMEOUT }, async () => {
    await go('Throughput & latency');
    await page.getByRole('heading', { name: 'Latency per stage' }).waitFor();
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBe(6);
    const total = page.locator('table[aria-label="Stage latency"] tr', { hasText: 'Total' });
    expect(Number(await total.locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(6);
    await screenshot(page, 'console-stats');

    await go('Signers');
    const row = page.locator('table[aria-label="Signer keys"] tbody tr').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('active');
    expect(await row.textContent()).toContain('none');
    await screenshot(page, 'console-signers');
  });

  it('signs in with an API key (label:secret) in a fresh session', { timeout: TIMEOUT }, async () => {
    // A new tab has its own sessionStorage: nobody is signed in there.
    const keyPage = await browser.context.newPage();
    try {
      await keyPage.setViewportSize(VIEWPORT);
      await keyPage.goto(`${relayer.url}/console`);
      await keyPage.getByLabel('Operator API key').fill('not-the-key');
      await keyPage.getByRole('button', { name: 'Sign in with key' }).click();
      await keyPage.getByRole('alert').getByText('not valid').waitFor();
      // As the README writes a key in OPERATOR_API_KEYS.
      await keyPage.getByLabel('Operator API key').fill(`e2e:${API_KEY}`);
      await keyPage.getByRole('button', { name: 'Sign in with key' }).click();
      await keyPage.getByRole('heading', { name: /Intake/ }).waitFor();
      expect(await keyPage.locator('.who').textContent()).toContain('API key');
    } finally {
      await keyPage.close();
    }
  });
});
