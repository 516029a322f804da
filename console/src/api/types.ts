// The JSON the operator API answers (relayer/src/operator/*), as the console reads it.

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
export type StatusCounts = Record<IntentStatus, number>;

export interface IntakeState {
  mode: 'open' | 'paused' | 'draining';
  reason: string | null;
  changedBy: string | null;
  changedAt: string | null;
  inFlight: number;
  drained: boolean;
}

export interface Probe {
  ok: boolean;
  latencyMs: number;
  error: string | null;
}

export interface Health {
  database: Probe & { kind: string };
  rpc: Probe & { blockNumber: string | null; chainId: number };
  indexer: { lagBlocks: number | null; error: string | null };
}

export interface Signer {
  address: string;
  status: 'active' | 'retired';
  heldHere: boolean;
  balanceWei: string | null;
  lowBalance: boolean;
  chainNonce: { latest: number; pending: number } | null;
  relayerNextNonce: string | null;
  missingNonces: string[];
  nonceGap: boolean;
  inFlight: number;
  oldestPendingSeconds: number | null;
  spentWeiLastHour: string;
  runwaySeconds: number | null;
}

export interface Failures {
  finished: number;
  failed: number;
  failureRate: number;
  byCode: { code: string; status: string; count: number; rate: number }[];
}

export interface Overview {
  intake: IntakeState;
  counts: StatusCounts;
  health: Health;
  signers: Signer[];
  minBalanceWei: string;
  alarms: { lowBalance: string[]; nonceGap: string[]; stuck: number };
  failures: Failures;
}

export interface Intent {
  id: string;
  digest: string;
  type: string;
  actor: string;
  status: IntentStatus;
  batchId: string | null;
  attempts: number;
  deadline: number;
  failureCode: string | null;
  failureReason: string | null;
  timestamps: Record<string, string | null>;
}

export interface IntentEvent {
  id: string;
  status: string;
  at: string;
  details: Record<string, unknown> | null;
}

export interface Transaction {
  id: string;
  batchId: string;
  signer: string;
  nonce: string;
  hash: string;
  status: string;
  maxFeePerGas: string;
  gasUsed: string | null;
  effectiveGasPrice: string | null;
  feeWei: string | null;
  blockNumber: string | null;
  replacedBy: string | null;
  createdAt: string;
  sentAt: string | null;
  minedAt: string | null;
}

export interface StuckTransaction extends Transaction {
  waitingSeconds: number;
  attempts: number;
}

export interface OperatorTransaction {
  id: string;
  kind: 'cancel' | 'fill-gap';
  signer: string;
  nonce: string;
  hash: string;
  status: string;
  targetTransactionId: string | null;
  batchId: string | null;
  requestedBy: string;
  feeWei: string | null;
  createdAt: string;
}

export interface Batch {
  id: string;
  signer: string;
  status: string;
  intentCount: number;
  createdAt: string;
  gasUsed: string | null;
  feeWei: string | null;
  transactions: Transaction[];
}

export interface LatencyPoint {
  count: number;
  p50: number | null;
  p95: number | null;
}

export interface Stats {
  since: string;
  until: string;
  bucketSeconds: number;
  stages: ({ name: string; from: string; to: string } & LatencyPoint)[];
  series: {
    start: string;
    received: number;
    confirmed: number;
    failed: number;
    latency: Record<string, LatencyPoint | null>;
  }[];
  errors: Failures;
}

export interface AuditEntry {
  id: string;
  at: string;
  operator: string;
  auth: string;
  action: string;
  parameters: Record<string, unknown>;
  outcome: 'ok' | 'error';
  errorCode: string | null;
  result: Record<string, unknown> | null;
}

export interface Snapshot {
  at: string;
  counts: StatusCounts;
  intake: { mode: IntakeState['mode']; reason: string | null };
  recent: {
    id: string;
    intentId: string;
    type: string;
    actor: string;
    status: string;
    at: string;
    details: Record<string, unknown> | null;
  }[];
}
