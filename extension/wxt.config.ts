import { defineConfig } from 'wxt';
import { manifestKey } from './manifest-key.ts';

// The folder is the manifest: entrypoints/ holds the popup, options page and background; this file adds
// only what the folder cannot say.
//
// Two kinds of build. The development and test build (`wxt build`: what `npm start` and the browser tests load)
// reaches a relayer on this machine without asking and has a fixed Chrome id (manifest-key.ts). The store
// packages (`npm run build:store`, `npm run zip:store`; MEDICRYPT_STORE_BUILD=true) carry neither: each store
// assigns its own id and signs with its own key, and a relayer on this machine is then an optional host
// permission the user grants from the popup, as any other relayer is. (A WXT mode of its own would not do: WXT
// builds content scripts with NODE_ENV set to the mode, so React's development build would ship.)
const storeBuild = process.env.MEDICRYPT_STORE_BUILD === 'true';

/** Host access to a relayer on this machine (`npm start`, any port), granted at install in the development build. */
export const LOOPBACK_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

/** What this file adds to the manifest, for `browser` and the kind of build. */
export function manifestAdditions(browser: string, options: { store: boolean }) {
  return {
    name: 'MediCrypt',
    description: 'Own your medical records: grant, review and revoke access from your wallet.',
    // `scripting`: the doctor's overlay is registered at runtime for the EMR sites the doctor enabled.
    permissions: ['storage', 'notifications', 'alarms', 'scripting'],
    // A relayer on this machine: the popup and background call its API. A remote relayer is granted from the
    // popup, once, like EMR sites.
    ...(options.store ? {} : { host_permissions: LOOPBACK_HOSTS }),
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
      : {}),
    // Chrome and Edge: the development build's fixed id. Firefox names the add-on by its gecko id instead.
    ...(browser !== 'firefox' && !options.store ? { key: manifestKey } : {}),
  };
}

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifestVersion: 3,
  // Explicit imports everywhere: the code reads the same to tsc, Biome and people.
  imports: false,
  // Store packages beside the development build, never over it: .output/chrome-mv3-store/, …-store.zip.
  ...(storeBuild
    ? {
        outDirTemplate: '{{browser}}-mv{{manifestVersion}}-store',
        zip: { artifactTemplate: '{{name}}-{{version}}-{{browser}}-store.zip' },
      }
    : {}),
  manifest: ({ browser }) => manifestAdditions(browser, { store: storeBuild }),
});
