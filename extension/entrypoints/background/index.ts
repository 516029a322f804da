import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { isOverlayMessage } from '../../doctor/overlay-messages.ts';
import { registerOverlay } from '../../doctor/overlay-registration.ts';
import { answerOverlay } from '../../doctor/overlay-service.ts';
import { intentActivityItem } from '../../intents/intent-activity.ts';
import { IntentOutcomeWatch } from '../../notifications/intent-outcome-watch.ts';
import { NotificationListener } from '../../notifications/notification-listener.ts';
import { watchRelayerSession } from '../../relayer/relayer-session.ts';
import { forgetRevokedSites } from '../../settings/emr-sites.ts';
import { getSettings, initialiseSettings, watchSettings } from '../../settings/settings.ts';

/** Wakes the worker twice a minute, so a stream the browser cut when it stopped the worker comes back. */
export const KEEPALIVE_ALARM = 'medicrypt:notification-stream';

export default defineBackground(() => {
  // On install and on every update: store defaults for new fields, keep the user's choices.
  browser.runtime.onInstalled.addListener(() => {
    void initialiseSettings().then((settings) => registerOverlay(settings.emrSites));
  });
  // The doctor's overlay runs on exactly the EMR sites listed in settings.
  let overlaySites = '';
  const syncOverlay = (sites: readonly string[]) => {
    const key = [...sites].sort().join(' ');
    if (key === overlaySites) return;
    overlaySites = key;
    void registerOverlay(sites).catch((error) =>
      console.error('MediCrypt: overlay registration failed', error),
    );
  };
  void getSettings().then((settings) => syncOverlay(settings.emrSites));
  watchSettings((settings) => syncOverlay(settings.emrSites));
  // The overlay's questions (a content script cannot hold the session): answered asynchronously.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!isOverlayMessage(message)) return undefined;
    void answerOverlay(message, sender).then(sendResponse);
    return true;
  });
  // Host access revoked outside MediCrypt (chrome://extensions): keep the site list truthful.
  browser.permissions.onRemoved.addListener(({ origins }) => {
    if (origins?.length) void forgetRevokedSites(origins);
  });

  // Live notifications for the signed-in account: started now (the worker may have been restarted), restarted
  // on sign-in, sign-out or an account switch, and checked on every alarm.
  const listener = new NotificationListener();
  void listener.ensureRunning();
  watchRelayerSession(() => void listener.ensureRunning());
  // Changes the user signed: told when one fails, even with the popup closed.
  const outcomes = new IntentOutcomeWatch();
  void outcomes.check();
  intentActivityItem.watch(() => void outcomes.check());
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== KEEPALIVE_ALARM) return;
    void listener.ensureRunning();
    void outcomes.check();
  });
  browser.notifications.onClicked.addListener((id) => {
    void browser.notifications.clear(id);
    void browser.action.openPopup?.().catch(() => undefined);
  });
});
