// Each page MediCrypt signs in from, run through MetaMask's own checks (@metamask/controller-utils: detectSIWE,
// then isValidSIWEOrigin with the origin MetaMask assigns the request) and through the relayer's (strict parse,
// configured origins). A sign-in MetaMask would flag must not be what we send, and one the relayer accepts must
// not be one a phishing page could have obtained.
import { createSignInMessage, signInTarget } from '@medicrypt/contracts';
import { detectSIWE, isValidSIWEOrigin, type WrappedSIWERequest } from '@metamask/controller-utils';
import { stringToHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { DEV_EXTENSION_ID } from '../config.ts';
import { publicWebOrigins, SignInOrigins } from './sign-in-origins.ts';
import { parseSignInMessage } from './siwe-message.ts';

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
// Store ids have the same form as the dev id: 32 letters a–p. These stand for the Chrome and Edge listings.
const CHROME_STORE_ID = 'mdkcoclgjdcefdemofnfkbhnhkcbnhhe';
const EDGE_STORE_ID = 'jbmfgokabhbhpjhkdenaoeacimbngeck';
const FIREFOX_UUID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const RELAYER = 'https://relayer.example';

const origins = new SignInOrigins({
  webOrigins: () => [RELAYER],
  extensionIds: [CHROME_STORE_ID, EDGE_STORE_ID, DEV_EXTENSION_ID],
  firefoxExtensions: true,
});

function messageFor(pageUrl: string, overrides: { domain?: string; uri?: string } = {}) {
  return createSignInMessage({
    ...signInTarget(pageUrl),
    ...overrides,
    address: account.address,
    chainId: 11155111,
    nonce: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    issuedAt: new Date('2026-12-07T10:00:00.000Z'),
    expirationTime: new Date('2026-12-07T10:10:00.000Z'),
    statement: 'Sign in to MediCrypt. This costs no gas and sends no transaction.',
  });
}

/** What MetaMask does with a personal_sign from `origin`: is it SIWE, and does its domain match the origin? */
function metamaskSees(origin: string, message: string) {
  const siwe = detectSIWE({ data: stringToHex(message) });
  const request = { origin, from: account.address, siwe } as unknown as WrappedSIWERequest;
  return { isSIWE: siwe.isSIWEMessage, alert: !isValidSIWEOrigin(request) };
}

const pages = [
  { name: 'the popup in Chrome (store id)', url: `chrome-extension://${CHROME_STORE_ID}/popup.html` },
  {
    name: 'the research workspace in Edge (store id)',
    url: `chrome-extension://${EDGE_STORE_ID}/research.html`,
  },
  { name: 'the popup of the development build', url: `chrome-extension://${DEV_EXTENSION_ID}/popup.html` },
  { name: 'the popup in Firefox (per-install uuid)', url: `moz-extension://${FIREFOX_UUID}/popup.html` },
  { name: 'the operator console (the relayer’s origin)', url: `${RELAYER}/console` },
  { name: 'the console of a local relayer', url: 'http://127.0.0.1:8787/console', local: true },
];

describe('sign-in from each page MediCrypt signs in from', () => {
  it.each(pages)(
    '$name: MetaMask detects SIWE and raises no alert; the relayer accepts it',
    ({ url, local }) => {
      const message = messageFor(url);
      const origin = `${new URL(url).protocol}//${new URL(url).host}`;
      expect(metamaskSees(origin, message)).toEqual({ isSIWE: true, alert: false });
      const fields = parseSignInMessage(message);
      const relayer = local
        ? new SignInOrigins({
            webOrigins: () => ['http://127.0.0.1:8787'],
            extensionIds: [],
            firefoxExtensions: false,
          })
        : origins;
      expect(relayer.check(fields)).toBeTypeOf('string');
    },
  );

  it('the old message (the relayer’s host, asked from the extension page) is flagged by MetaMask', () => {
    const old = messageFor(RELAYER, {});
    expect(metamaskSees(`chrome-extension://${CHROME_STORE_ID}`, old)).toEqual({ isSIWE: true, alert: true });
    expect(metamaskSees(`moz-extension://${FIREFOX_UUID}`, old)).toEqual({ isSIWE: true, alert: true });
  });

  it('a phishing page cannot get a message the relayer accepts without MetaMask’s alert', () => {
    const phisher = 'https://evil.example';
    // Naming its own origin: MetaMask is silent, the relayer refuses it.
    const own = parseSignInMessage(messageFor(`${phisher}/login`));
    expect(() => origins.check(own)).toThrow(expect.objectContaining({ code: 'SIWE_DOMAIN_MISMATCH' }));
    // Naming each origin the relayer accepts: MetaMask alerts on every one.
    for (const { url } of pages.filter((page) => !page.local))
      expect(metamaskSees(phisher, messageFor(url)).alert, url).toBe(true);
  });

  it('refuses a URI at another origin than the domain, and a scheme that is not the domain’s', () => {
    const stray = parseSignInMessage(
      messageFor(`chrome-extension://${CHROME_STORE_ID}/popup.html`, { uri: 'https://evil.example/' }),
    );
    expect(() => origins.check(stray)).toThrow(expect.objectContaining({ code: 'SIWE_URI_MISMATCH' }));
    const otherExtension = parseSignInMessage(
      messageFor(`chrome-extension://${CHROME_STORE_ID}/popup.html`, {
        uri: `chrome-extension://${EDGE_STORE_ID}/popup.html`,
      }),
    );
    expect(() => origins.check(otherExtension)).toThrow(
      expect.objectContaining({ code: 'SIWE_URI_MISMATCH' }),
    );
    const webUriForExtension = parseSignInMessage(
      messageFor(`chrome-extension://${CHROME_STORE_ID}/popup.html`, { uri: `${RELAYER}/` }),
    );
    expect(() => origins.check(webUriForExtension)).toThrow(
      expect.objectContaining({ code: 'SIWE_URI_MISMATCH' }),
    );
    expect(() =>
      origins.check({ scheme: 'http', domain: 'relayer.example', uri: `${RELAYER}/console` }),
    ).toThrow(expect.objectContaining({ code: 'SIWE_DOMAIN_MISMATCH' }));
    expect(() =>
      origins.check({ scheme: undefined, domain: 'relayer.example', uri: 'https://user@relayer.example/' }),
    ).toThrow(expect.objectContaining({ code: 'SIWE_URI_MISMATCH' }));
  });

  it('refuses an extension id it is not configured for, and Firefox pages when they are turned off', () => {
    const unknown = parseSignInMessage(
      messageFor('chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html'),
    );
    expect(() => origins.check(unknown)).toThrow(expect.objectContaining({ code: 'SIWE_DOMAIN_MISMATCH' }));
    const noFirefox = new SignInOrigins({
      webOrigins: () => [RELAYER],
      extensionIds: [],
      firefoxExtensions: false,
    });
    const firefox = parseSignInMessage(messageFor(`moz-extension://${FIREFOX_UUID}/popup.html`));
    expect(() => noFirefox.check(firefox)).toThrow(expect.objectContaining({ code: 'SIWE_DOMAIN_MISMATCH' }));
    // A uuid-shaped domain is a Firefox page only with a moz-extension URI.
    const disguised = parseSignInMessage(
      messageFor(`moz-extension://${FIREFOX_UUID}/popup.html`, { uri: `https://${FIREFOX_UUID}/` }),
    );
    expect(() => origins.check(disguised)).toThrow(expect.objectContaining({ code: 'SIWE_URI_MISMATCH' }));
  });
});

describe('publicWebOrigins', () => {
  it('is RELAYER_PUBLIC_URL when set, else the listening address (and localhost beside 127.0.0.1)', () => {
    expect(publicWebOrigins('https://relayer.example', 'http://127.0.0.1:8787')).toEqual([RELAYER]);
    expect(publicWebOrigins(undefined, 'http://127.0.0.1:8787')).toEqual([
      'http://127.0.0.1:8787',
      'http://localhost:8787',
    ]);
    expect(publicWebOrigins(undefined, 'http://10.0.0.5:80')).toEqual(['http://10.0.0.5']);
    expect(publicWebOrigins(undefined, undefined)).toEqual([]);
  });
});
