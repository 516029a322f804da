import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clearRelayerSession } from '../../relayer/relayer-session.ts';
import { defaultSettings, getSettings, updateSettings } from '../../settings/settings.ts';
import { FakeRelayer } from '../../testing/fake-relayer.ts';
import { signedIn } from '../../testing/patient-fixture.ts';
import background, { KEEPALIVE_ALARM } from './index.ts';

type RemovedListener = (permissions: { origins?: string[] }) => void;

function startBackground() {
  let onRemoved: RemovedListener | undefined;
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation((listener) => {
    onRemoved = listener as RemovedListener;
  });
  background.main();
  return { revoke: (origins: string[]) => onRemoved?.({ origins }) };
}

describe('background', () => {
  it('stores the default settings on install', async () => {
    startBackground();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await vi.waitFor(async () =>
      expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(defaultSettings),
    );
  });

  it('keeps the user’s settings on update', async () => {
    await updateSettings({ network: 'sepolia' });
    startBackground();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.1' });
    expect((await getSettings()).network).toBe('sepolia');
  });

  it('drops an EMR site when its host permission is revoked elsewhere', async () => {
    await updateSettings({ emrSites: ['https://emr.example.org'] });
    const { revoke } = startBackground();
    revoke(['https://emr.example.org/*']);
    await vi.waitFor(async () => expect((await getSettings()).emrSites).toEqual([]));
  });
});

describe('background notifications', () => {
  it('wakes twice a minute to keep the notification stream up', async () => {
    startBackground();
    await vi.waitFor(async () =>
      expect(await fakeBrowser.alarms.get(KEEPALIVE_ALARM)).toMatchObject({ periodInMinutes: 0.5 }),
    );
  });

  it('opens the stream when the patient signs in and closes it when they sign out', async () => {
    const relayer = new FakeRelayer();
    const opened: AbortSignal[] = [];
    relayer.overrides.set('GET /v1/notifications/stream', (request) => {
      opened.push(request.signal);
      // Open until the listener lets go of it.
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('event: ready\ndata: {"after":"0"}\n\n'));
            request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
          },
        }),
      );
    });
    vi.stubGlobal('fetch', relayer.fetch);
    try {
      startBackground();
      await signedIn(relayer, privateKeyToAccount(generatePrivateKey()), { unlocked: false });
      await vi.waitFor(() => expect(opened).toHaveLength(1));
      expect(opened[0]!.aborted).toBe(false);

      await clearRelayerSession();
      await vi.waitFor(() => expect(opened[0]!.aborted).toBe(true));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
