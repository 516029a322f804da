// What the extension asks for at install: nothing on the web at large. EMR sites and a remote relayer are
// optional host permissions, granted one origin at a time from a click. The development and test build also
// reaches a relayer on this machine and pins its Chrome id; the store packages carry neither.
import { describe, expect, it } from 'vitest';
import { manifestAdditions } from './wxt.config.ts';

type Browser = 'chrome' | 'edge' | 'firefox';
const manifestFor = (browser: Browser, store = false): Record<string, unknown> =>
  manifestAdditions(browser, { store });
const browsers: Browser[] = ['chrome', 'edge', 'firefox'];

describe('manifest', () => {
  it.each(browsers)(
    'holds host permissions for this machine only, and no content script on every page (%s)',
    (browser) => {
      const manifest = manifestFor(browser);
      const hosts = manifest.host_permissions as string[];
      expect(hosts).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
      expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
      expect(manifest.content_scripts).toBeUndefined();
      expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    },
  );

  it('names the Firefox add-on, declares what it collects, and pins the Chrome extension id', () => {
    expect(manifestFor('firefox').browser_specific_settings).toEqual({
      gecko: {
        id: 'extension@medicrypt',
        data_collection_permissions: { required: ['healthInfo', 'authenticationInfo', 'websiteContent'] },
      },
    });
    expect(manifestFor('firefox').key).toBeUndefined();
    expect(manifestFor('chrome').browser_specific_settings).toBeUndefined();
    expect(manifestFor('chrome').key).toEqual(expect.any(String));
  });

  it.each(browsers)(
    'store package for %s: no key, no host granted at install, the rest unchanged',
    (browser) => {
      const store = manifestFor(browser, true);
      expect(store.key).toBeUndefined();
      expect(store.host_permissions).toBeUndefined();
      expect(store.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
      const { key: _key, host_permissions: _hosts, ...rest } = manifestFor(browser);
      expect(store).toEqual(rest);
    },
  );
});
