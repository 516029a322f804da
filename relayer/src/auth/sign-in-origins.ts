// Where a sign-in may come from. EIP-4361's protection against phishing is that the wallet compares the message's
// domain with the origin of the page asking (MetaMask: `isValidSIWEOrigin`, a danger alert when they differ) and
// the server accepts only domains it serves. So each page that signs in names its own origin, and the relayer
// accepts exactly the origins it is configured for — never one derived from the request (a `Host` header is the
// caller's to choose):
//   - its console and any page it serves: RELAYER_PUBLIC_URL's host, with a URI at that origin;
//   - the extension's pages in Chrome and Edge: an id in SIWE_EXTENSION_IDS, with a URI at
//     chrome-extension://<that id>;
//   - the extension's pages in Firefox (SIWE_FIREFOX_EXTENSIONS): Firefox gives each install its own random
//     uuid, which no server can know in advance, so any moz-extension://<uuid> is accepted (docs/threat-model.md
//     says what that trusts).
// The URI's scheme and authority must be the domain's origin, and an optional `scheme://` before the domain must
// be that scheme.
import { RelayerError } from '../errors.ts';
import type { SignInMessage } from './siwe-message.ts';

export interface SignInOriginsOptions {
  /** The relayer's public web origins (`https://relayer.example`); the first is the one named in errors. */
  webOrigins: () => readonly string[];
  /** Chromium extension ids (Chrome and Edge store ids, the dev id) whose pages may sign in. */
  extensionIds: readonly string[];
  /** Accept any Firefox extension page (moz-extension://<uuid>). */
  firefoxExtensions: boolean;
}

/** The kind of page a sign-in came from. */
export type SignInOriginKind = 'web' | 'chromium-extension' | 'firefox-extension';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mismatch = (message: string) => new RelayerError('SIWE_DOMAIN_MISMATCH', 401, message);
const uriMismatch = (message: string) => new RelayerError('SIWE_URI_MISMATCH', 401, message);

function parseUri(uri: string): URL {
  try {
    return new URL(uri);
  } catch {
    throw uriMismatch(`the URI ${uri} is not a URL this relayer can place`);
  }
}

export class SignInOrigins {
  constructor(private readonly options: SignInOriginsOptions) {}

  /** The origins a message may name, for error messages and docs. */
  describe(): string {
    const accepted = [
      ...this.options.webOrigins(),
      ...this.options.extensionIds.map((id) => `chrome-extension://${id}`),
      ...(this.options.firefoxExtensions ? ['moz-extension://<uuid>'] : []),
    ];
    return accepted.join(', ');
  }

  /**
   * Checks the message's domain, URI and scheme against the configured origins; answers the kind of page.
   * @throws RelayerError SIWE_DOMAIN_MISMATCH (401) for a domain this relayer does not serve, SIWE_URI_MISMATCH
   * (401) for a URI at another origin than the domain.
   */
  check(message: Pick<SignInMessage, 'scheme' | 'domain' | 'uri'>): SignInOriginKind {
    const { kind, origin } = this.originOf(message.domain, message.scheme);
    const uri = parseUri(message.uri);
    // `URL.origin` is "null" for schemes WHATWG does not know (chrome-extension:), so compare scheme and host.
    if (`${uri.protocol}//${uri.host}` === origin && !uri.username && !uri.password) return kind;
    throw uriMismatch(`the URI ${message.uri} is not at ${origin}, the origin the domain names`);
  }

  /** The origin a domain names, if this relayer accepts it. */
  private originOf(domain: string, scheme: string | undefined): { kind: SignInOriginKind; origin: string } {
    const refuse = () =>
      mismatch(`the message is for ${domain}; this relayer accepts sign-ins from ${this.describe()}`);
    if (domain.includes('@')) throw refuse();
    const schemeIs = (expected: string) => scheme === undefined || scheme === expected;

    for (const origin of this.options.webOrigins()) {
      const url = new URL(origin);
      if (domain.toLowerCase() === url.host && schemeIs(url.protocol.slice(0, -1)))
        return { kind: 'web', origin };
    }
    if (this.options.extensionIds.includes(domain) && schemeIs('chrome-extension'))
      return { kind: 'chromium-extension', origin: `chrome-extension://${domain}` };
    if (this.options.firefoxExtensions && UUID.test(domain) && schemeIs('moz-extension'))
      return { kind: 'firefox-extension', origin: `moz-extension://${domain}` };
    throw refuse();
  }
}

/**
 * The relayer's web origins: RELAYER_PUBLIC_URL when set (production requires it); otherwise the address it
 * listens on, and on 127.0.0.1 also `localhost` at the same port (a developer opens either).
 */
export function publicWebOrigins(publicUrl: string | undefined, listening: string | undefined): string[] {
  if (publicUrl) return [publicUrl];
  if (!listening) return [];
  const url = new URL(listening);
  return url.hostname === '127.0.0.1' ? [url.origin, `${url.protocol}//localhost:${url.port}`] : [url.origin];
}
