// Fault benchmark (`npm run bench -- faults`): scripted and repeatable (BENCH_FAULTS_SEED). Under steady load,
// - kill: the relayer process is killed with SIGKILL at a random moment, BENCH_FAULTS_KILLS times (50), and
//   restarted each time;
// - instances: three relayer processes share one Postgres and take the load round-robin; one of them, chosen at
//   random, is killed with SIGKILL and restarted, BENCH_FAULTS_INSTANCE_KILLS times (10).
// After each scenario: every acknowledged intent must end confirmed or failed with a reason, none may run twice
// on chain, and the queue must drain. Reports faults injected, intents lost and duplicated, time to drain.
// Anvil runs with a 1 s block time, so kills land while batches are in flight. Writes bench/out/faults.json.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Hex } from 'viem';
import { testDatabaseUrl } from '../relayer/src/db/test-database.ts';
import { type ChainFixture, startChainFixture } from '../relayer/src/testing/chain-fixture.ts';
import { relayerEnv } from '../relayer/src/testing/relayer-fixture.ts';
import { type RelayerProcess, spawnRelayer } from '../relayer/src/testing/relayer-process.ts';
import { FINAL_STATUSES, waitForDrain } from './intent-queue.ts';
import { median } from './process-stats.ts';
import { intentBody, onChainTally, signRecordIntents } from './record-intents.ts';
import { printTable, writeResult } from './report.ts';

const KILLS = Number(process.env.BENCH_FAULTS_KILLS ?? 50);
const INSTANCE_KILLS = Number(process.env.BENCH_FAULTS_INSTANCE_KILLS ?? 10);
const INSTANCES = 3;
const LOAD_CONCURRENCY = 4;
/** A kill comes this long (uniformly random within it) after the previous process answered its first request. */
const KILL_WINDOW_MS = [300, 2_500] as const;
/** Load keeps coming this long after the last restart, so the last process has work of its own to finish. */
const TAIL_LOAD_MS = 3_000;
const DRAIN_POLL_MS = 100;

/** A small seeded generator (mulberry32): the same seed injects the same faults at the same moments. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Accepted {
  id: string;
  digest: Hex;
}

interface ScenarioResult {
  scenario: string;
  faults_injected: number;
  accepted: number;
  not_acknowledged: number;
  confirmed: number;
  failed: number;
  failure_reasons: Record<string, number>;
  lost: number;
  duplicated: number;
  missing_on_chain: number;
  drain_ms: number;
  restart_p50_ms: number;
}

/** How a scenario went: what it acknowledged, when its last fault struck, how long restarts took. */
interface ScenarioRun {
  name: string;
  schema: string;
  fromBlock: bigint;
  accepted: Accepted[];
  faults: number;
  notAcknowledged: number;
  lastFaultAt: number;
  restarts: number[];
}

/** Posts intents to whichever relayer `target` names, LOAD_CONCURRENCY at a time, until `stop` is set. */
function startLoad(fixture: ChainFixture, target: () => string, deadline: number) {
  const accepted: Accepted[] = [];
  let notAcknowledged = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped) {
      const { intent, digest } = (await signRecordIntents(fixture, 1, deadline))[0]!;
      try {
        const response = await fetch(`${target()}/v1/intents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: intentBody(fixture, intent),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { id?: string };
        if (response.status === 202 && body.id) accepted.push({ id: body.id, digest });
        else notAcknowledged++;
      } catch {
        // The relayer died mid-request or is restarting: not acknowledged, so not its to keep.
        notAcknowledged++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const workers = Array.from({ length: LOAD_CONCURRENCY }, worker);
  return {
    accepted,
    notAcknowledged: () => notAcknowledged,
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
}

async function settle(fixture: ChainFixture, database: pg.Pool, run: ScenarioRun): Promise<ScenarioResult> {
  const { schema, accepted } = run;
  await waitForDrain(database, schema, DRAIN_POLL_MS);
  // From the last fault to an empty queue: restart, recovery and the backlog's way to the chain.
  const drainMs = Date.now() - run.lastFaultAt;
  const { rows } = await database.query<{ id: string; status: string; failure_reason: string | null }>(
    `select id, status, failure_reason from "${schema}".intents where id = any($1)`,
    [accepted.map((a) => a.id)],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const reasons: Record<string, number> = {};
  for (const row of rows)
    if (row.status !== 'confirmed') {
      const key = `${row.status}: ${row.failure_reason ?? 'no reason'}`;
      reasons[key] = (reasons[key] ?? 0) + 1;
    }
  const { duplicated, missing } = await onChainTally(
    fixture,
    run.fromBlock,
    accepted.filter((a) => byId.get(a.id)?.status === 'confirmed').map((a) => a.digest),
  );
  return {
    scenario: run.name,
    faults_injected: run.faults,
    accepted: accepted.length,
    not_acknowledged: run.notAcknowledged,
    confirmed: rows.filter((row) => row.status === 'confirmed').length,
    failed: rows.filter((row) => row.status === 'failed' || row.status === 'expired').length,
    failure_reasons: reasons,
    // Lost: acknowledged but absent, or not final once the queue had time to drain.
    lost: accepted.filter((a) => !FINAL_STATUSES.includes(byId.get(a.id)?.status ?? '')).length,
    duplicated,
    missing_on_chain: missing,
    drain_ms: drainMs,
    restart_p50_ms: median(run.restarts),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function killScenario(
  fixture: ChainFixture,
  database: pg.Pool,
  random: () => number,
): Promise<ScenarioResult> {
  const schema = `bench_kill_${randomBytes(4).toString('hex')}`;
  const env = await relayerEnv(fixture, 'pg', schema, {
    RATE_LIMIT_PER_IP_PER_MIN: '100000000',
    RATE_LIMIT_PER_SIGNER_PER_MIN: '100000000',
    LOG_LEVEL: 'warn',
  });
  const fromBlock = await fixture.chain.publicClient.getBlockNumber();
  let current: RelayerProcess = await spawnRelayer(env);
  const load = startLoad(fixture, () => current.url, (await fixture.now()) + 4 * 3600);
  const restarts: number[] = [];
  let lastFaultAt = Date.now();
  try {
    for (let kill = 1; kill <= KILLS; kill++) {
      await sleep(KILL_WINDOW_MS[0] + random() * (KILL_WINDOW_MS[1] - KILL_WINDOW_MS[0]));
      await current.kill('SIGKILL');
      const restarted = Date.now();
      lastFaultAt = restarted;
      current = await spawnRelayer(env);
      restarts.push(Date.now() - restarted);
      if (kill % 10 === 0)
        console.log(`faults bench: ${kill}/${KILLS} kills, ${load.accepted.length} accepted`);
    }
    await sleep(TAIL_LOAD_MS);
    await load.stop();
    return await settle(fixture, database, {
      name: `SIGKILL ×${KILLS} under load`,
      schema,
      fromBlock,
      accepted: load.accepted,
      faults: KILLS,
      notAcknowledged: load.notAcknowledged(),
      lastFaultAt,
      restarts,
    });
  } finally {
    await load.stop();
    await current.kill('SIGTERM');
    await database.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
  }
}

async function instancesScenario(
  fixture: ChainFixture,
  database: pg.Pool,
  random: () => number,
): Promise<ScenarioResult> {
  const schema = `bench_instances_${randomBytes(4).toString('hex')}`;
  // One key per instance, as operators run it; every instance may sign with every key it holds.
  const env = await relayerEnv(
    fixture,
    'pg',
    schema,
    { RATE_LIMIT_PER_IP_PER_MIN: '100000000', RATE_LIMIT_PER_SIGNER_PER_MIN: '100000000', LOG_LEVEL: 'warn' },
    INSTANCES,
  );
  const fromBlock = await fixture.chain.publicClient.getBlockNumber();
  const instances: RelayerProcess[] = [];
  for (let i = 0; i < INSTANCES; i++) instances.push(await spawnRelayer(env));
  let turn = 0;
  const load = startLoad(fixture, () => instances[turn++ % INSTANCES]!.url, (await fixture.now()) + 4 * 3600);
  const restarts: number[] = [];
  let lastFaultAt = Date.now();
  try {
    for (let kill = 1; kill <= INSTANCE_KILLS; kill++) {
      await sleep(KILL_WINDOW_MS[0] + random() * (KILL_WINDOW_MS[1] - KILL_WINDOW_MS[0]));
      const victim = Math.floor(random() * INSTANCES);
      await instances[victim]!.kill('SIGKILL');
      const restarted = Date.now();
      lastFaultAt = restarted;
      instances[victim] = await spawnRelayer(env);
      restarts.push(Date.now() - restarted);
    }
    await sleep(TAIL_LOAD_MS);
    await load.stop();
    return await settle(fixture, database, {
      name: `${INSTANCES} instances on one Postgres, one killed ×${INSTANCE_KILLS}`,
      schema,
      fromBlock,
      accepted: load.accepted,
      faults: INSTANCE_KILLS,
      notAcknowledged: load.notAcknowledged(),
      lastFaultAt,
      restarts,
    });
  } finally {
    await load.stop();
    await Promise.all(instances.map((instance) => instance.kill('SIGTERM')));
    await database.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
  }
}

export async function runFaultsBench(): Promise<Record<string, unknown>> {
  const seed = Number(process.env.BENCH_FAULTS_SEED ?? 20261125);
  const random = seededRandom(seed);
  const fixture = await startChainFixture({ blockTime: 1 });
  const database = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
  try {
    const scenarios = [
      await killScenario(fixture, database, random),
      await instancesScenario(fixture, database, random),
    ];
    printTable(
      `Faults (seed ${seed}): after each, every acknowledged intent confirmed or failed with a reason`,
      [
        'scenario',
        'faults',
        'accepted',
        'confirmed',
        'failed',
        'lost',
        'duplicated',
        'last fault → drained',
        'restart p50',
      ],
      scenarios.map((s) => [
        s.scenario,
        String(s.faults_injected),
        String(s.accepted),
        String(s.confirmed),
        String(s.failed),
        String(s.lost),
        String(s.duplicated),
        `${(s.drain_ms / 1000).toFixed(1)} s`,
        `${s.restart_p50_ms} ms`,
      ]),
    );
    for (const s of scenarios)
      if (Object.keys(s.failure_reasons).length > 0)
        console.log(`${s.scenario}: not confirmed: ${JSON.stringify(s.failure_reasons)}`);
    const result = {
      seed,
      faults_injected: scenarios.reduce((sum, s) => sum + s.faults_injected, 0),
      lost: scenarios.reduce((sum, s) => sum + s.lost, 0),
      duplicated: scenarios.reduce((sum, s) => sum + s.duplicated, 0),
      accepted: scenarios.reduce((sum, s) => sum + s.accepted, 0),
      max_drain_ms: Math.max(...scenarios.map((s) => s.drain_ms)),
      scenarios,
    };
    writeResult('faults', result);
    return result;
  } finally {
    await database.end();
    await fixture.stop();
  }
}
