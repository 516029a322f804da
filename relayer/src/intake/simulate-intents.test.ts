import { categoryMask, purposes } from '@medicrypt/contracts';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { SimulationBatcher } from './simulate-intents.ts';

let fixture: ChainFixture;
let batcher: SimulationBatcher;
const DAY = 86_400;

beforeAll(async () => {
  fixture = await startChainFixture();
  batcher = new SimulationBatcher({ chain: fixture.chain, from: fixture.admin.address });
});
afterAll(() => fixture?.stop());

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

describe('SimulationBatcher', () => {
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
