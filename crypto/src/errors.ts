// Every failure of this package is a CryptoError with a stable `code`: callers branch on the code, never on the
// message. Decryption failures say as much as can be known (a wrong key is told apart from a modified segment)
// and nothing about the plaintext.

export type CryptoErrorCode =
  /** The bytes are not a MediCrypt record ciphertext, or its header is damaged. */
  | 'MALFORMED_CIPHERTEXT'
  /** A ciphertext or envelope of a format version (or algorithm) this package does not know. */
  | 'UNSUPPORTED_VERSION'
  /** The record key does not open this ciphertext (its key commitment does not match). */
  | 'WRONG_KEY'
  /** A segment failed authentication: modified, reordered, or encrypted for other associated data. */
  | 'CIPHERTEXT_TAMPERED'
  /** The ciphertext ends early: its final segment is missing. */
  | 'CIPHERTEXT_TRUNCATED'
  /** A key envelope that is not well-formed JSON of the expected shape. */
  | 'MALFORMED_ENVELOPE'
  /** A key envelope that fails authentication. */
  | 'ENVELOPE_TAMPERED'
  /** A key envelope addressed to another public key or another grantee. */
  | 'WRONG_RECIPIENT'
  /** A key envelope made for another record, record version or patient. */
  | 'WRONG_CONTEXT'
  /** A key of the wrong length or an unusable X25519 public key. */
  | 'INVALID_KEY'
  /** A wallet signature that is malformed or not made by the expected account. */
  | 'INVALID_SIGNATURE'
  /** A public-key binding that is malformed, signed by another account or for another chain. */
  | 'INVALID_BINDING'
  /** A parameter out of range (segment size, record id length, …). */
  | 'INVALID_ARGUMENT';

export interface CryptoErrorOptions {
  cause?: unknown;
  /** Technical detail for logs and bug reports. */
  details?: string;
}

export class CryptoError extends Error {
  override name = 'CryptoError';
  readonly details: string | undefined;
  constructor(
    readonly code: CryptoErrorCode,
    /** One sentence saying what failed. */
    readonly shortMessage: string,
    options: CryptoErrorOptions = {},
  ) {
    super(options.details ? `${shortMessage} (${options.details})` : shortMessage, { cause: options.cause });
    this.details = options.details;
  }
}

/** Whether `error` is a CryptoError, and when `code` is given, one with that code. */
export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
