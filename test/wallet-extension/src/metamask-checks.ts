// What MetaMask checks before it shows (or refuses) a signature request, so that the test wallet refuses or flags
// exactly what MetaMask would. MetaMask's own npm code where it is importable:
//   - @metamask/controller-utils: `detectSIWE` on every personal_sign and `isValidSIWEOrigin` against the
//     request's origin (MetaMask's danger alert "Suspicious sign-in request" when false:
//     metamask-extension ui/pages/confirmations/hooks/alerts/signatures/useDomainMismatchAlerts.ts), and
//     `isValidHexAddress`;
//   - @metamask/eth-sig-util: TYPED_MESSAGE_SCHEMA and the EIP-712 signing itself.
// Reproduced from MetaMask's sources where the code is not importable without MetaMask's whole controller stack:
//   - @metamask/signature-controller 39.2.9, src/utils/validation.ts (`validatePersonalSignatureRequest`,
//     `validateTypedSignatureRequest` for V3/V4: JSON, the EIP-712 JSON schema, the domain's chainId equal to
//     the origin's selected chain, no internal account as verifyingContract or delegator for external origins)
//     and src/utils/normalize.ts (`normalizePersonalMessageData`); it imports @metamask/approval-controller and
//     @metamask/keyring-controller only for two constants;
//   - the SIWE account-mismatch alert (useAccountMismatchAlerts.ts beside the domain one): the message's
//     address must be the signing account.
import {
  detectSIWE,
  isValidHexAddress,
  isValidSIWEOrigin,
  type WrappedSIWERequest,
} from '@metamask/controller-utils';
import { TYPED_MESSAGE_SCHEMA } from '@metamask/eth-sig-util';
import { validate } from 'jsonschema';

/** A request MetaMask would refuse outright (its RPC error), or answer with a danger alert (flagged). */
export class MetaMaskRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** MetaMask would show the request with a danger alert instead of refusing it. */
    readonly alert = false,
  ) {
    super(message);
  }
}

const invalidParams = (message: string) => new MetaMaskRefusal(-32602, message);
/** The alert's own words (metamask-extension app/_locales/en: alertReasonSignIn, alertMessageSignInDomainMismatch). */
export const SIWE_DOMAIN_ALERT =
  'Suspicious sign-in request: the site making the request is not the site you’re signing into. This could be an attempt to steal your login credentials.';
export const SIWE_ACCOUNT_ALERT =
  'Wrong account: this site is asking you to sign in using the wrong account.';

function validateAddress(address: unknown, propertyName: string) {
  if (!address || typeof address !== 'string' || !isValidHexAddress(address as `0x${string}`))
    throw invalidParams(`Invalid "${propertyName}" address: ${String(address)} must be a valid string.`);
}

/** signature-controller normalize.ts: hex stays hex, anything else is UTF-8 text, hex-encoded. */
function normalizePersonalMessageData(data: string): string {
  const stripped = data.startsWith('0x') ? data.slice(2) : data;
  if (/^[0-9A-Fa-f]+$/u.test(stripped)) return `0x${stripped}`;
  return `0x${Array.from(new TextEncoder().encode(data), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export interface PersonalSignCheck {
  /** The message as MetaMask hands it to the keyring: 0x hex. */
  data: `0x${string}`;
  /** Whether MetaMask read it as a Sign-In with Ethereum message. */
  isSIWE: boolean;
}

/**
 * personal_sign as MetaMask's SignatureController takes it (params `[data, from]`), then its SIWE alerts: a
 * message MetaMask would show with a danger alert is refused here, so the e2e test that sent it fails.
 */
export function checkPersonalSign({ origin, data, from }: { origin: string; data: unknown; from: unknown }) {
  validateAddress(from, 'from');
  if (!data || typeof data !== 'string')
    throw invalidParams(`Invalid message "data": ${String(data)} must be a valid string.`);
  const normalized = normalizePersonalMessageData(data) as `0x${string}`;
  const siwe = detectSIWE({ data: normalized });
  if (siwe.isSIWEMessage) {
    const request = { origin, from, data: normalized, siwe } as unknown as WrappedSIWERequest;
    if (!isValidSIWEOrigin(request)) throw new MetaMaskRefusal(4001, SIWE_DOMAIN_ALERT, true);
    if (siwe.parsedMessage.address.toLowerCase() !== (from as string).toLowerCase())
      throw new MetaMaskRefusal(4001, SIWE_ACCOUNT_ALERT, true);
  }
  return { data: normalized, isSIWE: siwe.isSIWEMessage } satisfies PersonalSignCheck;
}

interface TypedData {
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

/** signature-controller validation.ts, V3/V4. Answers the parsed typed data. */
export function checkTypedData({
  origin,
  from,
  data,
  currentChainId,
  internalAccounts,
}: {
  origin: string;
  from: unknown;
  data: unknown;
  /** The origin's selected chain, 0x hex. */
  currentChainId: string;
  internalAccounts: string[];
}): TypedData {
  validateAddress(from, 'from');
  if (!data || Array.isArray(data) || (typeof data !== 'object' && typeof data !== 'string'))
    throw invalidParams('Invalid message "data": Must be a valid string or object.');
  let parsed: TypedData;
  if (typeof data === 'object') parsed = data as TypedData;
  else {
    try {
      parsed = JSON.parse(data) as TypedData;
    } catch {
      throw invalidParams('Data must be passed as a valid JSON string.');
    }
  }
  if (validate(parsed, TYPED_MESSAGE_SCHEMA).errors.length > 0)
    throw invalidParams('Data must conform to EIP-712 schema. See https://git.io/fNtcx.');
  let { chainId } = parsed.domain as { chainId?: unknown };
  if (chainId) {
    if (typeof chainId === 'string') chainId = Number.parseInt(chainId, chainId.startsWith('0x') ? 16 : 10);
    const activeChainId = Number.parseInt(currentChainId, 16);
    if (Number.isNaN(activeChainId))
      throw invalidParams(
        `Cannot sign messages for chainId "${chainId}", because MetaMask is switching networks.`,
      );
    if (chainId !== activeChainId)
      throw invalidParams(`Provided chainId "${chainId}" must match the active chainId "${activeChainId}"`);
  }
  const isExternal = origin !== 'metamask';
  const isInternal = (address: unknown) =>
    typeof address === 'string' &&
    internalAccounts.some((account) => account.toLowerCase() === address.toLowerCase());
  if (isExternal && isInternal(parsed.domain?.verifyingContract))
    throw invalidParams(
      'External signature requests cannot use internal accounts as the verifying contract.',
    );
  if (isExternal && parsed.primaryType === 'Delegation' && isInternal(parsed.message?.delegator))
    throw invalidParams('External signature requests cannot sign delegations for internal accounts.');
  return parsed;
}
