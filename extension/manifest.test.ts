// What the extension asks for at install: nothing on the web at large. EMR sites and a remote relayer are
// optional host permissions, granted one origin at a time from a click.
import { describe, expect, it } from 'vitest';
import config from './wxt.config.ts';

const manifestFor = (browser: 'chrome' | 'firefox') =>
  (config.manifest as (env: { browser: string }) => Record<string, unknown>)({ browser });

describe('manifest', () => {
  it('holds host permissions for this machine only, and no content script on every page', () => {
    for (const browser of ['chrome', 'firefox'] as const) {
      const manifest = manifestFor(browser);
      const hosts = manifest.host_permissions as string[];
      expect(hosts.every((pattern) => /^http:\/\/(127\.0\.0\.1|localhost)\/\*$/.test(pattern))).toBe(true);
      expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
      expect(manifest.content_scripts).toBeUndefined();
      expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    }
  });

  it('names the Firefox add-on, declares what it collects, and pins the Chrome extension id', () => {
    expect(manifestFor('firefox').browser_specific_settings).toEqual({
      gecko: {
        id: 'extension@medicrypt',
        data_collection_permissions: { required: ['healthInfo', 'authenticationInfo', 'websiteContent'] },
      },
    });
    expect(manifestFor('chrome').browser_specific_settings).toBeUndefined();
    expect(manifestFor('chrome').key).toEqual(expect.any(String));
  });
});
