// The id of the last notification shown, per relayer and account, in chrome.storage.local: the stream resumes
// after it (Last-Event-ID) whenever the service worker or the browser restarts, so nothing is missed.
import { storage } from 'wxt/utils/storage';

const cursorsItem = storage.defineItem<Record<string, string>>('local:notificationCursors', { fallback: {} });

export const cursorKey = (relayerUrl: string, account: string) => `${relayerUrl}|${account.toLowerCase()}`;

export async function getNotificationCursor(key: string): Promise<string | undefined> {
  return (await cursorsItem.getValue())[key];
}

/** Moves the cursor forward (never back: a late write of an older id is ignored). */
export async function saveNotificationCursor(key: string, id: string): Promise<void> {
  const cursors = await cursorsItem.getValue();
  const current = cursors[key];
  if (current !== undefined && /^\d+$/.test(current) && /^\d+$/.test(id) && BigInt(id) <= BigInt(current))
    return;
  await cursorsItem.setValue({ ...cursors, [key]: id });
}
