// Following a submitted intent to its end (confirmed, failed or expired): its server-sent event stream while it
// is open, polling when the stream cannot be opened or breaks.
import type { IntentStatus, IntentView } from '../relayer/api-types.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import { readServerSentEvents } from '../relayer/server-sent-events.ts';
import { isFinal } from './intent-activity.ts';

export interface FollowIntentOptions {
  signal?: AbortSignal;
  pollMs?: number;
}

export type OnIntentStatus = (status: IntentStatus, failure?: string) => void | Promise<void>;

const failureOf = (intent: IntentView) =>
  intent.failure ? (intent.failure.reason ?? intent.failure.code) : undefined;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Reads the intent's status events until a final one; answers it, or undefined if the stream ended first. */
async function followStream(
  client: RelayerClient,
  id: string,
  onStatus: OnIntentStatus,
  signal: AbortSignal | undefined,
): Promise<IntentStatus | undefined> {
  const response = await client.publicResponse('GET', `/v1/intents/${encodeURIComponent(id)}/events`, {
    signal,
  });
  if (!response.ok || !response.body) return undefined;
  for await (const event of readServerSentEvents(response.body)) {
    if (event.event !== 'status') continue;
    const { status } = JSON.parse(event.data) as { status: IntentStatus };
    if (isFinal(status)) return status;
    await onStatus(status);
  }
  return undefined;
}

/**
 * Calls `onStatus` with each new status of intent `id` until it is final (the final one included, with the
 * failure reason if it failed). Resolves then, or when `signal` aborts.
 */
export async function followIntent(
  client: RelayerClient,
  id: string,
  onStatus: OnIntentStatus,
  { signal, pollMs = 1_000 }: FollowIntentOptions = {},
): Promise<void> {
  try {
    const final = await followStream(client, id, onStatus, signal);
    if (final === 'confirmed') return void (await onStatus(final));
  } catch {
    if (signal?.aborted) return;
    // The stream broke: polling below finds where the intent is.
  }
  while (!signal?.aborted) {
    try {
      const intent = await client.publicJson<IntentView>('GET', `/v1/intents/${encodeURIComponent(id)}`, {
        signal,
      });
      if (isFinal(intent.status)) return void (await onStatus(intent.status, failureOf(intent)));
      await onStatus(intent.status);
    } catch {
      if (signal?.aborted) return;
    }
    await sleep(pollMs, signal);
  }
}
