// Errors from the relayer's API, each with the server's stable code and a message for the person using the
// popup. The relayer answers errors as `{ error: { code, message } }`.

/** Codes that mean the session is over: the user signs in again. */
const SIGNED_OUT_CODES = new Set(['AUTH_REQUIRED', 'TOKEN_INVALID', 'SESSION_ENDED', 'REFRESH_TOKEN_REUSED']);

const friendlyMessages: Record<string, (serverMessage: string) => string> = {
  ACCESS_DENIED: () => 'The relayer refused: this account may not do that.',
  RATE_LIMITED: () => 'Too many requests in a short time. Wait a moment and try again.',
  DRAINING: () => 'The relayer is restarting. Try again in a few seconds.',
  SIGNER_BALANCE_LOW: () =>
    'The relayer cannot submit changes right now. Try again later; you are never charged.',
  STORAGE_UNAVAILABLE: () => 'The record store is unavailable. Try again shortly.',
  PAYLOAD_TOO_LARGE: () => 'The file is larger than the relayer accepts.',
  KEY_NOT_PUBLISHED: () => 'This account has not set up MediCrypt encryption yet.',
  STALE_NONCE: () => 'This consent changed meanwhile. Reload and decide again.',
  SIMULATION_FAILED: (message) => `The change would be refused on chain, so nothing was sent (${message}).`,
};

export class RelayerError extends Error {
  override name = 'RelayerError';
  constructor(
    /** The HTTP status (0 when the relayer could not be reached). */
    readonly status: number,
    readonly code: string,
    /** One or two sentences for the user. */
    readonly shortMessage: string,
    options: { cause?: unknown } = {},
  ) {
    super(shortMessage, options);
  }

  /** The session ended (or never existed): the user signs in again. */
  get signedOut(): boolean {
    return this.code === 'SIGNED_OUT' || SIGNED_OUT_CODES.has(this.code);
  }
}

export class SignedOutError extends RelayerError {
  override name = 'SignedOutError';
  constructor(options: { cause?: unknown } = {}) {
    super(401, 'SIGNED_OUT', 'Your MediCrypt session ended. Sign in again.', options);
  }
}

export function isSignedOutCode(code: string | undefined): boolean {
  return code !== undefined && SIGNED_OUT_CODES.has(code);
}

/** The relayer did not answer (down, wrong URL, or MediCrypt has no access to its address). */
export function unreachable(url: string, cause: unknown): RelayerError {
  return new RelayerError(
    0,
    'RELAYER_UNREACHABLE',
    `MediCrypt could not reach the relayer at ${new URL(url).origin}. Check that it runs and the relayer URL in Settings.`,
    { cause },
  );
}

/** The error a non-2xx answer stands for, read from its `{ error: { code, message } }` body. */
export async function errorFromResponse(response: Response): Promise<RelayerError> {
  let code = `HTTP_${response.status}`;
  let message = `The relayer answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON: keep the status line.
  }
  if (isSignedOutCode(code)) return new SignedOutError();
  const friendly = friendlyMessages[code];
  return new RelayerError(response.status, code, friendly ? friendly(message) : capitalise(message));
}

function capitalise(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
