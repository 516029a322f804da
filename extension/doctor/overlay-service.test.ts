import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RELAYER_EVENT_MESSAGE } from '../notifications/relayer-event-message.ts';
import { relayerSessionItem } from '../relayer/relayer-session.ts';
import { updateSettings } from '../settings/settings.ts';
import { tellOverlays } from './overlay-events.ts';
import { answerOverlay } from './overlay-service.ts';

const EMR = 'https://emr.example.org';
const fromEmr = { id: browser.runtime.id, origin: EMR, url: `${EMR}/patients/1`, tab: { id: 3 } };

describe('the background’s answers to the overlay', () => {
  it('answers only content scripts on enabled EMR sites (and MediCrypt’s own pages)', async () => {
    await updateSettings({ emrSites: [EMR] });
    const ask = { type: 'medicrypt:overlay', op: 'session', request: {} } as const;
    expect(await answerOverlay(ask, fromEmr)).toEqual({ ok: true, value: null });
    expect(await answerOverlay(ask, { id: browser.runtime.id })).toEqual({ ok: true, value: null });
    for (const sender of [
      { ...fromEmr, origin: 'https://evil.example', url: 'https://evil.example/' },
      { ...fromEmr, id: 'another-extension' },
    ])
      expect(await answerOverlay(ask, sender)).toMatchObject({
        ok: false,
        error: { code: 'SITE_NOT_ENABLED' },
      });
  });

  it('tells the relayer’s live events to the tabs of overlays it answered, not of pages it refused', async () => {
    await updateSettings({ emrSites: [EMR] });
    const ask = { type: 'medicrypt:overlay', op: 'session', request: {} } as const;
    await answerOverlay(ask, fromEmr);
    await answerOverlay(ask, {
      ...fromEmr,
      origin: 'https://evil.example',
      url: 'https://evil.example/',
      tab: { id: 4 },
    });
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    await tellOverlays({ type: RELAYER_EVENT_MESSAGE, event: 'access.approved', patient: '0x01' });
    expect(sent.mock.calls.map(([tabId]) => tabId)).toEqual([3]);
  });

  it('says who is signed in, never the tokens', async () => {
    await updateSettings({ emrSites: [EMR], relayerUrl: 'http://127.0.0.1:8787' });
    await relayerSessionItem.setValue({
      relayerUrl: 'http://127.0.0.1:8787',
      account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      accessToken: 'secret-access',
      refreshToken: 'secret-refresh',
      accessTokenExpiresAt: Date.now() + 60_000,
      credentials: ['doctor'],
    });
    const reply = await answerOverlay({ type: 'medicrypt:overlay', op: 'session', request: {} }, fromEmr);
    expect(reply).toEqual({
      ok: true,
      value: {
        account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        credentials: ['doctor'],
        network: 'local',
        relayerUrl: 'http://127.0.0.1:8787',
      },
    });
    expect(JSON.stringify(reply)).not.toContain('secret');
  });

  it('passes the relayer’s error code and message through', async () => {
    await updateSettings({ emrSites: [EMR] });
    const reply = await answerOverlay(
      {
        type: 'medicrypt:overlay',
        op: 'standing',
        request: { patient: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' },
      },
      fromEmr,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
  });
});
