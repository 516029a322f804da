import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { forgetRevokedSites } from '../../settings/emr-sites.ts';
import { initialiseSettings } from '../../settings/settings.ts';

export default defineBackground(() => {
  // On install and on every update: store defaults for new fields, keep the user's choices.
  browser.runtime.onInstalled.addListener(() => {
    void initialiseSettings();
  });
  // Host access revoked outside MediCrypt (chrome://extensions): keep the site list truthful.
  browser.permissions.onRemoved.addListener(({ origins }) => {
    if (origins?.length) void forgetRevokedSites(origins);
  });
});
