// The doctor's overlay, registered at runtime only on the EMR sites the doctor enabled
// (doctor/overlay-registration.ts). It renders in a shadow root, so the page's styles cannot reach it.
// The styles travel inside the script (no fetch from the page's context, no web-accessible resource).

import { createRoot, type Root } from 'react-dom/client';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import baseCss from '../../assets/base.css?inline';
import { getSettings } from '../../settings/settings.ts';
import { EmrOverlay } from './EmrOverlay.tsx';
import overlayCss from './overlay.css?inline';

export const OVERLAY_ELEMENT = 'medicrypt-overlay';

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  cssInjectionMode: 'manual',
  async main(ctx) {
    const settings = await getSettings();
    const origin = location.origin;
    // Registered for enabled sites only; checked again in case a registration outlived its site.
    if (!settings.emrSites.includes(origin)) return;
    const ui = await createShadowRootUi<Root>(ctx, {
      name: OVERLAY_ELEMENT,
      css: `${baseCss.replaceAll(':root', ':host')}\n${overlayCss}`,
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount(container) {
        const root = createRoot(container);
        root.render(<EmrOverlay patientSelector={settings.patientSelectors[origin]} />);
        return root;
      },
      onRemove(root) {
        root?.unmount();
      },
    });
    ui.mount();
  },
});
