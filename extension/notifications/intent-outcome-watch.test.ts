import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { recordIntent } from '../intents/intent-activity.ts';
import type { IntentStatus } from '../relayer/api-types.ts';
import { updateSettings } from '../settings/settings.ts';
import { FakeRelayer } from '../testing/fake-relayer.ts';
import { signedIn } from '../testing/patient-fixture.ts';
import { IntentOutcomeWatch } from './intent-outcome-watch.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

async function setUp(status: IntentStatus, failure: { code: string; reason: string | null } | null = null) {
  const relayer = new FakeRelayer();
  await signedIn(relayer, patient, { unlocked: false });
  relayer.intents.push({
    id: 'intent-1',
    name: 'approveAccess',
    message: {},
    chainId: 1,
    forwarder: '0x',
    status,
    failure,
  });
  await recordIntent({
    id: 'intent-1',
    type: 'approveAccess',
    label: 'Approve access for 0x3c44…93bc',
    status: 'queued',
    failure: undefined,
    submittedAt: 1,
  });
  return new IntentOutcomeWatch({ fetch: relayer.fetch, pollMs: 1 });
}

describe('the background’s watch on signed changes', () => {
  it('tells the user, once, that a change failed and why', async () => {
    const watch = await setUp('failed', { code: 'REVERTED', reason: 'StaleNonce(2, 1)' });
    await watch.check();
    expect(fakeBrowser.notifications.getAllCreateOptions()).toEqual({
      'medicrypt-intent-intent-1': expect.objectContaining({
        title: 'A change you signed failed',
        message:
          'Approve access for 0x3c44…93bc: StaleNonce(2, 1). Nothing changed; you can try again in MediCrypt.',
      }),
    });
    await fakeBrowser.notifications.clear('medicrypt-intent-intent-1');
    await new IntentOutcomeWatch({ fetch: new FakeRelayer().fetch }).check();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('says nothing about a change that landed, or when the user turned it off', async () => {
    await (await setUp('confirmed')).check();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
    fakeBrowser.reset();
    await updateSettings({ notifications: { accessRequests: true, intentStatus: false, newRecords: true } });
    await (await setUp('expired')).check();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});
