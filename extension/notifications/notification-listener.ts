// The background's live link to the relayer: the signed-in account's notification stream, shown as browser
// notifications, with the toolbar badge counting pending requests. The service worker can stop at any moment,
// so every notification is shown before its id is stored as the resume point (a notification shown twice
// replaces itself, one never shown is never skipped), and the stream reconnects with exponential backoff.
import { browser } from 'wxt/browser';
import { tellOverlays } from '../doctor/overlay-events.ts';
import type { RelayerNotification } from '../relayer/api-types.ts';
import { RelayerClient } from '../relayer/relayer-client.ts';
import { errorFromResponse, SignedOutError } from '../relayer/relayer-error.ts';
import { getRelayerSession, type RelayerSession } from '../relayer/relayer-session.ts';
import { readServerSentEvents, type ServerSentEvent } from '../relayer/server-sent-events.ts';
import { getSettings } from '../settings/settings.ts';
import { notificationContent } from './notification-content.ts';
import { cursorKey, getNotificationCursor, saveNotificationCursor } from './notification-cursor.ts';
import { clearPendingBadge, refreshPendingBadge } from './pending-badge.ts';
import { reconnectDelay } from './reconnect-backoff.ts';
import { RELAYER_EVENT_MESSAGE, type RelayerEventMessage } from './relayer-event-message.ts';

export interface NotificationListenerOptions {
  fetch?: typeof fetch;
  /** Waits `ms` or until `signal` aborts; tests make it instant. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Called after each failed connection with the delay chosen (for tests and logs). */
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Chrome replaces a notification created again with the same id: a replayed event shows once. */
export function notificationIdOf(event: ServerSentEvent, data: Record<string, unknown>): string {
  if (event.id) return `medicrypt-${event.id}`;
  return `medicrypt-${event.event}-${String(data.patient)}-${String(data.grantee)}-${String(data.expiresAt)}`;
}

const BADGE_EVENTS = new Set(['access.requested', 'access.approved', 'access.denied', 'access.revoked']);

interface Running {
  key: string;
  controller: AbortController;
  done: Promise<void>;
}

export class NotificationListener {
  private running: Running | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: NonNullable<NotificationListenerOptions['sleep']>;
  private readonly random: () => number;
  private readonly onRetry: NonNullable<NotificationListenerOptions['onRetry']>;

  constructor(options: NotificationListenerOptions = {}) {
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.onRetry = options.onRetry ?? (() => {});
  }

  /** Listens for the stored session's account, unless it already does; stops when signed out. */
  async ensureRunning(): Promise<void> {
    const session = await getRelayerSession();
    const key = session ? cursorKey(session.relayerUrl, session.account) : undefined;
    if (this.running && this.running.key === key) return;
    this.stop();
    if (!session || !key) {
      await clearPendingBadge().catch(() => undefined);
      return;
    }
    const controller = new AbortController();
    const running: Running = {
      key,
      controller,
      done: this.listen(session, key, controller.signal).finally(() => {
        if (this.running === running) this.running = undefined;
      }),
    };
    this.running = running;
  }

  stop(): void {
    this.running?.controller.abort();
    this.running = undefined;
  }

  /** Resolves when the current stream loop ended (tests). */
  get settled(): Promise<void> {
    return this.running?.done ?? Promise.resolve();
  }

  private async listen(session: RelayerSession, key: string, signal: AbortSignal): Promise<void> {
    const client = new RelayerClient(session.relayerUrl, this.fetchImpl);
    let attempt = 0;
    while (!signal.aborted) {
      try {
        const cursor = await getNotificationCursor(key);
        const response = await client.authed('GET', '/v1/notifications/stream', {
          headers: { accept: 'text/event-stream', ...(cursor ? { 'last-event-id': cursor } : {}) },
          signal,
        });
        if (!response.ok || !response.body) throw await errorFromResponse(response);
        for await (const event of readServerSentEvents(response.body)) {
          if (signal.aborted) return;
          if (event.event === 'ready') {
            attempt = 0;
            // A first stream starts at the present: remember where, so a restart resumes from there.
            if (!cursor)
              await saveNotificationCursor(key, (JSON.parse(event.data) as { after: string }).after);
            await this.refreshBadge(client);
            continue;
          }
          await this.deliver(event, session.account, key, client);
        }
        throw new Error('the notification stream ended');
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof SignedOutError) {
          await clearPendingBadge().catch(() => undefined);
          return;
        }
        const delay = reconnectDelay(attempt, this.random);
        this.onRetry(attempt, delay, error);
        attempt += 1;
        await this.sleep(delay, signal);
      }
    }
  }

  private async deliver(event: ServerSentEvent, account: string, key: string, client: RelayerClient) {
    let data: Record<string, unknown> = {};
    try {
      data = (JSON.parse(event.data) as Partial<RelayerNotification>).data ?? {};
    } catch {
      // A malformed event still moves the cursor: retrying it would block every later one.
    }
    const { notifications } = await getSettings();
    const content = notificationContent({ type: event.event, data }, account, notifications);
    if (content) {
      await browser.notifications
        .create(notificationIdOf(event, data), {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: content.title,
          message: content.message,
          priority: content.priority,
          requireInteraction: content.requireInteraction,
        })
        // Notifications switched off for the browser: nothing a retry would change.
        .catch(() => undefined);
    }
    if (BADGE_EVENTS.has(event.event)) await this.refreshBadge(client);
    const message: RelayerEventMessage = { type: RELAYER_EVENT_MESSAGE, event: event.event };
    if (typeof data.patient === 'string') message.patient = data.patient.toLowerCase();
    // No page open is the usual case, not an error.
    await browser.runtime.sendMessage(message).catch(() => undefined);
    await tellOverlays(message).catch(() => undefined);
    if (event.id) await saveNotificationCursor(key, event.id);
  }

  private async refreshBadge(client: RelayerClient): Promise<void> {
    try {
      await refreshPendingBadge(client);
    } catch (error) {
      if (error instanceof SignedOutError) throw error;
      // The count catches up on the next event or reconnection.
    }
  }
}
