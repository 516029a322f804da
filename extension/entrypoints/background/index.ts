import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { intentActivityItem } from '../../intents/intent-activity.ts';
import { IntentOutcomeWatch } from '../../notifications/intent-outcome-watch.ts';
import { NotificationListener } from '../../notifications/notification-listener.ts';
import { watchRelayerSession } from '../../relayer/relayer-session.ts';
import { forgetRevokedSites } from '../../settings/emr-sites.ts';
import { initialiseSettings } from '../../settings/settings.ts';

/** Wakes the worker twice a minute, so a stream the browser cut when it stopped the worker comes back. */
export const KEEPALIVE_ALARM = 'medicrypt:notification-stream';

export default defineBackground(() => {
  // On install and on every update: store defaults for new fields, keep the user's choices.
  browser.runtime.onInstalled.addListener(() => {
    void initialiseSettings();
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
