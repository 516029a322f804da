// Wallet errors, each with a stable code and a message written for the person using the popup.
// EIP-1193 and JSON-RPC error codes are mapped in one place: walletErrorFrom.
import { describeChain } from '../settings/networks.ts';

export type WalletErrorCode =
  | 'WALLET_NOT_FOUND'
  | 'WALLET_DISCONNECTED'
  | 'USER_REJECTED'
  | 'UNAUTHORIZED'
  | 'NO_ACCOUNT'
  | 'WRONG_NETWORK'
  | 'UNKNOWN_CHAIN'
  | 'REQUEST_PENDING'
  | 'WALLET_REQUEST_FAILED';

/** What the user was doing when the wallet failed: it decides the wording of the message. */
export type WalletAction = 'connect' | 'sign' | 'switchChain' | 'read';

export interface WalletErrorOptions {
  cause?: unknown;
  /** Technical detail for logs and bug reports, never the only thing shown. */
  details?: string;
}

export class WalletError extends Error {
  override name = 'WalletError';
  readonly details: string | undefined;
  constructor(
    readonly code: WalletErrorCode,
    /** One or two sentences for the user. */
    readonly shortMessage: string,
    options: WalletErrorOptions = {},
  ) {
    super(shortMessage, { cause: options.cause });
    this.details = options.details;
  }
}

export class WalletNotFoundError extends WalletError {
  override name = 'WalletNotFoundError';
  constructor(
    readonly extensionId: string,
    options: WalletErrorOptions = {},
  ) {
    super(
      'WALLET_NOT_FOUND',
      'MetaMask did not answer. Install MetaMask (or enable it), or check the wallet extension id in Settings.',
      options,
    );
  }
}

export class WalletDisconnectedError extends WalletError {
  override name = 'WalletDisconnectedError';
  constructor(options: WalletErrorOptions = {}) {
    super('WALLET_DISCONNECTED', 'The connection to MetaMask was lost. Try again.', options);
  }
}

const rejectionMessages: Record<WalletAction, string> = {
  connect: 'You declined to connect MetaMask, so nothing was shared with MediCrypt.',
  sign: 'You rejected the signature request in MetaMask, so nothing was signed or sent.',
  switchChain: 'You declined to switch networks in MetaMask.',
  read: 'MetaMask declined the request.',
};

export class UserRejectedRequestError extends WalletError {
  override name = 'UserRejectedRequestError';
  constructor(
    readonly action: WalletAction,
    options: WalletErrorOptions = {},
  ) {
    super('USER_REJECTED', rejectionMessages[action], options);
  }
}

export class UnauthorizedAccountError extends WalletError {
  override name = 'UnauthorizedAccountError';
  constructor(options: WalletErrorOptions = {}) {
    super(
      'UNAUTHORIZED',
      'MetaMask has not shared this account with MediCrypt. Connect your wallet again.',
      options,
    );
  }
}

export class NoAccountError extends WalletError {
  override name = 'NoAccountError';
  constructor(options: WalletErrorOptions = {}) {
    super('NO_ACCOUNT', 'MetaMask shared no account. Unlock MetaMask and connect again.', options);
  }
}

export class WrongNetworkError extends WalletError {
  override name = 'WrongNetworkError';
  constructor(
    readonly expectedChainId: number,
    readonly actualChainId: number,
    options: WalletErrorOptions = {},
  ) {
    super(
      'WRONG_NETWORK',
      `MetaMask is on ${describeChain(actualChainId)}; MediCrypt uses ${describeChain(expectedChainId)}. Switch networks first.`,
      options,
    );
  }
}

export class UnknownChainError extends WalletError {
  override name = 'UnknownChainError';
  constructor(
    readonly chainId: number,
    options: WalletErrorOptions = {},
  ) {
    super('UNKNOWN_CHAIN', `MetaMask does not know ${describeChain(chainId)} yet.`, options);
  }
}

export class RequestPendingError extends WalletError {
  override name = 'RequestPendingError';
  constructor(options: WalletErrorOptions = {}) {
    super(
      'REQUEST_PENDING',
      'MetaMask already has a request waiting. Open MetaMask to answer it, then try again.',
      options,
    );
  }
}

/** The numeric `code` of an EIP-1193 / JSON-RPC error, if it has one. */
export function rpcErrorCode(error: unknown): number | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}

function rpcErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message =
    typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}

/** Maps whatever a provider threw to a WalletError; WalletErrors pass through unchanged. */
export function walletErrorFrom(error: unknown, action: WalletAction, chainId?: number): WalletError {
  if (error instanceof WalletError) return error;
  const options = { cause: error, details: rpcErrorMessage(error) };
  switch (rpcErrorCode(error)) {
    case 4001:
      return new UserRejectedRequestError(action, options);
    case 4100:
      return new UnauthorizedAccountError(options);
    case 4900:
    case 4901:
    case 1011:
    case 1013:
      return new WalletDisconnectedError(options);
    case 4902:
      if (chainId !== undefined) return new UnknownChainError(chainId, options);
      break;
    case -32002:
      return new RequestPendingError(options);
  }
  return new WalletError(
    'WALLET_REQUEST_FAILED',
    `MetaMask could not complete the request: ${options.details}`,
    options,
  );
}
