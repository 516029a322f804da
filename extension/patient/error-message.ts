// One sentence for whatever stopped an action: wallet errors (a rejected signature), relayer errors, invalid
// files and choices all carry a `shortMessage` written for the user; anything else is shown as it is.

/** Errors that mean nothing was done and the user chose so (MetaMask's 4001). */
export function isUserRejection(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'USER_REJECTED';
}

export function errorMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) return `Something went wrong: ${String(error)}`;
  const { shortMessage, name, message } = error as {
    shortMessage?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (typeof shortMessage === 'string') return shortMessage;
  if (name === 'CryptoError' && typeof message === 'string') return `Encryption failed: ${message}.`;
  return `Something went wrong: ${typeof message === 'string' ? message : String(error)}`;
}
