import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../db/test-database.ts';
import { RelayerError } from '../errors.ts';
import type { NewIntentInput } from './intent-store.ts';
import { IntentStore } from './intent-store.ts';
import { IntentWriter } from './intent-writer.ts';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`;

function input(overrides: Partial<NewIntentInput> = {}): NewIntentInput {
  return {
    digest: hex(32),
    actor: hex(20),
    name: 'registerRecord',
    data: '0x1234',
    signature: '0xabcd',
    objectKey: `record:${hex(32)}`,
    objectNonce: null,
    dependsOn: [],
    deadline: 1_900_000_000,
    gasEstimate: 50_000n,
    receivedIp: '127.0.0.1',
    ...overrides,
  };
}

describe.each(databaseKinds)('group commit on %s', (kind) => {
  let database: TestDatabase;
  let store: IntentStore;
  let writer: IntentWriter;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = new IntentStore(database.db);
    // Inserts made in the same turn of the event loop land in the same group.
    writer = new IntentWriter({ store });
  });
  afterAll(() => database?.drop());

  it('stores concurrent intents together, each with its events, and sums budgets per signer', async () => {
    const actor = hex(20);
    const inputs = [
      ...Array.from({ length: 20 }, () => input({ actor, gasEstimate: 10_000n })),
      ...Array.from({ length: 5 }, () => input()),
    ];
    const results = await Promise.all(inputs.map((item) => writer.insert(item)));
    expect(results.every((result) => result.created)).toBe(true);
    expect(results.map((result) => result.intent.digest)).toEqual(inputs.map((item) => item.digest));
    const events = await database.db
      .selectFrom('intent_events')
      .select(['intent_id', 'status'])
      .where(
        'intent_id',
        'in',
        results.map((result) => result.intent.id),
      )
      .execute();
    expect(events).toHaveLength(2 * inputs.length);
    expect(await store.gasUsedToday(actor)).toBe(200_000n);
    // A later group adds to the same day's budget.
    await writer.insert(input({ actor, gasEstimate: 1n }));
    expect(await store.gasUsedToday(actor)).toBe(200_001n);
  });

  it('answers an intent stored before with its first row, and stores the rest of its group', async () => {
    const first = await store.insert(input());
    const fresh = [input(), input()];
    const [again, ...others] = await Promise.all([
      writer.insert({ ...input(), digest: first.intent.digest }),
      ...fresh.map((item) => writer.insert(item)),
    ]);
    expect(again).toMatchObject({ created: false, intent: { id: first.intent.id } });
    expect(others.map((other) => other.created)).toEqual([true, true]);
  });

  it('rejects only the intent whose object version is taken', async () => {
    const objectKey = `consent:${hex(20)}`;
    await store.insert(input({ objectKey, objectNonce: 0 }));
    const outcomes = await Promise.allSettled([
      writer.insert(input({ objectKey, objectNonce: 0 })),
      writer.insert(input({ objectKey, objectNonce: 1 })),
      writer.insert(input()),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'rejected' });
    const error = (outcomes[0] as PromiseRejectedResult).reason as RelayerError;
    expect(error).toBeInstanceOf(RelayerError);
    expect(error.code).toBe('NONCE_CONFLICT');
    expect(outcomes.slice(1).map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
  });
});
