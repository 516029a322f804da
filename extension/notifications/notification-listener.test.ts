import { categoryMask, purposes } from '@medicrypt/contracts';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { rememberOverlayTab } from '../doctor/overlay-events.ts';
import { getRelayerSession } from '../relayer/relayer-session.ts';
import { updateSettings } from '../settings/settings.ts';
import { errorResponse, FakeRelayer, pendingRequest, sseResponse } from '../testing/fake-relayer.ts';
import { signedIn } from '../testing/patient-fixture.ts';
import { cursorKey, getNotificationCursor } from './notification-cursor.ts';
import { NotificationListener } from './notification-listener.ts';
import { RELAYER_EVENT_MESSAGE } from './relayer-event-message.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const doctor = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';

const ready = (after: string) => `event: ready\ndata: {"after":"${after}"}\n\n`;
const requested = (id: number) =>
  `id: ${id}\nevent: access.requested\ndata: ${JSON.stringify({
    id: String(id),
    type: 'access.requested',
    data: {
      patient: patient.address.toLowerCase(),
      doctor,
      categories: categoryMask(['lab']).toString(),
      purpose: purposes.treatment,
      duration: 86_400,
    },
  })}\n\n`;
const recordAdded = (id: number) =>
  `id: ${id}\nevent: record.added\ndata: ${JSON.stringify({ id: String(id), type: 'record.added', data: { patient: patient.address.toLowerCase() } })}\n\n`;

/**
 * A relayer whose notification stream answers each connection with the next script entry (frames, or an
 * error status), and a listener whose waits are instant and recorded. The listener stops after the last one.
 */
async function setUp(connections: (string[] | number)[]) {
  const relayer = new FakeRelayer();
  await signedIn(relayer, patient, { unlocked: false });
  const lastEventIds: (string | null)[] = [];
  relayer.overrides.set('GET /v1/notifications/stream', (request) => {
    lastEventIds.push(request.headers.get('last-event-id'));
    const next = connections.shift();
    if (next === undefined) {
      listener.stop();
      return errorResponse(503, 'DRAINING');
    }
    return typeof next === 'number' ? errorResponse(next, 'DRAINING') : sseResponse(next);
  });
  const delays: number[] = [];
  const listener = new NotificationListener({
    fetch: relayer.fetch,
    random: () => 0,
    sleep: async (ms) => {
      delays.push(ms);
      // A test that went wrong must not spin forever.
      if (delays.length > 50) listener.stop();
    },
  });
  const run = async () => {
    await listener.ensureRunning();
    await listener.settled;
  };
  return { relayer, listener, delays, lastEventIds, run };
}

const key = (relayer: FakeRelayer) => cursorKey(relayer.url, patient.address);
const shown = () => fakeBrowser.notifications.getAll();

describe('the background’s notification listener', () => {
  it('shows each notification, counts pending requests on the badge and remembers where it is', async () => {
    const { relayer, run } = await setUp([[ready('4'), requested(5), recordAdded(6)]]);
    relayer.requests = [pendingRequest(doctor as `0x${string}`)];
    const message = vi.fn();
    fakeBrowser.runtime.onMessage.addListener(message);
    // A doctor's EMR tab is open too: its overlay is told, with the patient the event is about.
    const emrTab = { id: 12 };
    await rememberOverlayTab(emrTab.id);
    const toTabs = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    await run();

    expect(Object.keys(await shown())).toEqual(['medicrypt-5', 'medicrypt-6']);
    expect(fakeBrowser.notifications.getAllCreateOptions()['medicrypt-5']).toMatchObject({
      type: 'basic',
      title: 'New access request',
      iconUrl: 'chrome-extension://test-extension-id/icon/128.png',
    });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await getNotificationCursor(key(relayer))).toBe('6');
    const told = {
      type: RELAYER_EVENT_MESSAGE,
      event: 'access.requested',
      patient: patient.address.toLowerCase(),
    };
    expect(message).toHaveBeenCalledWith(told, {}, expect.any(Function));
    expect(toTabs.mock.calls).toEqual([
      [emrTab.id, told],
      [emrTab.id, { ...told, event: 'record.added' }],
    ]);
  });

  it('reconnects with growing delays and resumes after the last notification shown', async () => {
    const { lastEventIds, delays, run } = await setUp([
      [ready('4'), requested(5)],
      503,
      503,
      [ready('5')],
      502,
    ]);
    await run();
    expect(lastEventIds).toEqual([null, '5', '5', '5', '5', '5']);
    // Ended stream, two failures, then a good connection resets the backoff before the last failure.
    expect(delays).toEqual([500, 1_000, 2_000, 500, 1_000]);
  });

  it('starts a first stream at the present and resumes from there after a restart', async () => {
    const first = await setUp([[ready('41')]]);
    await first.run();
    expect(await getNotificationCursor(key(first.relayer))).toBe('41');

    // The service worker was stopped and starts again: a new listener, the same storage.
    const second = await setUp([[ready('41'), requested(42)]]);
    await second.run();
    expect(second.lastEventIds[0]).toBe('41');
    expect(Object.keys(await shown())).toEqual(['medicrypt-42']);
  });

  it('shows a notification replayed after a crash once (the same id replaces it)', async () => {
    const { run } = await setUp([
      [ready('4'), requested(5)],
      [requested(5), recordAdded(6)],
    ]);
    await run();
    expect(Object.keys(await shown())).toEqual(['medicrypt-5', 'medicrypt-6']);
  });

  it('moves on without showing what the preferences turned off', async () => {
    await updateSettings({ notifications: { accessRequests: false, intentStatus: true, newRecords: true } });
    const { relayer, run } = await setUp([[ready('4'), requested(5)]]);
    await run();
    expect(await shown()).toEqual({});
    expect(await getNotificationCursor(key(relayer))).toBe('5');
  });

  it('stops and clears the badge when the session ended', async () => {
    const { delays, run } = await setUp([401]);
    await fakeBrowser.action.setBadgeText({ text: '3' });
    await run();
    expect(delays).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await getRelayerSession()).toBeNull();
  });

  it('refreshes an expired token and reconnects at once', async () => {
    const { relayer, lastEventIds, delays, run } = await setUp([[ready('4'), requested(5)]]);
    relayer.expireNextToken = true;
    await run();
    expect(relayer.callsTo('POST', '/v1/auth/refresh')).toHaveLength(1);
    expect(lastEventIds[0]).toBeNull();
    expect(delays[0]).toBe(500);
  });

  it('does nothing while nobody is signed in', async () => {
    const listener = new NotificationListener({ fetch: () => Promise.reject(new Error('no call expected')) });
    await listener.ensureRunning();
    await listener.settled;
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});
