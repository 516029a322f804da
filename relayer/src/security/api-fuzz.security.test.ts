// Property-based fuzzing of every API route, driven by the OpenAPI document the relayer serves: random path
// parameters, query strings (known and unknown keys) and JSON bodies, signed in or not. The property: no answer
// is a server error (5xx other than a documented 503), every error has the `{ error: { code, message } }` shape,
// and the relayer still answers /healthz afterwards. FUZZ_RUNS sets the number of inputs (default 2,000;
// `npm run test:security` runs 10,000).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelayer } from '../server.ts';
import { ApiClient } from '../testing/api-client.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { relayerEnv, startTestRelayer } from '../testing/relayer-fixture.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const REQUEST_TIMEOUT_MS = 5_000;
const API_KEY = 'fuzz-operator-key-fuzz-operator-key-000001';

interface Operation {
  method: string;
  path: string;
  secured: boolean;
  stream: boolean;
  params: { name: string; in: 'path' | 'query' }[];
  has503: boolean;
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        parameters?: { name: string; in: 'path' | 'query' }[];
        responses: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
};

function operationsOf(document: OpenApi): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      secured: Boolean(operation.security),
      stream: Object.values(operation.responses).some(
        (response) => 'text/event-stream' in (response.content ?? {}),
      ),
      params: operation.parameters ?? [],
      has503: '503' in operation.responses,
    })),
  );
}

/** Strings that tend to break parsers: hex, addresses, CIDs, traversal, unicode, huge numbers, empties. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    '0x',
    '..%2F..%2Fetc%2Fpasswd',
    '../../etc/passwd',
    '%00',
    '-1',
    '1e309',
    'NaN',
    'null',
    '[]',
    '{}',
  ),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => `0x${Buffer.from(bytes).toString('hex')}`),
  fc.bigInt().map(String),
  fc.constantFrom(
    `0x${'ab'.repeat(20)}`,
    `0x${'cd'.repeat(32)}`,
    'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
  ),
);
const body = fc.oneof(
  fc.json(),
  fc.dictionary(fc.string(), fc.jsonValue()).map((value) => JSON.stringify(value)),
  fc.string(),
  fc.constant(''),
);

describe('fuzzing every route from the OpenAPI document', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let token: string;
  let operations: Operation[];

  beforeAll(async () => {
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pg', `fuzz_${randomBytes(4).toString('hex')}`, {
        OPERATOR_API_KEYS: `fuzz:${API_KEY}`,
        RATE_LIMIT_PER_IP_PER_MIN: '100000000',
      }),
    );
    const client = new ApiClient(
      relayer.url,
      privateKeyToAccount(generatePrivateKey()),
      fixture.deployment.chainId,
    );
    await client.login();
    token = client.accessToken!;
    operations = operationsOf((await (await fetch(`${relayer.url}/openapi.json`)).json()) as OpenApi);
  });
  afterAll(async () => {
    await relayer?.stop();
    await fixture?.stop();
  });

  it(`answers ${RUNS} random requests without a server error`, async () => {
    const statuses = new Map<number, number>();
    const input = fc.record({
      operation: fc.integer({ min: 0, max: 1_000_000 }),
      path: fc.array(nasty, { minLength: 4, maxLength: 4 }),
      query: fc.dictionary(
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('limit', 'as', 'status', 'patient', 'format', 'k', 'epsilon', 'after', 'actor'),
        ),
        nasty,
        { maxKeys: 4 },
      ),
      body,
      signedIn: fc.boolean(),
      operatorKey: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(input, async (sample) => {
        const operation = operations[sample.operation % operations.length]!;
        let index = 0;
        const path = operation.path.replace(/\{\w+\}/g, () => encodeURIComponent(sample.path[index++ % 4]!));
        const query = new URLSearchParams(sample.query).toString();
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (sample.signedIn) headers.authorization = `Bearer ${token}`;
        if (sample.operatorKey) headers['x-operator-key'] = API_KEY;
        const withBody = operation.method !== 'GET' && operation.method !== 'DELETE';
        const response = await fetch(`${relayer.url}${path}${query ? `?${query}` : ''}`, {
          method: operation.method,
          headers,
          ...(withBody ? { body: sample.body } : {}),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const contentType = response.headers.get('content-type') ?? '';
        if (operation.stream && response.status === 200) {
          await response.body?.cancel();
          return;
        }
        const text = await response.text();
        const serverError = response.status >= 500 && !(response.status === 503 && operation.has503);
        expect(
          serverError,
          `${operation.method} ${path}?${query} → ${response.status} ${text.slice(0, 200)}`,
        ).toBe(false);
        if (response.status >= 400 && contentType.includes('application/json')) {
          const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof parsed.error?.code, `${operation.method} ${path}: ${text.slice(0, 200)}`).toBe(
            'string',
          );
          expect(typeof parsed.error?.message).toBe('string');
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
    );
    console.log(
      `fuzzed ${RUNS} requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect((await fetch(`${relayer.url}/healthz`)).status).toBe(200);
    expect(operations.length).toBeGreaterThan(40);
  }, 900_000);
});
