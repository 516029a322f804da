// Runs before every extension test file.
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installFakeScripting } from './fake-scripting.ts';

// React's act() warns unless told it runs in a test environment.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeEach(() => {
  fakeBrowser.reset();
  installFakeScripting();
});

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});
