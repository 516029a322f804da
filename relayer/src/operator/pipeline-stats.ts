// Throughput and latency per stage over time, and failures by code, read from the intents' stage timestamps:
// each stage's duration is the time between two stamps (queued → batched is the wait in the queue, …), counted
// in the time bucket where the stage ended. One query per figure, all in the database.
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';

export const statsQuerySchema = z.strictObject({
  windowMinutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(60),
  buckets: z.coerce.number().int().min(4).max(120).default(30),
});
export type StatsQuery = z.output<typeof statsQuerySchema>;

type StampColumn = 'received_at' | 'queued_at' | 'batched_at' | 'submitted_at' | 'mined_at' | 'confirmed_at';

/** The stages, each between two stamps. `total` is received → confirmed. */
export const stages = [
  { name: 'queue', from: 'queued_at', to: 'batched_at' },
  { name: 'submit', from: 'batched_at', to: 'submitted_at' },
  { name: 'mine', from: 'submitted_at', to: 'mined_at' },
  { name: 'confirm', from: 'mined_at', to: 'confirmed_at' },
  { name: 'total', from: 'received_at', to: 'confirmed_at' },
] as const satisfies readonly { name: string; from: StampColumn; to: StampColumn }[];
export type StageName = (typeof stages)[number]['name'];

export interface LatencyPoint {
  count: number;
  p50: number | null;
  p95: number | null;
}

const MS_PER_MINUTE = 60_000;

/** Latency (seconds) of one stage over the window: overall, and per bucket. */
async function stageLatency(
  db: Kysely<Database>,
  stage: (typeof stages)[number],
  since: Date,
  bucketSeconds: number,
) {
  const from = sql.ref(stage.from);
  const to = sql.ref(stage.to);
  const duration = sql`extract(epoch from (${to} - ${from}))`;
  const where = sql`${to} >= ${since} and ${from} is not null and ${to} >= ${from}`;
  const buckets = await sql<{ bucket: number; count: string; p50: number | null; p95: number | null }>`
    select floor(extract(epoch from (${to} - ${since}::timestamptz)) / ${bucketSeconds})::int as bucket,
      count(*) as count,
      percentile_cont(0.5) within group (order by ${duration})::float8 as p50,
      percentile_cont(0.95) within group (order by ${duration})::float8 as p95
    from intents where ${where}
    group by 1 order by 1`.execute(db);
  const overall = await sql<{ count: string; p50: number | null; p95: number | null }>`
    select count(*) as count,
      percentile_cont(0.5) within group (order by ${duration})::float8 as p50,
      percentile_cont(0.95) within group (order by ${duration})::float8 as p95
    from intents where ${where}`.execute(db);
  const row = overall.rows[0];
  return {
    overall: { count: Number(row?.count ?? 0), p50: row?.p50 ?? null, p95: row?.p95 ?? null },
    buckets: new Map(
      buckets.rows.map((bucket) => [
        Number(bucket.bucket),
        { count: Number(bucket.count), p50: bucket.p50, p95: bucket.p95 },
      ]),
    ),
  };
}

/** How many intents passed a stamp in each bucket. */
async function countsPerBucket(
  db: Kysely<Database>,
  column: StampColumn,
  since: Date,
  bucketSeconds: number,
) {
  const at = sql.ref(column);
  const rows = await sql<{ bucket: number; count: string }>`
    select floor(extract(epoch from (${at} - ${since}::timestamptz)) / ${bucketSeconds})::int as bucket,
      count(*) as count
    from intents where ${at} >= ${since}
    group by 1`.execute(db);
  return new Map(rows.rows.map((row) => [Number(row.bucket), Number(row.count)]));
}

/** Failures in the window by code, and their share of the intents that finished in it. */
export async function failuresByCode(db: Kysely<Database>, since: Date) {
  const failed = await db
    .selectFrom('intents')
    .select(['failure_code', 'status', (eb) => eb.fn.countAll<string>().as('count')])
    .where('status', 'in', ['failed', 'expired'])
    .where('failed_at', '>=', since)
    .groupBy(['failure_code', 'status'])
    .execute();
  const confirmed = await db
    .selectFrom('intents')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '=', 'confirmed')
    .where('confirmed_at', '>=', since)
    .executeTakeFirstOrThrow();
  const failures = failed.map((row) => ({
    code: row.failure_code ?? 'UNKNOWN',
    status: row.status,
    count: Number(row.count),
  }));
  const failedCount = failures.reduce((sum, row) => sum + row.count, 0);
  const finished = failedCount + Number(confirmed.count);
  return {
    finished,
    failed: failedCount,
    failureRate: finished === 0 ? 0 : failedCount / finished,
    byCode: failures
      .map((row) => ({ ...row, rate: finished === 0 ? 0 : row.count / finished }))
      .sort((a, b) => b.count - a.count),
  };
}

export async function pipelineStats(db: Kysely<Database>, query: StatsQuery, now = new Date()) {
  const windowMs = query.windowMinutes * MS_PER_MINUTE;
  const since = new Date(now.getTime() - windowMs);
  const bucketSeconds = windowMs / 1000 / query.buckets;
  const [received, confirmed, failed, latencies, errors] = await Promise.all([
    countsPerBucket(db, 'received_at', since, bucketSeconds),
    countsPerBucket(db, 'confirmed_at', since, bucketSeconds),
    db
      .selectFrom('intents')
      .select(
        sql<number>`floor(extract(epoch from (failed_at - ${since}::timestamptz)) / ${bucketSeconds})::int`.as(
          'bucket',
        ),
      )
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', 'in', ['failed', 'expired'])
      .where('failed_at', '>=', since)
      .groupBy('bucket')
      .execute()
      .then((rows) => new Map(rows.map((row) => [Number(row.bucket), Number(row.count)]))),
    Promise.all(stages.map((stage) => stageLatency(db, stage, since, bucketSeconds))),
    failuresByCode(db, since),
  ]);
  const series = Array.from({ length: query.buckets }, (_, bucket) => ({
    start: new Date(since.getTime() + bucket * bucketSeconds * 1000).toISOString(),
    received: received.get(bucket) ?? 0,
    confirmed: confirmed.get(bucket) ?? 0,
    failed: failed.get(bucket) ?? 0,
    latency: Object.fromEntries(
      stages.map((stage, index) => [stage.name, latencies[index]!.buckets.get(bucket) ?? null]),
    ) as Record<StageName, LatencyPoint | null>,
  }));
  return {
    since: since.toISOString(),
    until: now.toISOString(),
    bucketSeconds,
    stages: stages.map((stage, index) => ({
      name: stage.name,
      from: stage.from,
      to: stage.to,
      ...latencies[index]!.overall,
    })),
    series,
    errors,
  };
}
