// One status vocabulary for the remote signer backends. The OpenZeppelin Relayer (TransactionStatus in
// src/models/transaction/repository.rs: pending, sent, submitted, mined, confirmed, failed, expired, canceled)
// and Defender (Status in the relay signer SDK's models/transactions: pending, sent, submitted, inmempool,
// mined, confirmed, failed, expired) name the same stages a little differently; RemoteSigner.status() answers
// with these.

/**
 * - `pending`: accepted by the backend, not broadcast yet (both backends' `pending` and `sent`);
 * - `submitted`: broadcast, not mined yet (`submitted`; Defender's `inmempool`);
 * - `mined`: in a block, fewer confirmations than the backend waits for;
 * - `confirmed`: mined with enough confirmations;
 * - `failed`: reverted on-chain or dropped by the backend;
 * - `expired`: not sent before its valid-until time;
 * - `canceled`: canceled by us (OpenZeppelin Relayer only).
 */
export type RemoteStatus =
  | 'pending'
  | 'submitted'
  | 'mined'
  | 'confirmed'
  | 'failed'
  | 'expired'
  | 'canceled';

const remoteStatuses: Record<string, RemoteStatus> = {
  pending: 'pending',
  sent: 'pending',
  submitted: 'submitted',
  inmempool: 'submitted',
  mined: 'mined',
  confirmed: 'confirmed',
  failed: 'failed',
  expired: 'expired',
  canceled: 'canceled',
};

/** A backend's status in the shared vocabulary; a status neither backend documents is passed on as it is. */
export function normalizeRemoteStatus(backendStatus: string): RemoteStatus | string {
  return remoteStatuses[backendStatus.toLowerCase()] ?? backendStatus;
}
