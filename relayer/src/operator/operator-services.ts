// What the operator routes work with, wired once in server.ts.
import type { ChainClient } from '../chain/chain-client.ts';
import type { OpenDatabase } from '../db/connect.ts';
import type { IntentStore } from '../queue/intent-store.ts';
import type { AuditLog } from './audit-log.ts';
import type { IntakeControl } from './intake-control.ts';
import type { OperatorTransactions } from './operator-transactions.ts';
import type { SignerMonitor } from './signer-monitor.ts';
import type { SignerRegistry } from './signer-registry.ts';
import type { StoredSignerKeys } from './stored-signer-keys.ts';
import type { SystemHealth } from './system-health.ts';

export interface OperatorServices {
  database: OpenDatabase;
  chain: ChainClient;
  store: IntentStore;
  audit: AuditLog;
  intake: IntakeControl;
  registry: SignerRegistry;
  /** Keys operators add (generated here, stored encrypted). */
  storedKeys: StoredSignerKeys;
  monitor: SignerMonitor;
  transactions: OperatorTransactions;
  health: () => Promise<SystemHealth>;
  stuckAfterMs: number;
  minBalanceWei: bigint;
  /** Announces an operational event to the webhooks (intake paused, resumed, draining). */
  notify: (type: string, data: Record<string, unknown>) => Promise<unknown>;
}
