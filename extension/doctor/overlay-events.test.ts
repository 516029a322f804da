import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RELAYER_EVENT_MESSAGE, type RelayerEventMessage } from '../notifications/relayer-event-message.ts';
import { onPatientEvent, rememberOverlayTab, tellOverlays } from './overlay-events.ts';

const patient = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const approved: RelayerEventMessage = { type: RELAYER_EVENT_MESSAGE, event: 'access.approved', patient };

describe('relayer events passed on to the overlays', () => {
  it('tells each tab whose overlay spoke, once, and no other', async () => {
    await rememberOverlayTab(7);
    await rememberOverlayTab(9);
    await rememberOverlayTab(7);
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);

    expect(await tellOverlays(approved)).toBe(2);
    expect(sent.mock.calls).toEqual([
      [7, approved],
      [9, approved],
    ]);
  });

  it('tells no tab of events an overlay does not show, or before any overlay spoke', async () => {
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    expect(await tellOverlays(approved)).toBe(0);
    await rememberOverlayTab(7);
    expect(await tellOverlays({ ...approved, event: 'delegate.appointed' })).toBe(0);
    expect(sent).not.toHaveBeenCalled();
  });

  it('forgets a tab without a listening overlay, keeps telling the others, and learns it again', async () => {
    await rememberOverlayTab(7);
    await rememberOverlayTab(9);
    const sent = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number) => {
      if (tabId === 7) throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    expect(await tellOverlays(approved)).toBe(1);
    sent.mockClear();
    expect(await tellOverlays(approved)).toBe(1);
    expect(sent.mock.calls).toEqual([[9, approved]]);

    // The tab's overlay starts again (a reload) and asks the background something.
    await rememberOverlayTab(7);
    sent.mockClear();
    await tellOverlays(approved);
    expect(sent.mock.calls.map(([tabId]) => tabId)).toEqual([9, 7]);
  });

  it('the overlay hears events about its patient, and events that name none', async () => {
    const heard = vi.fn();
    const stop = onPatientEvent('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', heard);
    await fakeBrowser.runtime.sendMessage(approved);
    await fakeBrowser.runtime.sendMessage({
      ...approved,
      patient: '0x90f79bf6eb2c4f870365e785982e1f101e93b906',
    });
    await fakeBrowser.runtime.sendMessage({ type: RELAYER_EVENT_MESSAGE, event: 'credential.revoked' });
    await fakeBrowser.runtime.sendMessage({ type: 'something-else', event: 'access.approved', patient });
    expect(heard.mock.calls).toEqual([['access.approved'], ['credential.revoked']]);

    stop();
    await fakeBrowser.runtime.sendMessage(approved).catch(() => undefined);
    expect(heard).toHaveBeenCalledTimes(2);
  });
});
