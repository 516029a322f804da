// The doctor's overlay end to end, in real Chromium against a real anvil and relayer, with a small local EMR:
// the doctor enables MediCrypt on the EMR's site (that origin only), opens a patient's chart, and requests
// access from the overlay, signing through the wallet the page discovered with EIP-6963. The patient approves
// in the popup; the overlay turns to approved and the doctor opens the record decrypted in MediCrypt's own
// records page, never in the EMR page. Then a second request is denied, the grant is revoked (access ends),
// and the doctor opens emergency access, which the patient is notified of.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from '../../relayer/src/server.ts';
import { type ChainFixture, startChainFixture } from '../../relayer/src/testing/chain-fixture.ts';
import { relayerEnv, startTestRelayer } from '../../relayer/src/testing/relayer-fixture.ts';
import { until } from '../../relayer/src/testing/until.ts';
import { type ExtensionBrowser, launchWithExtensions, screenshot } from '../support/browser.ts';
import { ensureMediCryptBuilt, ensureTestWalletBuilt } from '../support/builds.ts';

const TIMEOUT = 150_000;
const PATIENT_KEY = generatePrivateKey();
const patient = privateKeyToAccount(PATIENT_KEY);
const observation = `${JSON.stringify({
  resourceType: 'Observation',
  id: 'hba1c-emr',
  status: 'final',
  code: { text: 'HbA1c' },
  valueQuantity: { value: 6.1, unit: '%' },
})}\n`;

/**
 * A tiny EMR: one chart page per patient, the wallet address in `#patient-wallet`; and a second chart layout
 * (`/qr/<address>`) where `#patient-wallet` is a QR code (EIP-681) and the address appears nowhere in the text.
 */
function startEmr(): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (request, response) => {
    const qr = /^\/qr\/(0x[0-9a-fA-F]{40})$/.exec(request.url ?? '');
    if (qr) {
      const image = await QRCode.toDataURL(`ethereum:${qr[1]}@11155111`, { width: 240 });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><title>Test EMR chart</title></head><body>
<h1>Chart</h1><p>Scan to identify the patient:</p><img id="patient-wallet" alt="Patient wallet" src="${image}"></body></html>`);
      return;
    }
    const match = /^\/patients\/(0x[0-9a-fA-F]{40})$/.exec(request.url ?? '');
    response.writeHead(match ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      match
        ? `<!doctype html><html lang="en"><head><title>Test EMR chart</title></head><body>
<h1>Chart</h1><p>Patient wallet: <span id="patient-wallet">${match[1]}</span></p>
<p>Clinic account 0x000000000000000000000000000000000000dEaD</p><p>Allergies: none recorded.</p></body></html>`
        : 'not found',
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

interface ShownNotifications {
  create(
    id: string,
    options: { title: string; message: string; requireInteraction?: boolean },
  ): Promise<string>;
  shown?: { id: string; title: string; message: string; requireInteraction?: boolean }[];
}

interface ChromeApi {
  notifications: { getAll(): Promise<Record<string, boolean>> };
}

describe('the doctor’s overlay on an EMR page', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let browser: ExtensionBrowser;
  let emr: { server: Server; origin: string };
  let popup: Page | undefined;
  let chart: Page;
  let overlay: Locator;

  const notificationsShown = async () => {
    const worker = await browser.medicryptWorker();
    return worker.evaluate(async () =>
      (globalThis as unknown as { chrome: ChromeApi }).chrome.notifications.getAll(),
    );
  };

  /** Switches the wallet to `privateKey` and signs in to MediCrypt from the popup as that account. */
  const signInAs = async (privateKey: `0x${string}`) => {
    await popup?.close();
    await browser.wallet.configure({ privateKey });
    popup = await browser.openPopup();
    const connect = popup.getByRole('button', { name: 'Connect wallet' });
    const signIn = popup.getByRole('button', { name: 'Sign in with MetaMask' });
    await connect.or(signIn).first().waitFor();
    if (await connect.isVisible()) await connect.click();
    await signIn.click();
    await popup.getByRole('tab', { name: /Requests/ }).waitFor();
    return popup;
  };
  const activity = (page: Page, label: string) =>
    page.locator('.activity-list li', { hasText: label }).first().locator('.tag', { hasText: 'Confirmed' });

  /** The control focused inside the overlay's shadow root: its label or text, and its outline style. */
  const focusedInOverlay = () =>
    chart.evaluate(() => {
      const element = document.querySelector('medicrypt-overlay')?.shadowRoot?.activeElement as
        | HTMLInputElement
        | null
        | undefined;
      if (!element) return null;
      const name =
        element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent ?? '';
      return { name: name.trim(), outline: getComputedStyle(element).outlineStyle };
    });

  /** The patient's chart in the EMR, with MediCrypt's overlay on it. */
  const openChart = async () => {
    chart = chart ?? (await browser.context.newPage());
    await chart.setViewportSize({ width: 1200, height: 900 });
    overlay = chart.locator('medicrypt-overlay').locator('aside.overlay');
    await until(
      async () => {
        await chart.goto(`${emr.origin}/patients/${patient.address}`);
        return overlay
          .getByRole('heading', { name: 'MediCrypt' })
          .waitFor({ timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
      },
      Boolean,
      'the overlay on the chart',
      30_000,
    );
  };

  beforeAll(async () => {
    const [medicryptDir, walletDir] = await Promise.all([ensureMediCryptBuilt(), ensureTestWalletBuilt()]);
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', `overlay_${randomBytes(4).toString('hex')}`, {
        CONFIRMATIONS: '0',
        JWT_SECRET: randomBytes(32).toString('hex'),
      }),
    );
    emr = await startEmr();
    browser = await launchWithExtensions({ medicryptDir, walletDir });
    await browser.wallet.configure({
      privateKey: PATIENT_KEY,
      chainId: fixture.deployment.chainId,
      locked: false,
      rejectNext: false,
    });
    const options = await browser.configure(relayer.url);
    await options.getByLabel('EMR site address').fill(`${emr.origin}/patients`);
    await options.getByLabel('Patient selector (optional)').fill('#patient-wallet');
    await options.getByRole('button', { name: 'Enable on this site' }).click();
    await options.getByText(`MediCrypt's overlay is on for ${emr.origin}.`).waitFor();
    await screenshot(options, 'options-emr-site');
    await options.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await relayer?.stop();
    await fixture?.stop();
    await new Promise((resolve) => emr?.server.close(resolve));
  });

  it('runs on the enabled site only', { timeout: TIMEOUT }, async () => {
    const elsewhere = await browser.context.newPage();
    await elsewhere.goto(`${relayer.url}/health/live`);
    await elsewhere.waitForTimeout(1_000);
    expect(await elsewhere.locator('medicrypt-overlay').count()).toBe(0);
    await elsewhere.close();
  });

  it('the patient keeps a record', { timeout: TIMEOUT }, async () => {
    const page = await signInAs(PATIENT_KEY);
    await page.getByRole('tab', { name: 'Records' }).click();
    await page.getByLabel('Record file').setInputFiles({
      name: 'hba1c.json',
      mimeType: 'application/fhir+json',
      buffer: Buffer.from(observation),
    });
    await page.getByRole('button', { name: 'Encrypt and upload' }).click();
    await activity(page, 'Register hba1c.json').waitFor({ timeout: 30_000 });
  });

  it('the doctor requests access from the overlay, signing through EIP-6963 in the page', {
    timeout: TIMEOUT,
  }, async () => {
    await signInAs(fixture.doctorKey);
    await openChart();
    await overlay.getByText('No access').waitFor({ timeout: 15_000 });
    expect(await overlay.textContent()).toContain('Patient');

    const form = overlay.getByRole('form', { name: 'Request access' });
    await form.getByRole('button', { name: 'Request access' }).click();
    await form.getByText('Choose at least one kind of record.').waitFor();
    await form.getByLabel('Purpose').selectOption('treatment');
    await form.getByLabel('For how long').selectOption({ label: '30 days' });

    // The first time, the wallet asks the doctor to connect the EMR's page; declined: said plainly, and nothing
    // reaches the relayer.
    await browser.wallet.configure({ rejectNext: true });
    // Keyboard only, from the overlay's first control: Tab walks its controls in reading order, each visibly
    // outlined; Space ticks a category and Enter sends the form.
    await overlay.getByRole('button', { name: 'Hide' }).focus();
    const walked: { name: string; outline: string }[] = [];
    for (let step = 0; step < 40; step += 1) {
      await chart.keyboard.press('Tab');
      const focused = await focusedInOverlay();
      if (!focused) break;
      walked.push(focused);
      if (focused.name === 'Lab results') await chart.keyboard.press('Space');
      if (focused.name === 'Request access') break;
    }
    const names = walked.map((control) => control.name);
    const order = ['Lab results', 'Purpose', 'For how long', 'Request access'].map((name) =>
      names.indexOf(name),
    );
    expect(
      order.every((index, i) => index >= 0 && (i === 0 || index > order[i - 1]!)),
      names.join(' → '),
    ).toBe(true);
    expect(walked.filter((control) => control.outline !== 'solid')).toEqual([]);
    expect(await form.getByRole('checkbox', { name: 'Lab results' }).isChecked()).toBe(true);
    await chart.keyboard.press('Enter');
    await overlay
      .getByRole('alert')
      .getByText('You declined to connect MetaMask, so nothing was shared with MediCrypt.')
      .waitFor();
    const doctorIntents = async () =>
      (
        (await (await fetch(`${relayer.url}/v1/intents?actor=${fixture.doctor.address}`)).json()) as {
          intents: unknown[];
        }
      ).intents.length;
    expect(await doctorIntents()).toBe(0);

    await form.getByRole('button', { name: 'Request access' }).click();
    await overlay.getByText('Waiting for the patient').waitFor({ timeout: 30_000 });
    await screenshot(chart, 'doctor-overlay-waiting');

    // The page's wallet signed it: the request came from the EMR's origin, not from an extension.
    const fromPage = (await browser.wallet.status()).requests.filter(
      (request) => request.sender === emr.origin,
    );
    expect(fromPage.map((request) => request.method)).toEqual(
      expect.arrayContaining(['eth_requestAccounts', 'eth_signTypedData_v4']),
    );
  });

  it('reads the patient from a QR code on another chart layout', { timeout: TIMEOUT }, async () => {
    await chart.goto(`${emr.origin}/qr/${patient.address}`);
    await overlay.locator(`[title="${patient.address}"]`).waitFor({ timeout: 15_000 });
    await overlay.getByText('Waiting for the patient').waitFor({ timeout: 15_000 });
    await screenshot(chart, 'doctor-overlay-qr');
  });

  it('the patient approves in the popup; the overlay turns to approved and the record opens decrypted in MediCrypt', {
    timeout: TIMEOUT,
  }, async () => {
    const page = await signInAs(PATIENT_KEY);
    const card = page.locator('.request-card', { has: page.locator(`[title="${fixture.doctor.address}"]`) });
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByText('Approval sent. 1 record key shared.').waitFor({ timeout: 30_000 });
    await activity(page, 'Approve access').waitFor({ timeout: 30_000 });

    await signInAs(fixture.doctorKey);
    await chart.bringToFront();
    await overlay.getByText('Access granted').waitFor({ timeout: 30_000 });
    // The background passes the relayer's live events to the tabs whose overlay spoke to it
    // (doctor/overlay-events.ts): the chart's overlay is among them and listening.
    const worker = await browser.medicryptWorker();
    const listening = await worker.evaluate(async (patientAddress) => {
      const api = (
        globalThis as unknown as {
          chrome: {
            storage: { session: { get(key: string): Promise<Record<string, number[] | undefined>> } };
            tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown> };
          };
        }
      ).chrome;
      const tabs = (await api.storage.session.get('overlayTabs')).overlayTabs ?? [];
      const message = { type: 'medicrypt:relayer-event', event: 'access.approved', patient: patientAddress };
      const delivered = await Promise.all(
        tabs.map((tabId) =>
          api.tabs.sendMessage(tabId, message).then(
            () => true,
            () => false,
          ),
        ),
      );
      return delivered.filter(Boolean).length;
    }, patient.address.toLowerCase());
    expect(listening).toBeGreaterThanOrEqual(1);
    expect(await overlay.textContent()).toContain('Lab results');
    await screenshot(chart, 'doctor-overlay-approved');

    const [viewer] = await Promise.all([
      browser.context.waitForEvent('page'),
      overlay.getByRole('button', { name: 'Open records' }).click(),
    ]);
    expect(viewer.url()).toBe(
      `chrome-extension://${browser.medicryptId}/records.html?patient=${patient.address}`,
    );
    await viewer.getByRole('button', { name: 'Open hba1c.json' }).click();
    const decrypted = viewer.getByRole('region', { name: 'Decrypted hba1c.json' });
    await decrypted.waitFor({ timeout: 30_000 });
    // Rendered for the doctor, not as JSON: the result and its value.
    const result = decrypted.getByRole('article', { name: 'Observation: HbA1c' });
    await result.waitFor();
    expect(await result.locator('.fhir-value-text').textContent()).toBe('6.1%');
    expect(await decrypted.locator('pre').count()).toBe(0);
    await screenshot(viewer, 'doctor-records-viewer');

    // The EMR page's own context (document and overlay alike) never held the plaintext.
    const inPage = await chart.evaluate(
      () =>
        document.documentElement.outerHTML +
        (document.querySelector('medicrypt-overlay')?.shadowRoot?.innerHTML ?? ''),
    );
    expect(inPage).not.toContain('HbA1c');
    await viewer.close();
  });

  it('a second request is denied; after the revocation the doctor has no access', {
    timeout: TIMEOUT,
  }, async () => {
    await overlay.getByText('Ask for more or longer access').click();
    const form = overlay.getByRole('form', { name: 'Request access' });
    await form.getByRole('checkbox', { name: 'Imaging' }).check();
    await form.getByRole('button', { name: 'Request access again' }).click();
    await overlay.getByText('Waiting for the patient').waitFor({ timeout: 30_000 });

    const page = await signInAs(PATIENT_KEY);
    const card = page.locator('.request-card', { has: page.locator(`[title="${fixture.doctor.address}"]`) });
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('Imaging');
    await card.getByRole('button', { name: 'Deny' }).click();
    await activity(page, 'Deny').waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Access' }).click();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await activity(page, 'Revoke access').waitFor({ timeout: 30_000 });

    await signInAs(fixture.doctorKey);
    await chart.bringToFront();
    await overlay.getByText('The patient declined').waitFor({ timeout: 30_000 });
    await overlay.getByText('No access').waitFor({ timeout: 30_000 });
    await screenshot(chart, 'doctor-overlay-declined');

    const viewer = await browser.context.newPage();
    await viewer.goto(`chrome-extension://${browser.medicryptId}/records.html?patient=${patient.address}`);
    await viewer.getByText("You have no access to any of this patient's records right now.").waitFor();
    await viewer.close();
  });

  it('emergency access opens at once and the patient is notified', { timeout: TIMEOUT }, async () => {
    await overlay.getByText('Emergency access (break-glass)').click();
    const form = overlay.getByRole('form', { name: 'Emergency access' });
    await form.getByRole('checkbox', { name: 'Lab results' }).check();
    await form.getByLabel('Reason').fill('Unconscious on arrival, suspected hypoglycaemia');

    // The doctor rejects the signature in the wallet: said plainly, and nothing more reaches the relayer.
    const doctorIntents = async () =>
      (
        (await (await fetch(`${relayer.url}/v1/intents?actor=${fixture.doctor.address}`)).json()) as {
          intents: unknown[];
        }
      ).intents.length;
    const sent = await doctorIntents();
    await browser.wallet.configure({ rejectNext: true });
    await form.getByRole('button', { name: 'Open emergency access' }).click();
    await overlay
      .getByRole('alert')
      .getByText('You rejected the signature request in MetaMask, so nothing was signed or sent.')
      .waitFor();
    expect(await doctorIntents()).toBe(sent);

    await form.getByRole('button', { name: 'Open emergency access' }).click();
    await overlay.getByText(/Emergency access: Lab results until/).waitFor({ timeout: 30_000 });
    await screenshot(chart, 'doctor-overlay-break-glass');

    // What the background shows is recorded as it calls chrome.notifications.create (the API gives back ids only).
    const worker = await browser.medicryptWorker();
    await worker.evaluate(() => {
      const api = (globalThis as unknown as { chrome: { notifications: ShownNotifications } }).chrome
        .notifications;
      const create = api.create.bind(api);
      api.shown = [];
      api.create = (id, options) => {
        api.shown?.push({ id, ...options });
        return create(id, options);
      };
    });
    const shown = () =>
      worker.evaluate(
        () =>
          (globalThis as unknown as { chrome: { notifications: ShownNotifications } }).chrome.notifications
            .shown ?? [],
      );
    const page = await signInAs(PATIENT_KEY);
    const [alert] = await until(
      async () => (await shown()).filter((notification) => notification.title === 'Emergency access opened'),
      (found) => found.length > 0,
      'the patient’s emergency-access notification',
      30_000,
    );
    expect(alert!.message).toMatch(/opened emergency access to lab results/i);
    expect(alert!.message).toContain('Unconscious on arrival, suspected hypoglycaemia');
    // Urgent: it stays on screen until the patient acts on it.
    expect(alert!.requireInteraction).toBe(true);
    expect(Object.keys(await notificationsShown())).toContain(alert!.id);
    await page.getByRole('tab', { name: 'Log' }).click();
    await page.getByText(/opened emergency access/).waitFor({ timeout: 15_000 });
    expect(await page.locator('main').textContent()).toContain('suspected hypoglycaemia');
    await screenshot(page, 'patient-break-glass-log');
  });

  it('turning the site off in the options removes the overlay from its pages', {
    timeout: TIMEOUT,
  }, async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.medicryptId}/options.html`);
    await options.getByRole('button', { name: `Remove ${emr.origin}` }).click();
    await options.getByText(`MediCrypt's overlay is off for ${emr.origin}.`).waitFor();
    await options.close();
    await chart.goto(`${emr.origin}/patients/${patient.address}`);
    await chart.getByRole('heading', { name: 'Chart' }).waitFor();
    await chart.waitForTimeout(1_500);
    expect(await chart.locator('medicrypt-overlay').count()).toBe(0);
  });
});
