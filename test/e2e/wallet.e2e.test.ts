// MediCrypt's popup against a wallet extension in real Chromium: finding the wallet, connecting, following
// account and network changes, and signing an intent over MetaMask's provider protocol.
import { categoryMask, createSignInMessage, encodeIntent, intentTypedData } from '@medicrypt/contracts';
import type { Page } from 'playwright-core';
import { type Address, stringToHex, verifyMessage, verifyTypedData } from 'viem';
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
    // The wallet names the popup as MetaMask does: by its origin.
    expect((await browser.wallet.status()).permitted).toContain(`chrome-extension://${browser.medicryptId}`);
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
      expect(last).toEqual({
        method: 'eth_signTypedData_v4',
        sender: `chrome-extension://${browser.medicryptId}`,
        outcome: 'ok',
      });
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

  describe('the wallet is as strict as MetaMask', () => {
    const request = async (method: string, params?: unknown[]) => {
      await popup.evaluate(probe);
      return popup.evaluate(
        (parameters) => (globalThis as WalletProbeScope).walletProbe.request(parameters),
        { extensionId: browser.walletId, method, params },
      );
    };
    const lastRequest = async () => (await browser.wallet.status()).requests.at(-1);

    it('flags the old sign-in message (the relayer’s host, asked from the popup) and signs the new one', {
      timeout: TIMEOUT,
    }, async () => {
      const old = createSignInMessage({
        domain: '127.0.0.1:8787',
        uri: 'http://127.0.0.1:8787',
        address: patient.address,
        chainId: CHAIN_ID,
        nonce: 'a1b2c3d4e5f60718',
        issuedAt: new Date(),
        statement: 'Sign in to MediCrypt. This costs no gas and sends no transaction.',
      });
      const flagged = await request('personal_sign', [stringToHex(old), patient.address]);
      expect(flagged.ok).toBe(false);
      if (!flagged.ok) expect(flagged.error.message).toContain('Suspicious sign-in request');
      expect(await lastRequest()).toMatchObject({ method: 'personal_sign', outcome: 'flagged' });

      await popup.evaluate(probe);
      const current = await popup.evaluate(
        (parameters) => (globalThis as WalletProbeScope).walletProbe.signInMessage(parameters),
        { account: patient.address, chainId: CHAIN_ID, nonce: 'a1b2c3d4e5f60718' },
      );
      expect(current.startsWith(`${browser.medicryptId} wants you to sign in`)).toBe(true);
      const signed = await request('personal_sign', [stringToHex(current), patient.address]);
      if (!signed.ok) throw new Error(`the new sign-in was refused: ${signed.error.message}`);
      expect(
        await verifyMessage({
          address: patient.address,
          message: current,
          signature: signed.value as `0x${string}`,
        }),
      ).toBe(true);
    });

    it('flags a sign-in for another account than the signer', { timeout: TIMEOUT }, async () => {
      const message = createSignInMessage({
        domain: browser.medicryptId,
        uri: `chrome-extension://${browser.medicryptId}/popup.html`,
        address: otherAccount.address,
        chainId: CHAIN_ID,
        nonce: 'a1b2c3d4e5f60718',
        issuedAt: new Date(),
        statement: 'Sign in',
      });
      const result = await request('personal_sign', [stringToHex(message), patient.address]);
      expect(result.ok).toBe(false);
      expect(await lastRequest()).toMatchObject({ outcome: 'flagged' });
    });

    it('refuses typed data for another chain than the origin’s, and data outside the EIP-712 schema', {
      timeout: TIMEOUT,
    }, async () => {
      const typed = (chainId: number) =>
        JSON.stringify({
          types: {
            EIP712Domain: [
              { name: 'name', type: 'string' },
              { name: 'chainId', type: 'uint256' },
            ],
            Note: [{ name: 'text', type: 'string' }],
          },
          primaryType: 'Note',
          domain: { name: 'MediCrypt', chainId },
          message: { text: 'hello' },
        });
      const other = await request('eth_signTypedData_v4', [patient.address, typed(1)]);
      expect(other).toEqual({
        ok: false,
        error: { code: -32602, message: `Provided chainId "1" must match the active chainId "${CHAIN_ID}"` },
      });
      const malformed = await request('eth_signTypedData_v4', [
        patient.address,
        JSON.stringify({ message: {} }),
      ]);
      expect(malformed.ok).toBe(false);
      if (!malformed.ok) expect(malformed.error.message).toContain('EIP-712 schema');
      const good = await request('eth_signTypedData_v4', [patient.address, typed(CHAIN_ID)]);
      expect(good.ok).toBe(true);
    });

    it('answers 4902 for a chain it does not know, and validates wallet_addEthereumChain as MetaMask', {
      timeout: TIMEOUT,
    }, async () => {
      const unknown = await request('wallet_switchEthereumChain', [{ chainId: '0x539' }]);
      expect(unknown.ok).toBe(false);
      if (!unknown.ok) expect(unknown.error.code).toBe(4902);
      const local = { chainId: '0x539', chainName: 'Local', rpcUrls: ['http://127.0.0.1:8545'] };
      for (const params of [
        local, // no blockExplorerUrls, no nativeCurrency
        { ...local, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } },
        {
          ...local,
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          blockExplorerUrls: ['http://x.example'],
        },
        {
          ...local,
          rpcUrls: ['http://rpc.example'],
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          blockExplorerUrls: null,
        },
        {
          ...local,
          chainId: '0x0539',
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          blockExplorerUrls: null,
        },
      ]) {
        const refused = await request('wallet_addEthereumChain', [params]);
        expect(refused.ok, JSON.stringify(params)).toBe(false);
        if (!refused.ok) expect(refused.error.code).toBe(-32602);
      }
      const added = await request('wallet_addEthereumChain', [
        {
          ...local,
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
          blockExplorerUrls: ['https://explorer.example'],
        },
      ]);
      expect(added).toEqual({ ok: true, value: null });
      expect(await request('eth_chainId')).toEqual({ ok: true, value: '0x539' });
      // What MediCrypt itself sends for each of its networks passes MetaMask's validation.
      await popup.evaluate(probe);
      const ours = await popup.evaluate(() =>
        (globalThis as WalletProbeScope).walletProbe.addChainParameters(),
      );
      expect(ours.length).toBeGreaterThan(0);
      for (const params of ours)
        expect(await request('wallet_addEthereumChain', [params]), JSON.stringify(params)).toEqual({
          ok: true,
          value: null,
        });
      expect(
        await request('wallet_switchEthereumChain', [{ chainId: `0x${CHAIN_ID.toString(16)}` }]),
      ).toEqual({
        ok: true,
        value: null,
      });
    });

    it('keeps a network per origin', { timeout: TIMEOUT }, async () => {
      const popupOrigin = `chrome-extension://${browser.medicryptId}`;
      // Another site moves to Ethereum; the popup's origin stays where it was.
      await browser.wallet.configure({ originChainIds: { 'https://other.example': 1 } });
      expect((await browser.wallet.status()).originChains).toMatchObject({
        'https://other.example': 1,
        [popupOrigin]: CHAIN_ID,
      });
      expect(await request('eth_chainId')).toEqual({ ok: true, value: `0x${CHAIN_ID.toString(16)}` });
    });
  });
});
