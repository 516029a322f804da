// Coalesced intake reads answer exactly what the store's one-by-one reads answer, with one query per window.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../db/test-database.ts';
import { IntentStore, type NewIntentInput } from '../queue/intent-store.ts';
import { IntakeReads } from './intake-reads.ts';

const intent = (
  digest: string,
  objectKey: string,
  objectNonce: number | null,
  actor: string,
): NewIntentInput => ({
  digest,
  actor,
  name: 'approveAccess',
  data: '0x',
  signature: '0x',
  objectKey,
  objectNonce,
  dependsOn: [],
  deadline: 2_000_000_000,
  gasEstimate: 50_000n,
  receivedIp: undefined,
});

describe.each(databaseKinds)('intake reads on %s', (kind) => {
  let database: TestDatabase;
  let store: IntentStore;
  let queries = 0;
  const counting: KyselyPlugin = {
    transformQuery: (args) => {
      queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    store = new IntentStore(database.db);
    const alice = '0x000000000000000000000000000000000000a11c';
    const bob = '0x0000000000000000000000000000000000000b0b';
    await store.insertMany([intent('0x01', 'consent:a', 1, alice), intent('0x02', 'consent:a', 0, alice)]);
    await store.insertMany([intent('0x03', 'record:b', null, bob), intent('0x04', 'consent:c', 0, bob)]);
  });
  afterAll(() => database?.drop());

  it('answers as the store does, and shares one query of each kind among concurrent callers', async () => {
    const reads = new IntakeReads({ db: database.db.withPlugin(counting) });
    const keys = [
      ['consent:a', 'record:b'],
      ['consent:c'],
      ['consent:a'],
      ['nothing'],
      ['record:b', 'consent:a'],
    ];
    const digests = ['0x01', '0x03', '0x99'];
    const actors = [
      '0x000000000000000000000000000000000000A11C',
      '0x0000000000000000000000000000000000000b0b',
      '0x00000000000000000000000000000000000000ff',
    ];
    queries = 0;
    const [live, known, gas] = await Promise.all([
      Promise.all(keys.map((set) => reads.live(set))),
      Promise.all(digests.map((digest) => reads.findByDigest(digest))),
      Promise.all(actors.map((actor) => reads.gasUsedToday(actor))),
    ]);
    expect(queries).toBe(3);
    for (const [index, set] of keys.entries())
      expect(live[index]!.map((row) => row.id)).toEqual((await store.live(set)).map((row) => row.id));
    expect(known.map((row) => row?.digest)).toEqual(['0x01', '0x03', undefined]);
    for (const [index, actor] of actors.entries()) expect(gas[index]).toBe(await store.gasUsedToday(actor));
    expect(gas[0]).toBe(100_000n);
  });
});
