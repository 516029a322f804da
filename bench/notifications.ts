// Live notifications benchmark (`npm run bench -- notifications`): 2,000 server-sent-event streams held open on
// loopback (20 signed-in patients × 100 streams each, as if each had many devices and tabs), then one doctor's
// batch of access requests, one per patient, so every stream gets one event. Fan-out latency is measured per
// stream from the moment the relayer stored the event (chain_events.indexed_at) to its arrival at the client.
// Also the relayer's RSS before and while holding the streams. Writes bench/out/notifications.json.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { categoryMask, purposes } from '@medicrypt/contracts';
import pg from 'pg';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { testDatabaseUrl } from '../relayer/src/db/test-database.ts';
import { ApiClient } from '../relayer/src/testing/api-client.ts';
import { startChainFixture } from '../relayer/src/testing/chain-fixture.ts';
import { relayerEnv } from '../relayer/src/testing/relayer-fixture.ts';
import { spawnRelayer } from '../relayer/src/testing/relayer-process.ts';
import { percentile, relayerPid, rssMiB } from './process-stats.ts';
import { printTable, writeResult } from './report.ts';

const ACCOUNTS = Number(process.env.BENCH_SSE_ACCOUNTS ?? 20);
const STREAMS_PER_ACCOUNT = Number(process.env.BENCH_SSE_STREAMS_PER_ACCOUNT ?? 100);
const DAY = 86_400;
const WAIT_MS = 60_000;

interface Stream {
  ready: Promise<void>;
  /** Arrival time (ms since epoch) and event id of the first notification. */
  first: Promise<{ at: number; id: string }>;
  close(): void;
}

/** One SSE stream over its own socket (no pooling), resolved on `ready` and on the first notification. */
function openStream(url: string, token: string): Stream {
  let close = () => {};
  let resolveReady: () => void;
  let resolveFirst: (value: { at: number; id: string }) => void;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const first = new Promise<{ at: number; id: string }>((resolve) => {
    resolveFirst = resolve;
  });
  const request = http.get(
    `${url}/v1/notifications/stream`,
    { headers: { authorization: `Bearer ${token}` }, agent: false },
    (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const at = Date.now();
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (frame.includes('event: ready')) resolveReady();
          const id = /^id: (\d+)$/m.exec(frame)?.[1];
          if (id) resolveFirst({ at, id });
        }
      });
    },
  );
  request.on('error', () => undefined);
  close = () => request.destroy();
  return { ready, first, close };
}

export async function runNotificationsBench(): Promise<void> {
  const fixture = await startChainFixture();
  const schema = `bench_sse_${randomBytes(4).toString('hex')}`;
  const database = new pg.Pool({ connectionString: testDatabaseUrl, max: 1 });
  const relayer = await spawnRelayer(
    await relayerEnv(fixture, 'pg', schema, {
      RATE_LIMIT_PER_IP_PER_MIN: '100000000',
      CONFIRMATIONS: '0',
      INDEXER_POLL_MS: '100',
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
      LOG_LEVEL: 'warn',
    }),
  );
  const pid = relayerPid(relayer.child.pid!);
  const streams: Stream[] = [];
  try {
    const rssBefore = rssMiB(pid);
    const patients = await Promise.all(
      Array.from({ length: ACCOUNTS }, async () => {
        const client = new ApiClient(
          relayer.url,
          privateKeyToAccount(generatePrivateKey()),
          fixture.deployment.chainId,
        );
        await client.login();
        return client;
      }),
    );
    console.log(`notifications bench: opening ${ACCOUNTS * STREAMS_PER_ACCOUNT} streams…`);
    const opened = Date.now();
    for (const patient of patients)
      for (let i = 0; i < STREAMS_PER_ACCOUNT; i++)
        streams.push(openStream(relayer.url, patient.accessToken!));
    await Promise.all(streams.map((stream) => stream.ready));
    const openMs = Date.now() - opened;
    const rssHolding = rssMiB(pid);

    // One event per patient, all in one batch: the doctor asks each of them for access.
    const deadline = (await fixture.now()) + 3600;
    const doctor = new ApiClient(relayer.url, fixture.doctor, fixture.deployment.chainId);
    for (const patient of patients) {
      const intent = await fixture.sign(fixture.doctor, 'requestAccess', {
        actor: fixture.doctor.address,
        patient: patient.address,
        categories: categoryMask(['lab']),
        purpose: purposes.treatment,
        duration: 30 * DAY,
        nonce: 0,
        deadline,
      });
      const response = await doctor.submit(intent, fixture.deployment.forwarder);
      if (response.status !== 202) throw new Error(`intent refused: ${JSON.stringify(response.body)}`);
    }
    const arrivals = await Promise.race([
      Promise.all(streams.map((stream) => stream.first)),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('not every stream got its notification in time')), WAIT_MS),
      ),
    ]);
    const rssPeak = Math.max(rssHolding, rssMiB(pid));
    const { rows } = await database.query<{ id: string; indexed_at: Date }>(
      `select id::text, indexed_at from "${schema}".chain_events where event_name = 'AccessRequested'`,
    );
    const indexedAt = new Map(rows.map((row) => [row.id, row.indexed_at.getTime()]));
    const latencies = arrivals.map(({ at, id }) => at - (indexedAt.get(id) ?? Number.NaN));
    const result = {
      streams: streams.length,
      accounts: ACCOUNTS,
      open_ms: openMs,
      delivered: arrivals.length,
      fanout_p50_ms: percentile(latencies, 50),
      fanout_p95_ms: percentile(latencies, 95),
      fanout_max_ms: Math.max(...latencies),
      rss_before_mib: Math.round(rssBefore),
      rss_holding_mib: Math.round(rssHolding),
      rss_peak_mib: Math.round(rssPeak),
    };
    printTable(
      'Live notifications: one event to each of 2,000 streams',
      ['figure', 'value'],
      [
        [
          'streams held (accounts × streams each)',
          `${streams.length} (${ACCOUNTS} × ${STREAMS_PER_ACCOUNT})`,
        ],
        ['time to open them all', `${openMs} ms`],
        ['notifications delivered', `${arrivals.length} / ${streams.length}`],
        [
          'fan-out latency from storage, p50 / p95 / max',
          `${result.fanout_p50_ms} / ${result.fanout_p95_ms} / ${result.fanout_max_ms} ms`,
        ],
        [
          'relayer RSS: before / holding / peak',
          `${result.rss_before_mib} / ${result.rss_holding_mib} / ${result.rss_peak_mib} MiB`,
        ],
      ],
    );
    writeResult('notifications', result);
  } finally {
    for (const stream of streams) stream.close();
    await relayer.kill('SIGTERM');
    await database.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await database.end();
    await fixture.stop();
  }
}
