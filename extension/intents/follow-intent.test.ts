import { describe, expect, it } from 'vitest';
import { RelayerClient } from '../relayer/relayer-client.ts';
import { FakeRelayer, type StoredIntent } from '../testing/fake-relayer.ts';
import { followIntent } from './follow-intent.ts';
import { intentActivityItem, recordIntent, updateIntentStatus } from './intent-activity.ts';

function relayerWith(intent: Partial<StoredIntent>) {
  const relayer = new FakeRelayer();
  relayer.intents.push({
    id: 'intent-1',
    name: 'approveAccess',
    message: {},
    chainId: 1,
    forwarder: '0x',
    status: 'queued',
    failure: null,
    ...intent,
  });
  return { relayer, client: new RelayerClient(relayer.url, relayer.fetch) };
}

describe('following an intent', () => {
  it('reports each status from the intent’s event stream until it is confirmed', async () => {
    const { relayer, client } = relayerWith({});
    relayer.intentStreams.set('intent-1', ['queued', 'batched', 'submitted', 'confirmed']);
    const seen: string[] = [];
    await followIntent(client, 'intent-1', (status) => void seen.push(status));
    expect(seen).toEqual(['queued', 'batched', 'submitted', 'confirmed']);
    expect(relayer.callsTo('GET', '/v1/intents/intent-1')).toEqual([]);
  });

  it('reads the failure reason when the intent fails', async () => {
    const { relayer, client } = relayerWith({
      status: 'failed',
      failure: { code: 'REVERTED', reason: 'StaleNonce(2, 1)' },
    });
    relayer.intentStreams.set('intent-1', ['queued', 'failed']);
    const seen: [string, string | undefined][] = [];
    await followIntent(client, 'intent-1', (status, failure) => void seen.push([status, failure]));
    expect(seen).toEqual([
      ['queued', undefined],
      ['failed', 'StaleNonce(2, 1)'],
    ]);
  });

  it('polls when the stream cannot be opened', async () => {
    const { relayer, client } = relayerWith({ status: 'submitted' });
    const seen: string[] = [];
    await followIntent(
      client,
      'intent-1',
      (status) => {
        seen.push(status);
        relayer.intents[0]!.status = 'confirmed';
      },
      { pollMs: 1 },
    );
    expect(seen).toEqual(['submitted', 'confirmed']);
  });

  it('stops when asked', async () => {
    const { client } = relayerWith({ status: 'queued' });
    const controller = new AbortController();
    const following = followIntent(client, 'intent-1', () => controller.abort(), {
      pollMs: 1,
      signal: controller.signal,
    });
    await expect(following).resolves.toBeUndefined();
  });
});

describe('the activity list', () => {
  it('keeps the newest first, updates statuses and never replaces a final one', async () => {
    const base = { type: 'denyAccess', label: 'Deny', failure: undefined, submittedAt: 1 };
    await recordIntent({ ...base, id: 'a', status: 'queued' });
    await recordIntent({ ...base, id: 'b', status: 'queued' });
    await updateIntentStatus('a', 'confirmed');
    await updateIntentStatus('a', 'failed', 'late');
    await updateIntentStatus('b', 'failed', 'StaleNonce');
    expect(
      (await intentActivityItem.getValue()).map(({ id, status, failure }) => ({ id, status, failure })),
    ).toEqual([
      { id: 'b', status: 'failed', failure: 'StaleNonce' },
      { id: 'a', status: 'confirmed', failure: undefined },
    ]);
  });
});
