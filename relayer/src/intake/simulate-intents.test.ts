import { categoryMask, purposes } from '@medicrypt/contracts';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_RPC_CAPABILITIES } from '../chain/rpc-capabilities.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { SimulationBatcher } from './simulate-intents.ts';

let fixture: ChainFixture;
const DAY = 86_400;

beforeAll(async () => {
  fixture = await startChainFixture();
});
afterAll(() => fixture?.stop());

/** The same judgements on a node with eth_simulateV1 and, through eth_call and eth_estimateGas, on one without. */
const nodes = [
  ['eth_simulateV1', true],
  ['eth_call and eth_estimateGas (no eth_simulateV1)', false],
] as const;
const batcherFor = (simulateV1: boolean) =>
  new SimulationBatcher({
    chain: { ...fixture.chain, capabilities: { ...FULL_RPC_CAPABILITIES, simulateV1 } },
    from: fixture.admin.address,
  });

async function requestAndApproval() {
  const patient = privateKeyToAccount(generatePrivateKey());
  const deadline = (await fixture.now()) + 3600;
  const request = await fixture.sign(fixture.doctor, 'requestAccess', {
    actor: fixture.doctor.address,
    patient: patient.address,
    categories: categoryMask(['lab']),
    purpose: purposes.treatment,
    duration: 30 * DAY,
    nonce: 0,
    deadline,
  });
  const approval = await fixture.sign(patient, 'approveAccess', {
    actor: patient.address,
    patient: patient.address,
    grantee: fixture.doctor.address,
    categories: categoryMask(['lab']),
    expiresAt: deadline + DAY,
    nonce: 1,
    deadline,
  });
  return { request, approval };
}

describe.each(nodes)('SimulationBatcher through %s', (_, simulateV1) => {
  let batcher: SimulationBatcher;
  beforeAll(() => {
    batcher = batcherFor(simulateV1);
  });

  it('judges an intent against its pending predecessors', async () => {
    const { request, approval } = await requestAndApproval();
    const alone = await batcher.simulate({ predecessors: [], intent: approval });
    expect(alone).toMatchObject({ ok: false, error: 'StaleNonce' });
    const behind = await batcher.simulate({ predecessors: [request], intent: approval });
    expect(behind.ok).toBe(true);
    expect(behind.ok && behind.gasUsed).toBeGreaterThan(21_000n);
  });

  it('folds concurrent requests into one simulation and keeps their outcomes apart', async () => {
    const pairs = await Promise.all([0, 1, 2, 3].map(() => requestAndApproval()));
    const outcomes = await Promise.all(
      pairs.map(({ request, approval }, i) =>
        batcher.simulate({ predecessors: i % 2 === 0 ? [request] : [], intent: approval }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true, false]);
  });

  it('names the registry error of an invalid intent', async () => {
    const stranger = privateKeyToAccount(generatePrivateKey());
    const deadline = (await fixture.now()) + 3600;
    const request = await fixture.sign(stranger, 'requestAccess', {
      actor: stranger.address,
      patient: fixture.admin.address,
      categories: 1n,
      purpose: purposes.treatment,
      duration: DAY,
      nonce: 0,
      deadline,
    });
    const outcome = await batcher.simulate({ predecessors: [], intent: request });
    expect(outcome).toMatchObject({ ok: false, error: 'MissingCredential' });
  });
});

describe('SimulationBatcher without eth_simulateV1', () => {
  it('puts an intent’s gas at or a little above what eth_simulateV1 measures', async () => {
    const { request, approval } = await requestAndApproval();
    const measured = await batcherFor(true).simulate({ predecessors: [request], intent: approval });
    const estimated = await batcherFor(false).simulate({ predecessors: [request], intent: approval });
    const alone = await batcherFor(false).simulate({ predecessors: [], intent: request });
    const aloneMeasured = await batcherFor(true).simulate({ predecessors: [], intent: request });
    if (!measured.ok || !estimated.ok || !alone.ok || !aloneMeasured.ok)
      throw new Error('expected successes');
    expect(estimated.gasUsed).toBeGreaterThanOrEqual(measured.gasUsed);
    expect(estimated.gasUsed).toBeLessThan((measured.gasUsed * 12n) / 10n);
    expect(alone.gasUsed).toBeGreaterThanOrEqual(aloneMeasured.gasUsed);
    expect(alone.gasUsed).toBeLessThan((aloneMeasured.gasUsed * 12n) / 10n);
  });
});
