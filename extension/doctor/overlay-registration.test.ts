import { describe, expect, it } from 'vitest';
import { installFakeScripting } from '../testing/fake-scripting.ts';
import { OVERLAY_SCRIPT_ID, PAGE_WALLET_SCRIPT_ID, registerOverlay } from './overlay-registration.ts';

describe('where the overlay runs', () => {
  it('on exactly the enabled sites: the bridge in the page’s world first, the overlay isolated', async () => {
    const registered = installFakeScripting();
    await registerOverlay(['https://emr.example.org', 'http://127.0.0.1:3000']);
    expect(registered.get(PAGE_WALLET_SCRIPT_ID)).toMatchObject({
      matches: ['https://emr.example.org/*', 'http://127.0.0.1:3000/*'],
      world: 'MAIN',
      runAt: 'document_start',
    });
    expect(registered.get(OVERLAY_SCRIPT_ID)).toMatchObject({
      matches: ['https://emr.example.org/*', 'http://127.0.0.1:3000/*'],
      js: ['content-scripts/emr-overlay.js'],
    });
    expect(registered.get(OVERLAY_SCRIPT_ID)?.world).toBeUndefined();

    // A change replaces the registration; no site leaves nothing registered.
    await registerOverlay(['https://emr.example.org']);
    expect(registered.get(OVERLAY_SCRIPT_ID)?.matches).toEqual(['https://emr.example.org/*']);
    await registerOverlay([]);
    expect(registered.size).toBe(0);
  });
});
