// Tells the user when a consent change they signed failed or expired, even after the popup closed: the
// background follows the unfinished changes of the activity list to their end. A landed change needs no
// message of its own: its chain event arrives as a notification (access approved, record added…).
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { followIntent } from '../intents/follow-intent.ts';
import { intentActivityItem, isFinal, type TrackedIntent } from '../intents/intent-activity.ts';
import { RelayerClient } from '../relayer/relayer-client.ts';
import { getRelayerSession } from '../relayer/relayer-session.ts';
import { getSettings } from '../settings/settings.ts';

/** Intents already reported, so a restarted worker does not report them again. */
const reportedItem = storage.defineItem<string[]>('session:reportedIntents', { fallback: [] });

export class IntentOutcomeWatch {
  private readonly followed = new Set<string>();

  constructor(private readonly options: { fetch?: typeof fetch; pollMs?: number } = {}) {}

  /** Starts following every unfinished change not followed yet. */
  async check(): Promise<void> {
    const [items, session, reported] = await Promise.all([
      intentActivityItem.getValue(),
      getRelayerSession(),
      reportedItem.getValue(),
    ]);
    if (!session) return;
    const client = new RelayerClient(session.relayerUrl, this.options.fetch ?? ((...args) => fetch(...args)));
    const follows: Promise<void>[] = [];
    for (const item of items) {
      if (isFinal(item.status) || this.followed.has(item.id) || reported.includes(item.id)) continue;
      this.followed.add(item.id);
      follows.push(
        followIntent(client, item.id, (status, failure) => this.report(item, status, failure), {
          pollMs: this.options.pollMs ?? 3_000,
        }).finally(() => this.followed.delete(item.id)),
      );
    }
    await Promise.all(follows);
  }

  private async report(item: TrackedIntent, status: string, failure: string | undefined): Promise<void> {
    if (status !== 'failed' && status !== 'expired') return;
    await reportedItem.setValue([...(await reportedItem.getValue()), item.id].slice(-50));
    if (!(await getSettings()).notifications.intentStatus) return;
    await browser.notifications
      .create(`medicrypt-intent-${item.id}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: status === 'failed' ? 'A change you signed failed' : 'A change you signed expired',
        message: `${item.label}${failure ? `: ${failure}` : ''}. Nothing changed; you can try again in MediCrypt.`,
        priority: 1,
      })
      .catch(() => undefined);
  }
}
