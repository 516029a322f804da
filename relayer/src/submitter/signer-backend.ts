// Who signs the relayer's batch transactions. The local signer (a key from config) is the primary backend:
// the relayer leases its nonces from Postgres and stores each signed transaction before broadcasting it.
// Remote backends (the OpenZeppelin Relayer; Defender, legacy) sign, send and manage nonces themselves.
import type { Address, Hex } from 'viem';
import type { Fees } from './fee-policy.ts';

export interface BatchTransaction {
  to: Address;
  data: Hex;
  gas: bigint;
  fees: Fees;
}

export interface LocalSigner {
  kind: 'local';
  address: Address;
  /** Signs an EIP-1559 transaction; the raw bytes are stored before they are broadcast. */
  signTransaction(transaction: BatchTransaction & { nonce: number; chainId: number }): Promise<Hex>;
}

export interface RemoteSubmission {
  /** The backend's own transaction id. */
  remoteId: string;
  hash?: Hex;
  nonce?: number;
}

export interface RemoteSigner {
  kind: 'openzeppelin-relayer' | 'defender';
  address: Address;
  send(transaction: BatchTransaction): Promise<RemoteSubmission>;
  /** Same nonce, higher fees. */
  replace(remoteId: string, transaction: BatchTransaction): Promise<RemoteSubmission>;
  status(remoteId: string): Promise<RemoteSubmission & { status: string }>;
  /**
   * The backend's recent transaction to `to` carrying exactly `data`, if it has one. A batch's calldata is
   * unique (it holds its intents' signatures), so this finds a submission whose answer was lost (a crash between
   * sending it and storing its id) instead of sending it twice.
   */
  findByData(to: Address, data: Hex): Promise<(RemoteSubmission & { status: string }) | undefined>;
}

export type SignerBackend = LocalSigner | RemoteSigner;
