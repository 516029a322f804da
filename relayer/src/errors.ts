// One error type for the relayer: a stable machine-readable code, the HTTP status the API answers with, and a
// human message. The API maps these in one place (api/error-handler.ts); anything else is a 500.

export interface RelayerErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
  /** When to try again (429, 503): sent as the Retry-After header. */
  retryAfterSeconds?: number;
}

export class RelayerError extends Error {
  override name = 'RelayerError';
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options: RelayerErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toJSON(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}

/** Invalid or missing settings, each named by its environment variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid relayer configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
