// The relayer's tables as Kysely sees them. Addresses and hashes are lowercase 0x hex text; wei amounts are
// numeric text (exact, any size); nonces and block numbers are int8, read as bigint on both pg and PGlite.
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

export const intentStatuses = [
  'received',
  'queued',
  'batched',
  'submitted',
  'mined',
  'confirmed',
  'failed',
  'expired',
] as const;
export type IntentStatus = (typeof intentStatuses)[number];
/** Statuses after which an intent never changes again. */
export const finalIntentStatuses: readonly IntentStatus[] = ['confirmed', 'failed', 'expired'];

export const transactionStatuses = [
  'signed',
  'pending',
  'mined',
  'confirmed',
  'replaced',
  'dropped',
  'failed',
] as const;
export type TransactionStatus = (typeof transactionStatuses)[number];

export const batchStatuses = ['open', 'submitted', 'mined', 'confirmed', 'failed'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Int8 = ColumnType<bigint, bigint | number, bigint | number>;
type NullableInt8 = ColumnType<bigint | null, bigint | number | null | undefined, bigint | number | null>;
type Json<T> = ColumnType<T, string, string>;

export interface IntentTable {
  id: string;
  digest: string;
  actor: string;
  name: string;
  data: string;
  signature: string;
  object_key: string;
  object_nonce: number | null;
  depends_on: Json<string[]>;
  status: IntentStatus;
  failure_code: string | null;
  failure_reason: string | null;
  deadline: Int8;
  gas_estimate: NullableInt8;
  received_ip: string | null;
  batch_id: string | null;
  /** Index of the intent in its batch's executeBatch call (IntentFailed events name it). */
  batch_position: number | null;
  /** Batches this intent was part of that did not land (a reverted or lost transaction). */
  attempts: ColumnType<number, number | undefined, number>;
  received_at: Timestamp;
  queued_at: NullableTimestamp;
  batched_at: NullableTimestamp;
  submitted_at: NullableTimestamp;
  mined_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface BatchTable {
  id: string;
  signer: string;
  status: BatchStatus;
  intent_count: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TransactionTable {
  id: string;
  batch_id: string;
  signer: string;
  nonce: Int8;
  hash: string;
  raw: string | null;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  gas_limit: string;
  status: TransactionStatus;
  block_number: NullableInt8;
  block_hash: string | null;
  gas_used: string | null;
  effective_gas_price: string | null;
  replaced_by: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  mined_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface SignerNonceTable {
  signer: string;
  next_nonce: Int8;
  updated_at: Timestamp;
}

export interface IntentEventTable {
  id: ColumnType<bigint, never, never>;
  intent_id: string;
  status: IntentStatus;
  at: Timestamp;
  details: Json<Record<string, unknown> | null> | null;
}

export interface DailyBudgetTable {
  signer: string;
  day: string;
  gas_used: Int8;
}

/** A decoded contract event; args hold the event's named arguments (bigints as decimal strings). */
export interface ChainEventTable {
  id: ColumnType<bigint, never, never>;
  /** Lowercase address of the emitting contract. */
  contract: string;
  block_number: Int8;
  block_hash: string;
  log_index: number;
  tx_hash: string;
  event_name: string;
  args: Json<Record<string, unknown>>;
  indexed_at: Timestamp;
}

/** How far one indexer has read: the last block fully processed, and its hash to notice a reorg. */
export interface IndexerCursorTable {
  name: string;
  block_number: Int8;
  block_hash: string;
  updated_at: Timestamp;
}

export interface Database {
  intents: IntentTable;
  batches: BatchTable;
  transactions: TransactionTable;
  signer_nonces: SignerNonceTable;
  intent_events: IntentEventTable;
  daily_budgets: DailyBudgetTable;
  chain_events: ChainEventTable;
  indexer_cursor: IndexerCursorTable;
}

export type IntentRow = Selectable<IntentTable>;
export type NewIntent = Insertable<IntentTable>;
export type IntentUpdate = Updateable<IntentTable>;
export type TransactionRow = Selectable<TransactionTable>;
export type BatchRow = Selectable<BatchTable>;
export type ChainEventRow = Selectable<ChainEventTable>;
export type NewChainEvent = Insertable<ChainEventTable>;
