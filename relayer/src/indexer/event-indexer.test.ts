// The indexer against a real anvil and both databases: it stores every registry event once, resumes where it
// stopped, waits for confirmations, and undoes a reorg (an anvil snapshot reverted and re-mined differently).
import { categoryMask, purposes } from '@medicrypt/contracts';
import pino from 'pino';
import { createTestClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../db/test-database.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { EventIndexer } from './event-indexer.ts';

const logger = pino({ level: 'silent' });

describe.each(databaseKinds)('event indexer on %s', (kind) => {
  let fixture: ChainFixture;
  let database: TestDatabase;

  beforeAll(async () => {
    fixture = await startChainFixture();
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
    await fixture?.stop();
  });

  const requestFrom = async (patient: `0x${string}`, nonce: number) =>
    fixture.execute(
      await fixture.sign(fixture.doctor, 'requestAccess', await fixture.accessRequest(patient, nonce)),
    );

  const events = (name?: string) => {
    let query = database.db.selectFrom('chain_events').selectAll().orderBy('id');
    if (name) query = query.where('event_name', '=', name);
    return query.execute();
  };

  it('stores each event once, resumes after a restart, and respects the confirmation depth', async () => {
    const patient = privateKeyToAccount(generatePrivateKey());
    await requestFrom(patient.address, 0);
    const notified: bigint[] = [];
    const indexer = new EventIndexer({
      db: database.db,
      chain: fixture.chain,
      logger,
      confirmations: 0,
      onEvents: (lastId) => notified.push(lastId),
    });
    await indexer.catchUp();
    const first = await events();
    expect(notified.at(-1)).toBe(BigInt(first.at(-1)!.id));
    // The deployment granted roles, the fixture issued the doctor's credential, then the doctor asked.
    expect(first.map((event) => event.event_name).slice(-2)).toEqual(['CredentialIssued', 'AccessRequested']);
    expect(first.at(-1)!.args).toMatchObject({
      patient: patient.address.toLowerCase(),
      doctor: fixture.doctor.address.toLowerCase(),
      categories: categoryMask(['lab']).toString(),
      purpose: purposes.treatment,
    });
    const block = await fixture.chain.publicClient.getBlock({
      blockNumber: BigInt(first.at(-1)!.block_number),
    });
    expect(first.at(-1)!.block_time?.getTime()).toBe(Number(block.timestamp) * 1000);

    // A new indexer (a restarted relayer) resumes from the stored cursor and stores nothing twice.
    await requestFrom(patient.address, 1);
    const deep = new EventIndexer({ db: database.db, chain: fixture.chain, logger, confirmations: 2 });
    await deep.catchUp();
    expect(await events('AccessRequested')).toHaveLength(1);
    expect(await deep.lag()).toBe(0n);
    const testClient = createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });
    await testClient.mine({ blocks: 2 });
    await deep.catchUp();
    expect(await events('AccessRequested')).toHaveLength(2);

    // Reading the same range again (a crash before the cursor moved) inserts nothing.
    await database.db.updateTable('indexer_cursor').set({ block_number: 0, block_hash: '' }).execute();
    await indexer.catchUp();
    expect(await events()).toHaveLength(first.length + 1);
  });

  it('deletes the events of blocks that left the chain and reads the new ones', async () => {
    const testClient = createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) });
    const indexer = new EventIndexer({ db: database.db, chain: fixture.chain, logger, confirmations: 0 });
    await indexer.catchUp();
    const before = (await events()).length;
    const snapshot = await testClient.snapshot();
    const orphan = privateKeyToAccount(generatePrivateKey());
    await requestFrom(orphan.address, 0);
    await indexer.catchUp();
    expect(await events()).toHaveLength(before + 1);

    // The chain forgets that block and grows a different one at the same height (and one more).
    await testClient.revert({ id: snapshot });
    const canonical = privateKeyToAccount(generatePrivateKey());
    await requestFrom(canonical.address, 0);
    await testClient.mine({ blocks: 1 });
    await indexer.catchUp();
    const after = await events('AccessRequested');
    const patients = after.map((event) => (event.args as { patient: string }).patient);
    expect(patients).toContain(canonical.address.toLowerCase());
    expect(patients).not.toContain(orphan.address.toLowerCase());
    expect(await events()).toHaveLength(before + 1);
  });

  it('lets several indexers on one database take turns without storing anything twice', async () => {
    const patient = privateKeyToAccount(generatePrivateKey());
    const before = (await events()).length;
    for (let nonce = 0; nonce < 3; nonce++) await requestFrom(patient.address, nonce);
    const indexers = Array.from(
      { length: 3 },
      () =>
        new EventIndexer({
          db: database.db,
          chain: fixture.chain,
          logger,
          confirmations: 0,
          maxBlockRange: 1,
        }),
    );
    await Promise.all(indexers.map((indexer) => indexer.catchUp()));
    expect(await events()).toHaveLength(before + 3);
  });
});
