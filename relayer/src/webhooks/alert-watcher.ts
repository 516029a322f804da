// Evaluates the alert conditions of docs/alerts.yml from the relayer's own readings and announces each change
// (`alert.firing`, `alert.resolved`) as a webhook. The alert's state lives in the database, and a change is
// recorded by a conditional write, so when several instances evaluate at once exactly one announces it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { failuresByCode } from '../operator/pipeline-stats.ts';
import type { SignerMonitor, SignerStatus } from '../operator/signer-monitor.ts';
import type { SystemHealth } from '../operator/system-health.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/** The alert names, as in docs/alerts.yml. */
export const ALERTS = {
  stuckNonce: 'StuckNonce',
  lowBalance: 'SignerBalanceLow',
  failureRate: 'HighFailureRate',
  indexerLag: 'IndexerLag',
} as const;

export interface AlertThresholds {
  /** A nonce counts as stuck when its oldest transaction waited this many times STUCK_AFTER_MS. */
  stuckAfterMs: number;
  failureRatePercent: number;
  indexerLagBlocks: number;
}

export interface AlertWatcherOptions {
  db: Kysely<Database>;
  monitor: SignerMonitor;
  health: () => Promise<SystemHealth>;
  dispatcher: WebhookDispatcher;
  thresholds: AlertThresholds;
}

/** The tracker replaces a stuck transaction after STUCK_AFTER_MS; still stuck after twice that is an alert. */
export const STUCK_ALERT_FACTOR = 2;
/** The failure rate is judged only over at least this many finished intents. */
export const MIN_FINISHED_FOR_RATE = 10;
const FAILURE_WINDOW_MS = 3_600_000;
const PERCENT = 100;

interface Condition {
  name: string;
  firing: boolean;
  details: Record<string, unknown>;
}

export class AlertWatcher {
  constructor(private readonly options: AlertWatcherOptions) {}

  /** Evaluates every condition; answers the alerts whose state changed (firing or resolved). */
  async evaluate(): Promise<{ name: string; firing: boolean }[]> {
    const conditions = await this.conditions();
    const changed: { name: string; firing: boolean }[] = [];
    for (const condition of conditions) {
      if (await this.transition(condition)) changed.push({ name: condition.name, firing: condition.firing });
    }
    return changed;
  }

  private async conditions(): Promise<Condition[]> {
    const { thresholds, monitor, db } = this.options;
    const [signers, health, failures] = await Promise.all([
      monitor.read(),
      this.options.health(),
      failuresByCode(db, new Date(Date.now() - FAILURE_WINDOW_MS)),
    ]);
    const stuckSeconds = (thresholds.stuckAfterMs * STUCK_ALERT_FACTOR) / 1000;
    const perSigner = (signer: SignerStatus): Condition[] => [
      {
        name: `${ALERTS.stuckNonce}:${signer.address}`,
        firing:
          signer.missingNonces.length > 0 ||
          (signer.oldestPendingSeconds !== null && signer.oldestPendingSeconds > stuckSeconds),
        details: {
          alert: ALERTS.stuckNonce,
          signer: signer.address,
          missingNonces: signer.missingNonces.map(String),
          oldestPendingSeconds: signer.oldestPendingSeconds,
        },
      },
      {
        name: `${ALERTS.lowBalance}:${signer.address}`,
        firing: signer.lowBalance,
        details: {
          alert: ALERTS.lowBalance,
          signer: signer.address,
          balanceWei: signer.balanceWei?.toString() ?? null,
          runwaySeconds: signer.runwaySeconds,
        },
      },
    ];
    const lag = health.indexer.lagBlocks;
    return [
      ...signers.flatMap(perSigner),
      {
        name: ALERTS.failureRate,
        firing:
          failures.finished >= MIN_FINISHED_FOR_RATE &&
          failures.failureRate * PERCENT >= thresholds.failureRatePercent,
        details: {
          alert: ALERTS.failureRate,
          failureRate: failures.failureRate,
          finished: failures.finished,
          byCode: failures.byCode.map(({ code, count }) => ({ code, count })),
        },
      },
      {
        name: ALERTS.indexerLag,
        firing: lag !== null && lag >= thresholds.indexerLagBlocks,
        details: { alert: ALERTS.indexerLag, lagBlocks: lag },
      },
    ];
  }

  /** Records the condition's state; true when this call changed it (and so announced it). */
  private async transition(condition: Condition): Promise<boolean> {
    const { db, dispatcher } = this.options;
    const now = new Date();
    const details = JSON.stringify(condition.details);
    return db.transaction().execute(async (trx) => {
      const changed = condition.firing
        ? await trx
            .insertInto('alert_state')
            .values({ name: condition.name, firing: true, since: now, details })
            .onConflict((conflict) =>
              conflict
                .column('name')
                .doUpdateSet({ firing: true, since: now, details })
                .where('alert_state.firing', '=', false),
            )
            .returning('name')
            .executeTakeFirst()
        : await trx
            .updateTable('alert_state')
            .set({ firing: false, since: now, details })
            .where('name', '=', condition.name)
            .where('firing', '=', true)
            .returning('name')
            .executeTakeFirst();
      if (!changed) return false;
      await dispatcher.enqueue(
        condition.firing ? 'alert.firing' : 'alert.resolved',
        { name: condition.name, ...condition.details },
        trx,
      );
      return true;
    });
  }
}
