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

export const batchStatuses = ['open', 'submitted', 'mined', 'confirmed', 'failed', 'cancelled'] as const;
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

/**
 * A batch sent through a remote signer backend: `sending` (written before the call), `accepted` (the backend
 * holds it under `remote_id`; its hashes go to `transactions` as the backend reports them), `failed` (the backend
 * gave up on it; the batch was handed back).
 */
export type RemoteSubmissionStatus = 'sending' | 'accepted' | 'failed';

export interface RemoteSubmissionTable {
  id: string;
  batch_id: string;
  signer: string;
  backend: string;
  to: string;
  data: string;
  gas_limit: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  status: RemoteSubmissionStatus;
  remote_id: string | null;
  remote_status: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SignerNonceTable {
  signer: string;
  next_nonce: Int8;
  updated_at: Timestamp;
}

export interface IntentEventTable {
  id: ColumnType<bigint, never, never>;
  /** The inserting transaction's id (xid8, as text): the order in which streams read events. */
  xid: ColumnType<string, never, never>;
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
  /** When the block was made (null for events indexed before this column existed). */
  block_time: NullableTimestamp;
  indexed_at: Timestamp;
}

/** How far one indexer has read: the last block fully processed, and its hash to notice a reorg. */
export interface IndexerCursorTable {
  name: string;
  block_number: Int8;
  block_hash: string;
  updated_at: Timestamp;
}

export interface SiweNonceTable {
  nonce: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface SessionTable {
  id: string;
  account: string;
  credentials: Json<string[]>;
  generation: number;
  refresh_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  /** `account` (patients, doctors…) or `operator` (the console); a token of one kind never works as the other. */
  kind: ColumnType<SessionKind, SessionKind | undefined, SessionKind>;
}

export type SessionKind = 'account' | 'operator';

/** Whether intake takes new intents; one row (`id` = 'intake') that every instance reads. */
export interface IntakeStateTable {
  id: string;
  mode: IntakeMode;
  reason: string | null;
  changed_by: string | null;
  changed_at: Timestamp;
}

export const intakeModes = ['open', 'paused', 'draining'] as const;
export type IntakeMode = (typeof intakeModes)[number];

/** One operator action: who, what, when, with which parameters, and how it ended. */
export interface OperatorAuditTable {
  id: ColumnType<bigint, never, never>;
  at: Timestamp;
  /** The operator's wallet address (SIWE) or API key label. */
  operator: string;
  auth: 'siwe' | 'api-key';
  action: string;
  parameters: Json<Record<string, unknown>>;
  outcome: 'ok' | 'error';
  error_code: string | null;
  result: Json<Record<string, unknown> | null> | null;
}

export const signerKeyStatuses = ['active', 'retired'] as const;
export type SignerKeyStatus = (typeof signerKeyStatuses)[number];

/** A signer key some instance holds: active keys get new batches, retired ones only finish what they have. */
export interface SignerKeyTable {
  address: string;
  status: SignerKeyStatus;
  changed_by: string | null;
  changed_at: Timestamp;
  /** For a key an operator added: the private key, AES-256-GCM encrypted (null for keys from config). */
  encrypted_key: ColumnType<string | null, string | null | undefined, string | null>;
}

export const operatorTransactionKinds = ['cancel', 'fill-gap'] as const;
export type OperatorTransactionKind = (typeof operatorTransactionKinds)[number];
export const operatorTransactionStatuses = ['signed', 'pending', 'mined', 'superseded'] as const;
export type OperatorTransactionStatus = (typeof operatorTransactionStatuses)[number];

/** A 0-value self-transfer the relayer sent for an operator: it cancels a stuck batch or fills a nonce gap. */
export interface OperatorTransactionTable {
  id: string;
  kind: OperatorTransactionKind;
  signer: string;
  nonce: Int8;
  hash: string;
  raw: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  /** cancel: the batch transaction it replaces. */
  target_transaction_id: string | null;
  batch_id: string | null;
  status: OperatorTransactionStatus;
  requested_by: string;
  block_number: NullableInt8;
  gas_used: string | null;
  effective_gas_price: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  mined_at: NullableTimestamp;
  updated_at: Timestamp;
}

/** Whether an alert is firing, so that exactly one instance announces each change. */
export interface AlertStateTable {
  name: string;
  firing: boolean;
  since: Timestamp;
  details: Json<Record<string, unknown> | null> | null;
}

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** A webhook call, kept until delivered (or given up) so that retries survive restarts. */
export interface WebhookDeliveryTable {
  id: string;
  url: string;
  event: string;
  /** The exact JSON that is sent and signed. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface KeyBindingTable {
  account: string;
  public_key: string;
  issued_at: Int8;
  chain_id: number;
  signature: string;
  updated_at: Timestamp;
}

/** A record version's metadata; its bytes (ciphertext) are in the content store under `cid`. */
export interface RecordTable {
  cid: string;
  digest: string;
  codec: number;
  patient: string;
  record_id: string;
  version: number;
  content_type: string;
  category: number;
  name: string;
  size: Int8;
  uploaded_by: string;
  uploaded_at: Timestamp;
  unpinned_at: NullableTimestamp;
}

export interface KeyEnvelopeTable {
  cid: string;
  grantee: string;
  envelope: Json<Record<string, unknown>>;
  created_by: string;
  created_at: Timestamp;
}

export interface AccessLogTable {
  id: ColumnType<bigint, never, never>;
  patient: string;
  accessor: string;
  cid: string;
  action: string;
  at: ColumnType<Date, Date | string | undefined, never>;
}

/** A study protocol document; its keccak256 (canonical JSON) is the protocolHash registered on chain. */
export interface StudyProtocolTable {
  study_id: string;
  researcher: string;
  protocol_hash: string;
  protocol: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

/** A patient's de-identified contribution to a study (made and de-identified in the patient's client). */
export interface StudyContributionTable {
  study_id: string;
  patient: string;
  subject: string;
  quasi: Json<Record<string, unknown>>;
  resources: Json<Record<string, unknown>[]>;
  submitted_at: Timestamp;
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
  siwe_nonces: SiweNonceTable;
  sessions: SessionTable;
  key_bindings: KeyBindingTable;
  records: RecordTable;
  key_envelopes: KeyEnvelopeTable;
  access_log: AccessLogTable;
  study_protocols: StudyProtocolTable;
  study_contributions: StudyContributionTable;
  intake_state: IntakeStateTable;
  operator_audit: OperatorAuditTable;
  signer_keys: SignerKeyTable;
  operator_transactions: OperatorTransactionTable;
  alert_state: AlertStateTable;
  webhook_deliveries: WebhookDeliveryTable;
  remote_submissions: RemoteSubmissionTable;
}

export type IntentRow = Selectable<IntentTable>;
export type NewIntent = Insertable<IntentTable>;
export type IntentUpdate = Updateable<IntentTable>;
export type TransactionRow = Selectable<TransactionTable>;
export type RemoteSubmissionRow = Selectable<RemoteSubmissionTable>;
export type BatchRow = Selectable<BatchTable>;
export type ChainEventRow = Selectable<ChainEventTable>;
export type NewChainEvent = Insertable<ChainEventTable>;
export type SessionRow = Selectable<SessionTable>;
export type RecordRow = Selectable<RecordTable>;
export type OperatorTransactionRow = Selectable<OperatorTransactionTable>;
export type OperatorAuditRow = Selectable<OperatorAuditTable>;
