// /metrics in Prometheus text format: the figures the console shows. Everything about intents, batches,
// transactions, signers and the indexer is read from the shared database (and the chain) at scrape time, so every
// instance reports the whole relayer: aggregate across instances with max(), not sum(). API errors by code are
// counted by the instance that answered them.
import { type Kysely, sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import {
  batchStatuses,
  type Database,
  intentStatuses,
  transactionStatuses,
  webhookDeliveryStatuses,
} from '../db/schema.ts';
import type { IntakeControl } from '../operator/intake-control.ts';
import { countByStatus } from '../operator/intent-search.ts';
import { stages } from '../operator/pipeline-stats.ts';
import type { SignerMonitor } from '../operator/signer-monitor.ts';
import type { SystemHealth } from '../operator/system-health.ts';
import { registerSignerMetrics } from './signer-metrics.ts';

export interface MetricsSources {
  db: Kysely<Database>;
  monitor: SignerMonitor;
  intake: IntakeControl;
  health: () => Promise<SystemHealth>;
  stuckAfterMs: number;
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const PREFIX = 'medicrypt_';
/** Seconds: from a fast batch to a slow confirmation on a busy chain. */
const STAGE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800];
/** Stage ends are observed once they are this old, so a transaction committing late is still counted. */
const SWEEP_LAG_MS = 5_000;
const SWEEP_LIMIT = 10_000;
const MS_PER_SECOND = 1000;
/**
 * prom-client's default metrics include three gauges named like counters (`_total`), which `promtool check
 * metrics` refuses; each is the sum of the by-type gauge beside it (`sum(medicrypt_relayer_nodejs_active_handles)`),
 * so they are dropped, as prom-client's maintainers propose (prometheus/client_js#283).
 */
const GAUGES_NAMED_AS_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export class RelayerMetrics {
  readonly registry = new Registry();
  private readonly apiErrors: Counter<'code'>;
  /** Stage ends up to this time have been observed. */
  private sweptUntil = new Date();
  private readonly totals = new Map<string, bigint>();

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: `${PREFIX}relayer_` });
    for (const name of GAUGES_NAMED_AS_COUNTERS) this.registry.removeSingleMetric(`${PREFIX}relayer_${name}`);
    const self = this;

    new Gauge({
      name: `${PREFIX}intents`,
      help: 'Intents by lifecycle status',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await countByStatus(sources.db);
        for (const status of intentStatuses) this.set({ status }, counts[status]);
      },
    });
    const stageHistogram = new Histogram({
      name: `${PREFIX}intent_stage_duration_seconds`,
      help: 'Time intents spent in each stage (queue: queued→batched, submit, mine, confirm; total: received→confirmed)',
      labelNames: ['stage'],
      buckets: STAGE_BUCKETS,
      registers,
      async collect() {
        await self.sweepStages(this);
      },
    });
    for (const stage of stages) stageHistogram.zero({ stage: stage.name });
    new Counter({
      name: `${PREFIX}intent_failures_total`,
      help: 'Intents that failed or expired, by failure code',
      labelNames: ['code'],
      registers,
      async collect() {
        const rows = await sources.db
          .selectFrom('intents')
          .select(['failure_code', (eb) => eb.fn.countAll<string>().as('count')])
          .where('status', 'in', ['failed', 'expired'])
          .groupBy('failure_code')
          .execute();
        for (const row of rows) {
          const code = row.failure_code ?? 'UNKNOWN';
          self.advance(this, `failures:${code}`, BigInt(row.count), { code });
        }
      },
    });
    new Counter({
      name: `${PREFIX}intents_confirmed_total`,
      help: 'Intents confirmed on chain',
      registers,
      async collect() {
        const row = await sources.db
          .selectFrom('intents')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('status', '=', 'confirmed')
          .executeTakeFirstOrThrow();
        self.advance(this, 'confirmed', BigInt(row.count));
      },
    });
    new Gauge({
      name: `${PREFIX}batches`,
      help: 'Batches by status',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await sources.db
          .selectFrom('batches')
          .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
          .groupBy('status')
          .execute();
        for (const status of batchStatuses)
          this.set({ status }, Number(rows.find((row) => row.status === status)?.count ?? 0));
      },
    });
    new Gauge({
      name: `${PREFIX}transactions`,
      help: 'Batch transactions by status',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await sources.db
          .selectFrom('transactions')
          .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
          .groupBy('status')
          .execute();
        for (const status of transactionStatuses)
          this.set({ status }, Number(rows.find((row) => row.status === status)?.count ?? 0));
      },
    });
    new Gauge({
      name: `${PREFIX}transactions_stuck`,
      help: 'Nonces whose transaction has been pending longer than STUCK_AFTER_MS',
      registers,
      async collect() {
        const since = new Date(Date.now() - sources.stuckAfterMs);
        const { rows } = await sql<{ count: string }>`
          select count(*) as count from (
            select signer, nonce from transactions where status in ('signed', 'pending')
            group by signer, nonce having min(created_at) < ${since}
          ) as stuck`.execute(sources.db);
        this.set(Number(rows[0]?.count ?? 0));
      },
    });
    new Counter({
      name: `${PREFIX}gas_used_total`,
      help: 'Gas used by the relayer’s mined transactions (batches, cancels, gap fills)',
      registers,
      async collect() {
        self.advance(this, 'gas', (await self.paid()).gas);
      },
    });
    new Counter({
      name: `${PREFIX}fees_paid_wei_total`,
      help: 'Fees paid by the relayer’s mined transactions, in wei',
      registers,
      async collect() {
        self.advance(this, 'fees', (await self.paid()).fees);
      },
    });
    registerSignerMetrics(registers, sources.monitor, PREFIX);
    new Gauge({
      name: `${PREFIX}indexer_lag_blocks`,
      help: 'Confirmed blocks the event indexer is behind the chain',
      registers,
      async collect() {
        const lag = (await self.health()).indexer.lagBlocks;
        if (lag !== null) this.set(lag);
      },
    });
    new Gauge({
      name: `${PREFIX}up`,
      help: 'Whether a dependency answers (database, rpc)',
      labelNames: ['dependency'],
      registers,
      async collect() {
        const health = await self.health();
        this.set({ dependency: 'database' }, health.database.ok ? 1 : 0);
        this.set({ dependency: 'rpc' }, health.rpc.ok ? 1 : 0);
      },
    });
    new Gauge({
      name: `${PREFIX}dependency_latency_seconds`,
      help: 'How long the last health probe of a dependency took',
      labelNames: ['dependency'],
      registers,
      async collect() {
        const health = await self.health();
        this.set({ dependency: 'database' }, health.database.latencyMs / MS_PER_SECOND);
        this.set({ dependency: 'rpc' }, health.rpc.latencyMs / MS_PER_SECOND);
      },
    });
    new Gauge({
      name: `${PREFIX}intake_paused`,
      help: '1 while an operator has paused intake or is draining, else 0',
      registers,
      collect() {
        this.set(sources.intake.state().mode === 'open' ? 0 : 1);
      },
    });
    new Gauge({
      name: `${PREFIX}webhook_deliveries`,
      help: 'Alert webhook deliveries by status',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await sources.db
          .selectFrom('webhook_deliveries')
          .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
          .groupBy('status')
          .execute();
        for (const status of webhookDeliveryStatuses)
          this.set({ status }, Number(rows.find((row) => row.status === status)?.count ?? 0));
      },
    });
    this.apiErrors = new Counter({
      name: `${PREFIX}api_errors_total`,
      help: 'Error answers of this instance’s API, by error code',
      labelNames: ['code'],
      registers,
    });
  }

  /** Counts an error answer (called by the API's error handler). */
  countApiError(code: string): void {
    this.apiErrors.inc({ code });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Raises a counter to a total read from the database (a total that went down, after a reorg, is skipped). */
  private advance(counter: Counter<string>, key: string, total: bigint, labels?: Record<string, string>) {
    const previous = this.totals.get(key) ?? 0n;
    if (total <= previous) return;
    this.totals.set(key, total);
    if (labels) counter.inc(labels, Number(total - previous));
    else counter.inc(Number(total - previous));
  }

  /** Gas and fees of every mined transaction, memoised for one scrape. */
  private paidReading: { at: number; value: Promise<{ gas: bigint; fees: bigint }> } | undefined;
  private paid(): Promise<{ gas: bigint; fees: bigint }> {
    if (this.paidReading && Date.now() - this.paidReading.at < MS_PER_SECOND) return this.paidReading.value;
    const value = sql<{ gas: string; fees: string }>`
      select coalesce(sum(gas_used), 0)::numeric(78, 0)::text as gas,
        coalesce(sum(gas_used * effective_gas_price), 0)::numeric(78, 0)::text as fees
      from (
        select gas_used, effective_gas_price from transactions
          where status in ('mined', 'confirmed') and gas_used is not null
        union all
        select gas_used, effective_gas_price from operator_transactions
          where status = 'mined' and gas_used is not null
      ) as paid`
      .execute(this.sources.db)
      .then(({ rows }) => ({ gas: BigInt(rows[0]?.gas ?? '0'), fees: BigInt(rows[0]?.fees ?? '0') }));
    this.paidReading = { at: Date.now(), value };
    return value;
  }

  private healthReading: { at: number; value: Promise<SystemHealth> } | undefined;
  private health(): Promise<SystemHealth> {
    if (this.healthReading && Date.now() - this.healthReading.at < MS_PER_SECOND)
      return this.healthReading.value;
    const value = this.sources.health();
    this.healthReading = { at: Date.now(), value };
    return value;
  }

  /** Observes the stage durations of intents whose stage ended since the last scrape (minus the lag). */
  private async sweepStages(histogram: Histogram<'stage'>): Promise<void> {
    const from = this.sweptUntil;
    const until = new Date(Date.now() - SWEEP_LAG_MS);
    if (until <= from) return;
    for (const stage of stages) {
      const start = sql.ref(stage.from);
      const end = sql.ref(stage.to);
      const { rows } = await sql<{ seconds: number }>`
        select extract(epoch from (${end} - ${start}))::float8 as seconds from intents
        where ${end} > ${from} and ${end} <= ${until} and ${start} is not null and ${end} >= ${start}
        limit ${SWEEP_LIMIT}`.execute(this.sources.db);
      for (const row of rows) histogram.observe({ stage: stage.name }, row.seconds);
    }
    this.sweptUntil = until;
  }
}
