// The relayer's live events, passed on to the doctor's overlays: the background holds the one notification stream
// (the overlay, a content script, cannot hold the session), and tells each tab whose overlay has asked it something
// what happened to which patient, so an overlay shows the patient's decision as soon as it is indexed, not at its
// next poll. Tabs are known by the overlay's own messages (every overlay asks for the session when it starts), not
// by their URLs: Chrome gives an extension without the `tabs` permission no tab URLs, even on sites it may access.
// The list lives in session storage, so a restarted service worker still knows it.
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { isRelayerEventMessage, type RelayerEventMessage } from '../notifications/relayer-event-message.ts';

const overlayTabsItem = storage.defineItem<number[]>('session:overlayTabs', { fallback: [] });

/** Events that change what an overlay shows about a patient: their consent, emergency access, their records. */
const OVERLAY_EVENTS = new Set([
  'access.requested',
  'access.approved',
  'access.denied',
  'access.revoked',
  'breakglass.opened',
  'record.added',
  'record.removed',
  'credential.issued',
  'credential.revoked',
]);

/** Remembers the tab an overlay spoke from (the background calls it for every trusted overlay message). */
export async function rememberOverlayTab(tabId: number): Promise<void> {
  const tabs = await overlayTabsItem.getValue();
  if (!tabs.includes(tabId)) await overlayTabsItem.setValue([...tabs, tabId]);
}

/**
 * Sends `message` to every tab with an overlay; returns how many received it. A tab that closed, or navigated
 * to a page without the overlay, has no listener: it is forgotten until its overlay speaks again.
 */
export async function tellOverlays(message: RelayerEventMessage): Promise<number> {
  if (!OVERLAY_EVENTS.has(message.event)) return 0;
  const tabs = await overlayTabsItem.getValue();
  if (tabs.length === 0) return 0;
  const delivered = await Promise.all(
    tabs.map((tabId) =>
      browser.tabs.sendMessage(tabId, message).then(
        () => true,
        () => false,
      ),
    ),
  );
  const gone = tabs.filter((_, index) => !delivered[index]);
  if (gone.length > 0) {
    // Re-read: an overlay may have spoken meanwhile.
    const now = await overlayTabsItem.getValue();
    await overlayTabsItem.setValue(now.filter((tabId) => !gone.includes(tabId)));
  }
  return delivered.filter(Boolean).length;
}

/** In the overlay: calls `onEvent` for each relayer event about `patient` (any event when it names none). */
export function onPatientEvent(patient: string, onEvent: (event: string) => void): () => void {
  const who = patient.toLowerCase();
  const listener = (message: unknown) => {
    if (!isRelayerEventMessage(message)) return;
    if (message.patient && message.patient !== who) return;
    onEvent(message.event);
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
