// The Sign-In with Ethereum (EIP-4361) message every MediCrypt client signs: the popup and the research workspace
// (extension pages), the operator console (a page the relayer serves). It names the page that asks, because that
// is what the wallet checks: MetaMask compares the message's domain with the requesting origin
// (`isValidSIWEOrigin`) and shows a danger alert when they differ. So the domain is the page's own host (an
// extension id or Firefox uuid, or the relayer's host), and the URI is that page. The relayer accepts only the
// origins it is configured for (relayer/src/auth/sign-in-origins.ts).
//
// Written here rather than with viem's createSiweMessage, which refuses an extension id as a domain.
import { type Address, getAddress } from 'viem';

export interface SignInMessageParameters {
  /** The page's host: `location.host` (`<extension id>`, `<firefox uuid>`, `relayer.example`). */
  domain: string;
  /** The page: scheme and authority must be the domain's origin. */
  uri: string;
  address: Address;
  chainId: number;
  /** The relayer's single-use nonce. */
  nonce: string;
  issuedAt: Date;
  expirationTime?: Date;
  /** One line the wallet shows. */
  statement: string;
}

/** What a page at `pageUrl` puts in the message: its host as the domain, its origin and path as the URI. */
export function signInTarget(pageUrl: string): { domain: string; uri: string } {
  const url = new URL(pageUrl);
  return { domain: url.host, uri: `${url.protocol}//${url.host}${url.pathname}` };
}

const AUTHORITY = /^[A-Za-z0-9._~!$&'()*+,;=:[\]-]+$/;

/** The EIP-4361 text for these fields (EIP-55 address, RFC 3339 times). */
export function createSignInMessage(parameters: SignInMessageParameters): string {
  const { domain, uri, chainId, nonce, issuedAt, expirationTime, statement } = parameters;
  if (!AUTHORITY.test(domain) || domain.includes('@')) throw new TypeError(`not a sign-in domain: ${domain}`);
  if (/[\r\n]/.test(statement)) throw new TypeError('the statement must be one line');
  if (!/^[A-Za-z0-9]{8,}$/.test(nonce)) throw new TypeError('a nonce is at least 8 letters and digits');
  if (!Number.isSafeInteger(chainId) || chainId < 1) throw new TypeError(`not a chain id: ${chainId}`);
  return [
    `${domain} wants you to sign in with your Ethereum account:`,
    getAddress(parameters.address),
    '',
    statement,
    '',
    `URI: ${uri}`,
    'Version: 1',
    `Chain ID: ${chainId}`,
    `Nonce: ${nonce}`,
    `Issued At: ${issuedAt.toISOString()}`,
    ...(expirationTime ? [`Expiration Time: ${expirationTime.toISOString()}`] : []),
  ].join('\n');
}
