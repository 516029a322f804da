// Runs before every extension test file.
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import config from '../wxt.config.ts';
import { installFakeScripting } from './fake-scripting.ts';

// React's act() warns unless told it runs in a test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The Chrome manifest the build writes from wxt.config.ts (the fake browser has none of its own). */
const manifest = (config.manifest as (env: { browser: string }) => Record<string, unknown>)({
  browser: 'chrome',
});

beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue(manifest as never);
});

afterEach(() => {
  vi.restoreAllMocks();
  // Background code is tested in Node (`@vitest-environment node`), where there is no document.
  globalThis.document?.body.replaceChildren();
});
