// An in-memory chrome.scripting registry for tests (WXT's fake browser leaves it unimplemented): what is
// registered can be read back, as in Chrome.
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Registered = Parameters<typeof fakeBrowser.scripting.registerContentScripts>[0][number];

export function installFakeScripting(): Map<string, Registered> {
  const registered = new Map<string, Registered>();
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation((async (filter?: {
    ids?: string[];
  }) =>
    [...registered.values()].filter((script) => !filter?.ids || filter.ids.includes(script.id))) as never);
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation((async (
    scripts: Registered[],
  ) => {
    for (const script of scripts) {
      if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
      registered.set(script.id, script);
    }
  }) as never);
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation((async (filter?: {
    ids?: string[];
  }) => {
    for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
  }) as never);
  return registered;
}
