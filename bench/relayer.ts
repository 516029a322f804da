// Relayer benchmark (`npm run bench -- relayer`): intake throughput over HTTP next to the signature-verification
// ceiling measured in the same run, a burst that leaves over 1,000 intents pending (after a warm-up burst, whose
// rate is reported too: the first requests after start pay for JIT compilation and for opening connections),
// the same burst of consent requests (whose intake also reads the chain: credential, object nonce), then
// sustained load at 600 intents per minute, latency per stage, memory, and the loss/duplication count; last, a
// backlog of 10,000 intents accepted while the chain mines nothing (memory with them all queued, then the time
// they take to drain once blocks come again). Writes bench/out/relayer.json.
//
// The relayer runs as its own process on a fresh Postgres schema (the production storage), against anvil with
// a 1 s block time. Its rate limits are lifted (all load comes from one client IP), and so is the per-signer daily
// gas budget (the consent load comes from one doctor); every other check runs. The load is registerRecord intents
// from fresh patients, so no two intents share a signer or an object, and requestAccess intents from the doctor
// to fresh patients.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createIntentHasher } from '@medicrypt/contracts';
import pg from 'pg';
import { createTestClient, type Hex, http } from 'viem';
import { keccak256Bytes, keccakBackend } from '../relayer/src/crypto/native-keccak.ts';
import { testDatabaseUrl } from '../relayer/src/db/test-database.ts';
import { recoverSigner, recoveryBackend } from '../relayer/src/intake/recover-signer.ts';
import { type ChainFixture, startChainFixture } from '../relayer/src/testing/chain-fixture.ts';
import { relayerEnv } from '../relayer/src/testing/relayer-fixture.ts';
import { spawnRelayer } from '../relayer/src/testing/relayer-process.ts';
import { signAccessRequests } from './access-requests.ts';
import { createPoster } from './http-post.ts';
import { FINAL_STATUSES, openIntents, waitForDrain } from './intent-queue.ts';
import {
  cpuSeconds,
  cpuSecondsOfAll,
  ownCpuSeconds,
  percentile,
  relayerPid,
  rssMiB,
} from './process-stats.ts';
import { intentBody, onChainTally, type RecordIntent, signRecordIntents } from './record-intents.ts';
import { printTable, writeResult } from './report.ts';

const BLOCK_TIME_S = 1;
const VERIFY_SAMPLES = 3_000;
const BURST = Number(process.env.BENCH_RELAYER_BURST ?? 2_000);
/** Intents sent first, and drained, before the measured bursts: a relayer that has run a while is measured. */
const WARMUP = Number(process.env.BENCH_RELAYER_WARMUP ?? 1_000);
/** Gas a signer may spend per day in the bench: more than the doctor's consent burst needs. */
const UNLIMITED_DAILY_GAS = String(10n ** 15n);
const SUSTAINED_PER_MIN = 600;
/** Intents accepted while the chain mines nothing: the relayer's memory with this many queued. */
const BACKLOG = Number(process.env.BENCH_RELAYER_BACKLOG ?? 10_000);
const SUSTAINED_SECONDS = Number(process.env.BENCH_RELAYER_SECONDS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_RELAYER_CONCURRENCY ?? 64);
const DRAIN_POLL_MS = 250;

/** "relayer / anvil / Postgres / load generator µs (cores busy)" of a burst. */
const cpuSplit = ({ cpuUs, cores }: { cpuUs: Record<string, number>; cores: number }) =>
  `${cpuUs.relayer} / ${cpuUs.anvil} / ${cpuUs.postgres} / ${cpuUs.load_generator} µs (${cores.toFixed(2)} of ${availableParallelism()} cores busy)`;
/** A folder for a V8 CPU profile of the relayer over the whole run (open it in Chrome DevTools), when set. */
const CPU_PROFILE_DIR = process.env.BENCH_RELAYER_CPU_PROFILE;
/** Hash + recover on this one thread: the rate one core verifies intents at, with the fastest verifier here. */
async function verifyCeiling(fixture: ChainFixture, samples: RecordIntent[]): Promise<number> {
  const hash = createIntentHasher(
    { chainId: fixture.deployment.chainId, forwarder: fixture.deployment.forwarder },
    { keccak256: keccak256Bytes },
  );
  for (const { intent } of samples.slice(0, 200))
    await recoverSigner(hash(intent.data).digest, intent.signature);
  const started = performance.now();
  for (const { intent } of samples) await recoverSigner(hash(intent.data).digest, intent.signature);
  return samples.length / ((performance.now() - started) / 1000);
}

export async function runRelayerBench(): Promise<void> {
  const fixture = await startChainFixture({ blockTime: BLOCK_TIME_S });
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const database = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 });
  const relayer = await spawnRelayer(
    await relayerEnv(fixture, 'pg', schema, {
      RATE_LIMIT_PER_IP_PER_MIN: '100000000',
      RATE_LIMIT_PER_SIGNER_PER_MIN: '100000000',
      DAILY_GAS_BUDGET_PER_SIGNER: UNLIMITED_DAILY_GAS,
      LOG_LEVEL: 'warn',
      // Production's timings, not the tests' shorter ones.
      BATCH_WINDOW_MS: '250',
      INDEXER_POLL_MS: '1000',
      STUCK_AFTER_MS: '30000',
    }),
    CPU_PROFILE_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] } : {},
  );
  const poster = createPoster(CONCURRENCY);
  const pid = relayerPid(relayer.child.pid!);
  try {
    const fromBlock = await fixture.chain.publicClient.getBlockNumber();
    const deadline = (await fixture.now()) + 4 * 3600;
    console.log(`relayer bench: signing ${WARMUP + 2 * BURST + VERIFY_SAMPLES} intents…`);
    const verifySamples = await signRecordIntents(fixture, VERIFY_SAMPLES, deadline);
    const warmup = await signRecordIntents(fixture, WARMUP, deadline);
    const burst = await signRecordIntents(fixture, BURST, deadline);
    const consentBurst = await signAccessRequests(fixture, BURST, deadline);
    const verifyRps = await verifyCeiling(fixture, verifySamples);

    let maxPending = 0;
    let peakRss = rssMiB(pid);
    let rssAtMaxPending = peakRss;
    const sampler = setInterval(async () => {
      const pending = await openIntents(database, schema).catch(() => 0);
      const rss = rssMiB(pid);
      peakRss = Math.max(peakRss, rss);
      if (pending > maxPending) {
        maxPending = pending;
        rssAtMaxPending = rss;
      }
    }, 200);

    type Phase = 'warmup' | 'record' | 'consent' | 'sustained' | 'backlog';
    const accepted: { id: string; digest?: Hex; sentAt: number; phase: Phase }[] = [];
    const rejected: Record<string, number> = {};
    const reject = (code: string) => {
      rejected[code] = (rejected[code] ?? 0) + 1;
    };
    const post = async (
      { intent, digest }: Pick<RecordIntent, 'intent'> & { digest?: Hex },
      phase: Phase,
    ) => {
      const sentAt = Date.now();
      let response: Awaited<ReturnType<typeof poster.post>>;
      try {
        response = await poster.post(`${relayer.url}/v1/intents`, intentBody(fixture, intent));
      } catch (error) {
        // Not acknowledged, so not the relayer's to keep; counted, and the relayer's output says why.
        reject(`NETWORK: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
        return;
      }
      const body = response.body as { id?: string; error?: { code: string } };
      if (response.status === 202 && body.id) accepted.push({ id: body.id, digest, sentAt, phase });
      else reject(body.error?.code ?? String(response.status));
    };

    const anvilPid = fixture.anvil.process.pid!;
    const cpuNow = () => ({
      relayer: cpuSeconds(pid),
      anvil: cpuSeconds(anvilPid),
      postgres: cpuSecondsOfAll('postgres'),
      load_generator: ownCpuSeconds(),
    });
    /** Sends `items` over CONCURRENCY connections: accepted per second, CPU per accepted intent, cores busy. */
    const runBurst = async (items: Parameters<typeof post>[0][], phase: Phase) => {
      console.log(`relayer bench: ${phase} burst of ${items.length} over ${CONCURRENCY} connections…`);
      const acceptedBefore = accepted.length;
      const cpuBefore = cpuNow();
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < items.length) await post(items[next++]!, phase);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const count = accepted.length - acceptedBefore;
      const cpuAfter = cpuNow();
      /** CPU each process spent per accepted intent during the burst (µs). */
      const cpuUs = Object.fromEntries(
        Object.entries(cpuAfter).map(([name, after]) => [
          name,
          Math.round(((after - cpuBefore[name as keyof typeof cpuBefore]) * 1e6) / count),
        ]),
      ) as Record<keyof typeof cpuAfter, number>;
      const cores = (Object.values(cpuUs).reduce((sum, us) => sum + us, 0) * (count / 1e6)) / seconds;
      return { rps: count / seconds, cpuUs, cores };
    };

    const cold = await runBurst(warmup, 'warmup');
    // Each measured burst starts with nothing left in the pipeline.
    await waitForDrain(database, schema, DRAIN_POLL_MS);
    const records = await runBurst(burst, 'record');
    const intakeRps = records.rps;
    await waitForDrain(database, schema, DRAIN_POLL_MS);
    const consent = await runBurst(consentBurst, 'consent');

    const sustainedCount = Math.round((SUSTAINED_PER_MIN / 60) * SUSTAINED_SECONDS);
    console.log(`relayer bench: sustained ${SUSTAINED_PER_MIN}/min for ${SUSTAINED_SECONDS} s…`);
    const sustained = await signRecordIntents(fixture, sustainedCount, deadline);
    const intervalMs = 60_000 / SUSTAINED_PER_MIN;
    const sustainedStarted = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < sustained.length; i++) {
      const due = sustainedStarted + i * intervalMs;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(post(sustained[i]!, 'sustained'));
    }
    await Promise.all(inFlight);
    const sustainedMinutes = (Date.now() - sustainedStarted) / 60_000;

    /** Waits until every intent is final; how long that took. */
    const drain = async () => {
      const started = Date.now();
      await waitForDrain(database, schema, DRAIN_POLL_MS);
      return Date.now() - started;
    };
    console.log('relayer bench: draining…');
    const drainMs = await drain();
    const loadPeak = { maxPending, rssAtMaxPending };

    // Backlog: the chain stops mining, BACKLOG intents arrive and wait; memory is read with all of them queued.
    console.log(`relayer bench: ${BACKLOG} intents accepted while the chain mines nothing…`);
    const backlog = await signRecordIntents(fixture, BACKLOG, deadline);
    const testClient = createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });
    await testClient.setIntervalMining({ interval: 0 });
    const rssBeforeBacklog = rssMiB(pid);
    await runBurst(backlog, 'backlog');
    const backlogQueued = await openIntents(database, schema);
    let rssBacklog = rssMiB(pid);
    for (let sample = 0; sample < 10; sample++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rssBacklog = Math.max(rssBacklog, rssMiB(pid));
    }
    await testClient.setIntervalMining({ interval: BLOCK_TIME_S });
    const backlogDrainMs = await drain();
    clearInterval(sampler);

    const { rows } = await database.query(
      `select id, status, received_at, queued_at, batched_at, submitted_at, mined_at, confirmed_at
       from "${schema}".intents where id = any($1)`,
      [accepted.map((a) => a.id)],
    );
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    const statuses: Record<string, number> = {};
    for (const row of rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
    const lost = accepted.filter((a) => !FINAL_STATUSES.includes(byId.get(a.id)?.status)).length;

    const { duplicated, missing: missingOnChain } = await onChainTally(
      fixture,
      fromBlock,
      accepted.flatMap((a) => (a.digest ? [a.digest] : [])),
    );

    const stage = (from: string, to: string) =>
      accepted
        .filter((a) => a.phase === 'sustained')
        .map((a) => byId.get(a.id))
        .filter((row) => row?.[from] && row?.[to])
        .map((row) => new Date(row[to]).getTime() - new Date(row[from]).getTime());
    const sentToMined = accepted
      .filter((a) => a.phase === 'sustained' && byId.get(a.id)?.mined_at)
      .map((a) => new Date(byId.get(a.id).mined_at).getTime() - a.sentAt);
    const stages: [string, number[]][] = [
      ['received → queued (intake)', stage('received_at', 'queued_at')],
      ['queued → batched', stage('queued_at', 'batched_at')],
      ['batched → submitted', stage('batched_at', 'submitted_at')],
      ['submitted → mined', stage('submitted_at', 'mined_at')],
      ['mined → confirmed', stage('mined_at', 'confirmed_at')],
      ['signed (sent) → mined', sentToMined],
    ];
    const latency = Object.fromEntries(
      stages.map(([name, values]) => [
        name,
        { p50: percentile(values, 50), p95: percentile(values, 95), n: values.length },
      ]),
    );
    const p50SignedToMined = percentile(sentToMined, 50);
    const blockTimeMs = BLOCK_TIME_S * 1000;

    printTable(
      'Relayer: intake and load',
      ['figure', 'value'],
      [
        [
          `signature verification ceiling (1 core, ${recoveryBackend}, ${keccakBackend} keccak)`,
          `${verifyRps.toFixed(0)} /s`,
        ],
        [
          `intake over HTTP, durably stored (burst of ${BURST}, after the warm-up)`,
          `${intakeRps.toFixed(0)} /s (${((intakeRps / verifyRps) * 100).toFixed(0)}% of ceiling; target ≥ 50%)`,
        ],
        [
          `the warm-up: the first ${WARMUP} intents after start`,
          `${cold.rps.toFixed(0)} /s; CPU ${cpuSplit(cold)}`,
        ],
        ['CPU per intent in the burst: relayer / anvil / Postgres / load generator', cpuSplit(records)],
        [
          'intake of consent requests (credential and nonce read from the chain), same burst',
          `${consent.rps.toFixed(0)} /s (${((consent.rps / verifyRps) * 100).toFixed(0)}% of ceiling)`,
        ],
        ['CPU per consent request: relayer / anvil / Postgres / load generator', cpuSplit(consent)],
        [
          'sustained load',
          `${(accepted.filter((a) => a.phase === 'sustained').length / sustainedMinutes).toFixed(0)} intents/min for ${(sustainedMinutes * 60).toFixed(0)} s`,
        ],
        ['most intents pending at once (burst and sustained load)', String(loadPeak.maxPending)],
        ['drained after the last intent in', `${(drainMs / 1000).toFixed(1)} s`],
        ['accepted / rejected', `${accepted.length} / ${JSON.stringify(rejected)}`],
        ['final statuses', JSON.stringify(statuses)],
        ['lost / duplicated / missing on chain', `${lost} / ${duplicated} / ${missingOnChain}`],
        [
          'relayer RSS: peak / at most pending',
          `${peakRss.toFixed(0)} MiB / ${loadPeak.rssAtMaxPending.toFixed(0)} MiB`,
        ],
        [
          `relayer RSS with ${backlogQueued} intents queued (chain paused) / before them`,
          `${rssBacklog.toFixed(0)} MiB / ${rssBeforeBacklog.toFixed(0)} MiB`,
        ],
        ['that backlog drained, once blocks came again, in', `${(backlogDrainMs / 1000).toFixed(1)} s`],
      ],
    );
    printTable(
      `Relayer: latency per stage, sustained phase (ms; anvil block time ${blockTimeMs} ms)`,
      ['stage', 'p50', 'p95', 'n'],
      stages.map(([name]) => {
        const { p50, p95, n } = latency[name]!;
        return [name, p50.toFixed(0), p95.toFixed(0), String(n)];
      }),
    );
    console.log(
      `signed → mined p50 ${p50SignedToMined.toFixed(0)} ms; target ≤ block time + 200 ms = ${blockTimeMs + 200} ms`,
    );
    writeResult('relayer', {
      storage: 'postgres',
      verify_backend: recoveryBackend,
      keccak_backend: keccakBackend,
      intake_rps: Math.round(intakeRps),
      verify_ceiling_rps: Math.round(verifyRps),
      intake_ratio: intakeRps / verifyRps,
      warmup: WARMUP,
      warmup_intake_rps: Math.round(cold.rps),
      warmup_cpu_us_per_intent: cold.cpuUs,
      burst_cpu_us_per_intent: records.cpuUs,
      burst_cores_busy: records.cores,
      consent_intake_rps: Math.round(consent.rps),
      consent_cpu_us_per_intent: consent.cpuUs,
      consent_cores_busy: consent.cores,
      sustained_intents_per_min: Math.round(
        accepted.filter((a) => a.phase === 'sustained').length / sustainedMinutes,
      ),
      sustained_seconds: SUSTAINED_SECONDS,
      burst: BURST,
      max_pending: loadPeak.maxPending,
      drain_ms: drainMs,
      accepted: accepted.length,
      rejected,
      statuses,
      lost,
      duplicated,
      missing_on_chain: missingOnChain,
      p50_signed_to_mined_ms: p50SignedToMined,
      block_time_ms: blockTimeMs,
      latency_ms: latency,
      rss_peak_mib: peakRss,
      rss_at_max_pending_mib: loadPeak.rssAtMaxPending,
      backlog_queued: backlogQueued,
      rss_backlog_mib: rssBacklog,
      rss_before_backlog_mib: rssBeforeBacklog,
      backlog_drain_ms: backlogDrainMs,
    });
  } finally {
    if (relayer.child.exitCode !== null)
      console.error(`the relayer exited:\n${relayer.output().slice(-4000)}`);
    poster.close();
    await relayer.kill('SIGTERM');
    await database.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await database.end();
    await fixture.stop();
  }
}
