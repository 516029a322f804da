// /v1/notifications: the signed-in account's notifications as a page, or live as server-sent events resumable
// with Last-Event-ID. The stream wakes when this instance's indexer stores events and also polls, so a stream
// served by one relayer instance sees what another instance indexed.
import { EventEmitter } from 'node:events';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { ConsentView } from '../access/consent-view.ts';
import type { RouteDoc } from '../api/openapi.ts';
import { invalidRequest } from '../api/validate.ts';
import type { AuthedEnv } from '../auth/require-session.ts';
import type { AccountNotifications } from './account-notifications.ts';

const DEFAULT_POLL_MS = 1_000;
/** A grant ending within this time is announced as expiring soon. */
export const EXPIRING_SOON_MS = 24 * 60 * 60 * 1000;
const EXPIRY_CHECK_MS = 60_000;
const KEEPALIVE_MS = 15_000;
const listQuery = z.strictObject({
  after: z.string().regex(/^\d+$/).default('0'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  access_token: z.string().optional(),
});

const streamQuery = z.strictObject({
  after: z.string().regex(/^\d+$/).optional(),
  access_token: z.string().optional(),
});

export const notificationRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/notifications',
    tag: 'notifications',
    auth: true,
    summary: 'Your notifications after an id',
    query: listQuery,
    responses: { 200: 'notifications, oldest first', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/notifications/stream',
    tag: 'notifications',
    auth: true,
    summary: 'Your notifications live (server-sent events; resume with Last-Event-ID)',
    description:
      'Events: access.requested, access.approved, access.denied, access.revoked, breakglass.opened, record.added, ' +
      'record.removed, delegate.*, credential.*, research.consent, and grant.expiring (no id) for a grant ending ' +
      'within a day. Browsers may pass the token as ?access_token=.',
    query: streamQuery,
    produces: 'text/event-stream',
    responses: { 200: 'the stream', 401: 'not signed in' },
  },
];

/** Tells open streams that new events were indexed. */
export class NotificationSignal extends EventEmitter {
  notify(): void {
    this.emit('indexed');
  }
}

export function notificationsRouter(options: {
  notifications: AccountNotifications;
  consent: ConsentView;
  signal: NotificationSignal;
  pollMs?: number;
}) {
  const router = new Hono<AuthedEnv>();
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  options.signal.setMaxListeners(0);

  router.get('/', async (context) => {
    const parsed = listQuery.safeParse(context.req.query());
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    const { account } = context.get('session');
    return context.json({
      notifications: await options.notifications.since(account, BigInt(parsed.data.after), parsed.data.limit),
    });
  });

  router.get('/stream', (context) => {
    const { account } = context.get('session');
    const parsedQuery = streamQuery.safeParse(context.req.query());
    if (!parsedQuery.success) throw invalidRequest(parsedQuery.error.issues);
    const resumeFrom = context.req.header('last-event-id') ?? context.req.query('after');
    let cursor = resumeFrom && /^\d+$/.test(resumeFrom) ? BigInt(resumeFrom) : undefined;
    return streamSSE(context, async (stream) => {
      let wake: (() => void) | undefined;
      const onIndexed = () => wake?.();
      options.signal.on('indexed', onIndexed);
      stream.onAbort(() => {
        options.signal.off('indexed', onIndexed);
        wake?.();
      });
      try {
        // A new stream (no Last-Event-ID) starts at the present: only what happens from now on.
        if (cursor === undefined) {
          const [latest] = await options.notifications.latest(account, 1);
          cursor = latest ? BigInt(latest.id) : 0n;
        }
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ after: cursor.toString() }) });
        let lastWrite = Date.now();
        let lastExpiryCheck = 0;
        const announced = new Set<string>();
        while (!stream.aborted) {
          // Grants (given or received) that end soon: derived, not indexed events, so they carry no id and do
          // not move Last-Event-ID; each is announced once per connection.
          if (Date.now() - lastExpiryCheck >= EXPIRY_CHECK_MS) {
            lastExpiryCheck = Date.now();
            const [given, received] = await Promise.all([
              options.consent.grants({ patient: account }),
              options.consent.grants({ grantee: account }),
            ]);
            for (const grant of [...given, ...received]) {
              const key = `${grant.kind}|${grant.patient}|${grant.grantee}|${grant.expiresAt}`;
              if (announced.has(key) || Date.parse(grant.expiresAt) - Date.now() > EXPIRING_SOON_MS) continue;
              announced.add(key);
              await stream.writeSSE({
                event: 'grant.expiring',
                data: JSON.stringify({ type: 'grant.expiring', data: grant }),
              });
              lastWrite = Date.now();
            }
          }
          const page = await options.notifications.since(account, cursor);
          for (const notification of page) {
            await stream.writeSSE({
              id: notification.id,
              event: notification.type,
              data: JSON.stringify(notification),
            });
            cursor = BigInt(notification.id);
            lastWrite = Date.now();
          }
          if (page.length > 0) continue;
          if (Date.now() - lastWrite > KEEPALIVE_MS) {
            await stream.write(': keepalive\n\n');
            lastWrite = Date.now();
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      } finally {
        options.signal.off('indexed', onIndexed);
      }
    });
  });

  return router;
}
