// MediCrypt's popup against a wallet extension in real Chromium: finding the wallet, connecting, following
// account and network changes, and signing an intent over MetaMask's provider protocol.
import { categoryMask, encodeIntent, intentTypedData } from '@medicrypt/contracts';
import type { Page } from 'playwright-core';
import { type Address, verifyTypedData } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtensions, screenshot } from '../support/browser.ts';
import { ensureMediCryptBuilt, ensureTestWalletBuilt } from '../support/builds.ts';
import { interactiveMs, openTimings, reportPopupTimings } from '../support/popup-timing.ts';
import { buildWalletProbe } from './probe/build-probe.ts';
import type { ApproveAccessJson, WalletProbeScope } from './probe/wallet-probe.ts';

// anvil's first two well-known development keys: public test keys, never funded outside local chains.
const PATIENT_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const OTHER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const patient = privateKeyToAccount(PATIENT_KEY);
const otherAccount = privateKeyToAccount(OTHER_KEY);
const CHAIN_ID = 11155111;
const context = { chainId: CHAIN_ID, forwarder: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address };
const TIMEOUT = 120_000;

describe('MediCrypt popup with a wallet in Chromium', () => {
  let browser: ExtensionBrowser;
  let popup: Page;
  let probe: string;
  const timings: Record<string, number[]> = {};

  beforeAll(async () => {
    const [medicryptDir, walletDir, probeSource] = await Promise.all([
      ensureMediCryptBuilt(),
      ensureTestWalletBuilt(),
      buildWalletProbe(),
    ]);
    probe = probeSource;
    browser = await launchWithExtensions({ medicryptDir, walletDir });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    reportPopupTimings('wallet', timings);
  });

  it('says MetaMask is missing while the configured wallet is not installed', {
    timeout: TIMEOUT,
  }, async () => {
    popup = await browser.openPopup();
    await popup.getByRole('heading', { name: 'MetaMask not found' }).waitFor();
    expect(await popup.getByRole('button', { name: 'Try again' }).isEnabled()).toBe(true);
    timings['wallet missing'] = await openTimings(popup, browser.openPopup, (page) =>
      page.getByRole('heading', { name: 'MetaMask not found' }).waitFor(),
    );
    await screenshot(popup, 'popup-wallet-missing');
  });

  it('uses the wallet extension id saved in settings', { timeout: TIMEOUT }, async () => {
    await browser.wallet.configure({ privateKey: null, chainId: CHAIN_ID, locked: true, rejectNext: false });
    const options = await browser.openOptions();
    const idField = options.getByLabel('MetaMask extension id');
    await idField.fill('not-an-id');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('An extension id is 32 letters').waitFor();
    expect(await idField.getAttribute('aria-invalid')).toBe('true');
    await screenshot(options, 'options-invalid-id');

    await idField.fill(browser.walletId);
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Settings saved.').waitFor();
    await screenshot(options, 'options-saved');
    await options.close();

    // The open popup follows the settings change and finds the wallet, which has no account yet.
    await popup.getByRole('heading', { name: 'Connect your wallet' }).waitFor();
  });

  it('connects after a declined request, telling the user nothing was shared', {
    timeout: TIMEOUT,
  }, async () => {
    await browser.wallet.configure({ privateKey: PATIENT_KEY, rejectNext: true });
    await popup.reload();
    const connect = popup.getByRole('button', { name: 'Connect wallet' });
    await connect.waitFor();
    // Measured once: opening the popup again here would spend the wallet's one declined request.
    timings.disconnected = [await interactiveMs(popup)];
    await screenshot(popup, 'popup-disconnected');

    // Keyboard only: Tab reaches the button past the header's Settings, focus is visibly outlined, Enter acts.
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate('document.activeElement.textContent')).toBe('Connect wallet');
    expect(await popup.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    await popup.keyboard.press('Enter');
    await popup.getByRole('alert').getByText('You declined to connect MetaMask').waitFor();
    await screenshot(popup, 'popup-connect-declined');

    await connect.click();
    await popup.getByText('Connected').waitFor();
    await popup.locator(`[title="${patient.address}"]`).waitFor();
    expect(await popup.getByRole('alert').count()).toBe(0);
    await screenshot(popup, 'popup-connected');
    // Nothing spills sideways at the popup's 360px width.
    expect(await popup.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect((await browser.wallet.status()).permitted).toContain(browser.medicryptId);
  });

  it('offers to switch when the wallet moves to another network', { timeout: TIMEOUT }, async () => {
    await browser.wallet.configure({ chainId: 1 });
    await popup.getByText('Wrong network.').waitFor();
    await popup.getByText('MetaMask is on Ethereum (chain 1)').waitFor();
    await screenshot(popup, 'popup-wrong-network');

    await popup.getByRole('button', { name: 'Switch to Local Anvil' }).click();
    await popup.getByText('Connected').waitFor();
    expect((await browser.wallet.status()).chainId).toBe(CHAIN_ID);
  });

  it('follows account changes and locking in the wallet', { timeout: TIMEOUT }, async () => {
    await browser.wallet.configure({ privateKey: OTHER_KEY });
    await popup.locator(`[title="${otherAccount.address}"]`).waitFor();

    await browser.wallet.configure({ locked: true });
    await popup.getByRole('heading', { name: 'Connect your wallet' }).waitFor();

    await browser.wallet.configure({ privateKey: PATIENT_KEY, locked: false });
    await popup.locator(`[title="${patient.address}"]`).waitFor();
  });

  it('opens straight into the connected state once the wallet is connected', {
    timeout: TIMEOUT,
  }, async () => {
    const fresh = await browser.openPopup();
    await fresh.getByText('Connected').waitFor();
    timings.connected = await openTimings(fresh, browser.openPopup, (page) =>
      page.getByText('Connected').waitFor(),
    );
    await fresh.close();
  });

  describe('signing an approveAccess intent over the provider', () => {
    const message: ApproveAccessJson = {
      actor: patient.address,
      patient: patient.address,
      grantee: otherAccount.address,
      categories: categoryMask(['lab', 'imaging']).toString(),
      expiresAt: 2_000_000_000,
      nonce: 0,
      deadline: 1_900_000_000,
    };
    const typedMessage = { ...message, categories: BigInt(message.categories) };

    const sign = async () => {
      await popup.evaluate(probe);
      return popup.evaluate(
        (parameters) => (globalThis as WalletProbeScope).walletProbe.signApproveAccess(parameters),
        { extensionId: browser.walletId, account: patient.address, context, message },
      );
    };

    it('returns a signature that recovers to the wallet account', { timeout: TIMEOUT }, async () => {
      const result = await sign();
      if (!result.ok) throw new Error(`signing failed: ${result.error.message}`);
      const { signature, data, chainId, forwarder } = result.value;
      expect({ chainId, forwarder }).toEqual(context);
      expect(data).toBe(encodeIntent('approveAccess', typedMessage));
      const valid = await verifyTypedData({
        address: patient.address,
        ...intentTypedData(context, 'approveAccess', typedMessage),
        signature,
      } as Parameters<typeof verifyTypedData>[0]);
      expect(valid).toBe(true);
      const last = (await browser.wallet.status()).requests.at(-1);
      expect(last).toEqual({ method: 'eth_signTypedData_v4', sender: browser.medicryptId, outcome: 'ok' });
    });

    it('turns a rejection into a clear, typed error', { timeout: TIMEOUT }, async () => {
      await browser.wallet.configure({ rejectNext: true });
      const result = await sign();
      expect(result).toEqual({
        ok: false,
        error: {
          name: 'UserRejectedRequestError',
          code: 'USER_REJECTED',
          message: 'You rejected the signature request in MetaMask, so nothing was signed or sent.',
        },
      });
    });

    it('refuses before prompting when the wallet is on another chain', { timeout: TIMEOUT }, async () => {
      await browser.wallet.configure({ chainId: 1 });
      const before = (await browser.wallet.status()).requests.length;
      const result = await sign();
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('WRONG_NETWORK');
      const methods = (await browser.wallet.status()).requests.slice(before).map((request) => request.method);
      expect(methods).not.toContain('eth_signTypedData_v4');
      await browser.wallet.configure({ chainId: CHAIN_ID });
    });
  });
});
