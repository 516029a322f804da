import { defineConfig } from 'wxt';
import { manifestKey } from './manifest-key.ts';

// The folder is the manifest: entrypoints/ holds the popup, options page and background; this file adds
// only what the folder cannot say.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifestVersion: 3,
  // Explicit imports everywhere: the code reads the same to tsc, Biome and people.
  imports: false,
  manifest: ({ browser }) => ({
    name: 'MediCrypt',
    description: 'Own your medical records: grant, review and revoke access from your wallet.',
    // `scripting`: the doctor's overlay is registered at runtime for the EMR sites the doctor enabled.
    permissions: ['storage', 'notifications', 'alarms', 'scripting'],
    // A relayer on this machine (`npm start`, any port): the popup and background call its API. A remote relayer
    // is granted from the popup, once, like EMR sites.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    // Doctors enable MediCrypt on their EMR's site one origin at a time; nothing is granted at install.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'MediCrypt' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'extension@medicrypt',
              // Firefox asks new extensions to declare what leaves the browser: records (encrypted) and consent,
              // the wallet sign-in, and the patient named on an EMR page the doctor enabled.
              data_collection_permissions: {
                required: ['healthInfo', 'authenticationInfo', 'websiteContent'],
              },
            },
          },
        }
      : { key: manifestKey }),
  }),
});
