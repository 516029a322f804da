// The consent changes the user submitted in this browser session, newest first, with their latest status: the
// popup's activity list. Kept in chrome.storage.session so a popup opened later still shows (and follows) them.
import type { Address } from 'viem';
import { storage } from 'wxt/utils/storage';
import { finalIntentStatuses, type IntentStatus } from '../relayer/api-types.ts';

export interface TrackedIntent {
  id: string;
  /** The intent's name, e.g. `approveAccess`. */
  type: string;
  /** What it does, for people: "Approve access for 0x12…34". */
  label: string;
  status: IntentStatus;
  /** Why it failed, when it did. */
  failure: string | undefined;
  submittedAt: number;
  /** The signer, so another account's activity is not shown. */
  account?: Address;
}

const MAX_ITEMS = 20;

export const intentActivityItem = storage.defineItem<TrackedIntent[]>('session:intentActivity', {
  fallback: [],
});

export const isFinal = (status: IntentStatus) => finalIntentStatuses.includes(status);

let writes: Promise<unknown> = Promise.resolve();

/** Serialises read-modify-write of the list within this page. */
function change(update: (items: TrackedIntent[]) => TrackedIntent[]): Promise<TrackedIntent[]> {
  const run = writes.then(async () => {
    const next = update(await intentActivityItem.getValue());
    await intentActivityItem.setValue(next);
    return next;
  });
  writes = run.catch(() => undefined);
  return run;
}

/** Adds (or refreshes) an intent at the top of the list. */
export async function recordIntent(intent: TrackedIntent): Promise<TrackedIntent> {
  await change((items) => [intent, ...items.filter((item) => item.id !== intent.id)].slice(0, MAX_ITEMS));
  return intent;
}

/** Stores a newer status of an intent; a final status is never replaced. */
export function updateIntentStatus(
  id: string,
  status: IntentStatus,
  failure?: string,
): Promise<TrackedIntent[]> {
  return change((items) =>
    items.map((item) =>
      item.id === id && !isFinal(item.status) ? { ...item, status, failure: failure ?? item.failure } : item,
    ),
  );
}

export function watchIntentActivity(callback: (items: TrackedIntent[]) => void): () => void {
  return intentActivityItem.watch((items) => callback(items ?? []));
}
