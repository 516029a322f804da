// MetaMask's id per browser must be MetaMask's own (as its @metamask/providers package lists them), each browser's
// id format must be accepted there and refused elsewhere, and a Chromium build must find MetaMask in Edge.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  currentBrowser,
  defaultMetaMaskId,
  extensionIdFormat,
  isExtensionId,
  metamaskExtensionIds,
  walletIdsToTry,
} from './metamask-extension-ids.ts';

/** The ids createExternalExtensionProvider('stable') resolves per browser (not exported by the package). */
const providersDir = dirname(createRequire(import.meta.url).resolve('@metamask/providers/package.json'));
const metamaskConfig = JSON.parse(
  readFileSync(join(providersDir, 'dist', 'extension-provider', 'external-extension-config.json'), 'utf8'),
) as {
  chromeIds: { stable: string };
  edgeChromiumIds: { stable: string };
  firefoxIds: { stable: string };
};

const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const EDGE_UA = `${CHROME_UA} Edg/140.0.0.0`;

describe('MetaMask’s extension ids', () => {
  it('are the ones MetaMask’s own provider package uses in Chrome, Edge and Firefox', () => {
    expect(metamaskExtensionIds).toEqual({
      chrome: metamaskConfig.chromeIds.stable,
      edge: metamaskConfig.edgeChromiumIds.stable,
      firefox: metamaskConfig.firefoxIds.stable,
    });
  });

  it('tells the browser from the build target, and Edge from a Chromium build’s user agent', () => {
    expect(currentBrowser('chrome', CHROME_UA)).toBe('chrome');
    expect(currentBrowser('chrome', EDGE_UA)).toBe('edge');
    expect(currentBrowser('edge', CHROME_UA)).toBe('edge');
    expect(
      currentBrowser('firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'),
    ).toBe('firefox');
  });

  it('defaults to each browser’s store MetaMask', () => {
    expect(defaultMetaMaskId('chrome')).toBe('nkbihfbeogaeaoehlefnkodbefgpgknn');
    expect(defaultMetaMaskId('edge')).toBe('ejbalbakoplchlghecdalmeeeajnimhm');
    expect(defaultMetaMaskId('firefox')).toBe('webextension@metamask.io');
  });

  it('tries the Chrome Web Store’s MetaMask in Edge after Edge’s own, and only a configured id otherwise', () => {
    expect(walletIdsToTry(defaultMetaMaskId('edge'), 'edge')).toEqual([
      'ejbalbakoplchlghecdalmeeeajnimhm',
      'nkbihfbeogaeaoehlefnkodbefgpgknn',
    ]);
    expect(walletIdsToTry(defaultMetaMaskId('chrome'), 'chrome')).toEqual([
      'nkbihfbeogaeaoehlefnkodbefgpgknn',
    ]);
    expect(walletIdsToTry('webextension@metamask.io', 'firefox')).toEqual(['webextension@metamask.io']);
    const developmentBuild = 'eadifchkbnlbcnknghnecahphkekplda';
    expect(walletIdsToTry(developmentBuild, 'edge')).toEqual([developmentBuild]);
  });

  it.each([
    ['chrome', 'nkbihfbeogaeaoehlefnkodbefgpgknn', true],
    ['edge', 'ejbalbakoplchlghecdalmeeeajnimhm', true],
    ['chrome', 'webextension@metamask.io', false],
    ['chrome', 'NKBIHFBEOGAEAOEHLEFNKODBEFGPGKNN', false],
    ['chrome', 'nkbihfbeogaeaoehlefnkodbefgpgkn', false],
    ['chrome', 'zkbihfbeogaeaoehlefnkodbefgpgknn', false],
    ['firefox', 'webextension@metamask.io', true],
    ['firefox', 'webextension-flask@metamask.io', true],
    ['firefox', '{d4b4b1f0-5c1a-4f0e-9b51-0e7d1c3a2b9f}', true],
    ['firefox', 'nkbihfbeogaeaoehlefnkodbefgpgknn', false],
    ['firefox', 'd4b4b1f0-5c1a-4f0e-9b51-0e7d1c3a2b9f', false],
    ['firefox', 'web extension@metamask.io', false],
    ['firefox', `${'a'.repeat(70)}@metamask.io`, false],
  ] as const)('in %s, %s is an extension id: %s', (browser, id, valid) => {
    expect(isExtensionId(id, browser)).toBe(valid);
  });

  it('explains each browser’s id format', () => {
    expect(extensionIdFormat('chrome')).toContain('chrome://extensions');
    expect(extensionIdFormat('edge')).toContain('edge://extensions');
    expect(extensionIdFormat('firefox')).toContain('webextension@metamask.io');
  });
});
