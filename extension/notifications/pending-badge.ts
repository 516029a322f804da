// The toolbar badge: how many access requests wait for the patient's decision.
import { browser } from 'wxt/browser';
import type { AccessRequest } from '../relayer/api-types.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';

const BADGE_COLOUR = '#a61b1b';

export async function showPendingCount(count: number): Promise<void> {
  await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
  if (count > 0) await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOUR });
  await browser.action.setTitle({
    title: count > 0 ? `MediCrypt: ${count} access request${count === 1 ? '' : 's'} waiting` : 'MediCrypt',
  });
}

/** Reads the pending requests from the relayer and shows their count; answers it. */
export async function refreshPendingBadge(client: RelayerClient): Promise<number> {
  const { requests } = await client.json<{ requests: AccessRequest[] }>(
    'GET',
    '/v1/access/requests?as=patient&status=pending',
  );
  await showPendingCount(requests.length);
  return requests.length;
}

export function clearPendingBadge(): Promise<void> {
  return showPendingCount(0);
}
