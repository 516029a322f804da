// Reading a Sign-In with Ethereum (EIP-4361) message as strictly as Spruce's reference parser, which is what it
// runs: `@spruceid/siwe-parser` (the ABNF of the EIP, with RFC 3986 URIs, RFC 3339 times, EIP-55 addresses and
// version 1 only). Anything it does not accept — a wrong checksum, a missing field, a line too many, "Issued At:
// yesterday" — is refused here with the parser's reason, before any field is trusted.
import { ParsedMessage } from '@spruceid/siwe-parser';
import { type Address, getAddress } from 'viem';
import { RelayerError } from '../errors.ts';

export interface SignInMessage {
  /** The optional `scheme://` before the domain (EIP-4361), without `://`. */
  scheme: string | undefined;
  domain: string;
  address: Address;
  statement: string | undefined;
  uri: string;
  chainId: number;
  nonce: string;
  issuedAt: Date;
  expirationTime: Date | undefined;
  notBefore: Date | undefined;
  requestId: string | undefined;
  resources: string[];
}

const malformed = (reason: string) =>
  new RelayerError('SIWE_MALFORMED', 400, `the message is not a valid EIP-4361 sign-in message: ${reason}`);

/** An RFC 3339 time the parser accepted, as a Date; refuses one JavaScript cannot place exactly. */
function timeOf(field: string, value: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw malformed(`${field} is not a time`);
  return time;
}

/** The first line of the parser's complaint: it names the line and the field. */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n').find((line) => line.trim() !== '') ?? 'unreadable';
  return first.startsWith('Invalid message: {') ? 'it does not follow the EIP-4361 format' : first;
}

/**
 * Parses `text` as an EIP-4361 message.
 * @throws RelayerError SIWE_MALFORMED (400) naming what is wrong.
 */
export function parseSignInMessage(text: string): SignInMessage {
  let parsed: ParsedMessage;
  try {
    parsed = new ParsedMessage(text);
  } catch (error) {
    throw malformed(reasonOf(error));
  }
  // The grammar fixes these; a parser change must not let them through unseen.
  if (parsed.version !== '1') throw malformed(`version ${parsed.version} is not 1`);
  if (!Number.isSafeInteger(parsed.chainId) || parsed.chainId < 1)
    throw malformed('the chain id is not a positive integer');
  if (getAddress(parsed.address) !== parsed.address)
    throw malformed('the address is not in its EIP-55 checksum form');
  return {
    scheme: parsed.scheme,
    domain: parsed.domain,
    address: parsed.address as Address,
    statement: parsed.statement,
    uri: parsed.uri,
    chainId: parsed.chainId,
    nonce: parsed.nonce,
    issuedAt: timeOf('Issued At', parsed.issuedAt),
    expirationTime:
      parsed.expirationTime === undefined ? undefined : timeOf('Expiration Time', parsed.expirationTime),
    notBefore: parsed.notBefore === undefined ? undefined : timeOf('Not Before', parsed.notBefore),
    requestId: parsed.requestId,
    resources: parsed.resources ?? [],
  };
}
