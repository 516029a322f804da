// The one error type of record content storage: a stable string code callers branch on, and a human message.

/** Why a storage operation failed. */
export type StorageErrorCode = 'CONTENT_TOO_LARGE' | 'INVALID_CID' | 'STORAGE_UNAVAILABLE' | 'CID_MISMATCH';

/** A storage failure with a stable `code`; `cause` holds the underlying error where there is one. */
export class StorageError extends Error {
  override name = 'StorageError';

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}
