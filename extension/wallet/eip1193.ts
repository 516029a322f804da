// The slice of EIP-1193 MediCrypt uses. MetaMask's StreamProvider satisfies it, and so do the fakes in tests.

export interface RequestArguments {
  method: string;
  params?: readonly unknown[] | Record<string, unknown>;
}

export interface WalletEvents {
  accountsChanged: (accounts: string[]) => void;
  /** The new chain id as a 0x-prefixed hex string. */
  chainChanged: (chainId: string) => void;
  disconnect: (error: unknown) => void;
}

export interface Eip1193Provider {
  request(args: RequestArguments): Promise<unknown>;
  on<E extends keyof WalletEvents>(event: E, listener: WalletEvents[E]): unknown;
  removeListener<E extends keyof WalletEvents>(event: E, listener: WalletEvents[E]): unknown;
}

/** Chain ids travel as hex strings over EIP-1193 and are numbers everywhere else. */
export function parseChainId(value: unknown): number {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return Number.parseInt(value, 16);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new TypeError(`not a chain id: ${String(value)}`);
}

export function toHexChainId(chainId: number): `0x${string}` {
  return `0x${chainId.toString(16)}`;
}
