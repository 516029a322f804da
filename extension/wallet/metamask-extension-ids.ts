// Which extension is MetaMask, in each browser MediCrypt ships for. The popup and the research workspace reach
// MetaMask by its extension id (runtime.connect), and each store gives MetaMask its own: the ids below are the
// ones MetaMask's own @metamask/providers lists for createExternalExtensionProvider (a test checks they agree).
// The browser comes from WXT's build target (`wxt build -b firefox`), refined at run time for a Chromium build
// running in Edge, which installs extensions from its own store and from the Chrome Web Store alike.

export const metamaskExtensionIds = {
  chrome: 'nkbihfbeogaeaoehlefnkodbefgpgknn',
  edge: 'ejbalbakoplchlghecdalmeeeajnimhm',
  firefox: 'webextension@metamask.io',
} as const;

export type BrowserKind = keyof typeof metamaskExtensionIds;

/**
 * The browser MediCrypt runs in. `target` is the build's (WXT's `import.meta.env.BROWSER`); a Chromium build
 * tells Edge by its user agent's `Edg/` token, as MetaMask's own getPlatform does.
 */
export function currentBrowser(
  target: string = import.meta.env.BROWSER,
  userAgent: string = globalThis.navigator?.userAgent ?? '',
): BrowserKind {
  if (target === 'firefox') return 'firefox';
  if (target === 'edge' || /\bEdg\//.test(userAgent)) return 'edge';
  return 'chrome';
}

/** MetaMask's ids to try in `browser`, most likely first: Edge users may have either store's MetaMask. */
export function metamaskIdsFor(browser: BrowserKind): string[] {
  return browser === 'edge'
    ? [metamaskExtensionIds.edge, metamaskExtensionIds.chrome]
    : [metamaskExtensionIds[browser]];
}

/** The MetaMask id MediCrypt starts with in `browser` (the setting's default). */
export function defaultMetaMaskId(browser: BrowserKind = currentBrowser()): string {
  return metamaskIdsFor(browser)[0]!;
}

/**
 * The ids to connect to for a configured wallet id: the configured one alone, unless it is this browser's default,
 * when every MetaMask id of this browser is tried (Edge's store first, then the Chrome Web Store's).
 */
export function walletIdsToTry(configured: string, browser: BrowserKind = currentBrowser()): string[] {
  return configured === defaultMetaMaskId(browser) ? metamaskIdsFor(browser) : [configured];
}

/** Chrome and Edge: 32 letters a–p (a hash written in those letters). */
const CHROMIUM_ID = /^[a-p]{32}$/;
/**
 * Firefox: a GUID in braces, or `name@domain`, at most 80 characters (`ExtensionID` in Firefox's manifest schema,
 * which addons-linter uses too).
 */
const FIREFOX_ID =
  /^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|[a-zA-Z0-9-._]*@[a-zA-Z0-9-._]+)$/;
const FIREFOX_ID_MAX_LENGTH = 80;

/** Whether `id` can name an extension in `browser`. */
export function isExtensionId(id: string, browser: BrowserKind = currentBrowser()): boolean {
  return browser === 'firefox'
    ? id.length <= FIREFOX_ID_MAX_LENGTH && FIREFOX_ID.test(id)
    : CHROMIUM_ID.test(id);
}

/** What an extension id looks like in `browser`, for a settings error. */
export function extensionIdFormat(browser: BrowserKind = currentBrowser()): string {
  return browser === 'firefox'
    ? 'An add-on id is name@domain (MetaMask’s is webextension@metamask.io) or a {GUID}, as about:debugging shows it.'
    : `An extension id is 32 letters from a to p, as shown on ${browser === 'edge' ? 'edge' : 'chrome'}://extensions.`;
}
