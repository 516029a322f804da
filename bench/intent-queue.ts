// The relayer's queue as the benchmarks read it, straight from its Postgres schema: how many intents are not yet
// final, and waiting until none is.
import type pg from 'pg';

/** Statuses an intent ends in. */
export const FINAL_STATUSES = ['confirmed', 'failed', 'expired'];
/** How long a drain may take before the benchmark gives up waiting (what is left counts as lost). */
const DRAIN_TIMEOUT_MS = 180_000;

/** Intents in `schema` that are not final yet. */
export async function openIntents(database: pg.Pool, schema: string): Promise<number> {
  const { rows } = await database.query<{ n: number }>(
    `select count(*)::int as n from "${schema}".intents where status <> all($1)`,
    [FINAL_STATUSES],
  );
  return rows[0]!.n;
}

/** Polls until every intent in `schema` is final (or the drain timeout passes). */
export async function waitForDrain(database: pg.Pool, schema: string, pollMs: number): Promise<void> {
  const started = Date.now();
  while ((await openIntents(database, schema)) > 0 && Date.now() - started < DRAIN_TIMEOUT_MS)
    await new Promise((resolve) => setTimeout(resolve, pollMs));
}
