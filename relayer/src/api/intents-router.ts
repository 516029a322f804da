// /v1/intents: submit a signed intent, read it, list an account's, and follow either live (server-sent events).
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { IntentRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import { type IntentIntake, intentSubmissionSchema } from '../intake/accept-intent.ts';
import type { RateLimiter } from '../intake/rate-limiter.ts';
import type { IntentStore } from '../queue/intent-store.ts';
import { limitBody } from './body-limit.ts';
import type { RouteDoc } from './openapi.ts';
import { type AppEnv, clientIp } from './request-context.ts';
import { invalidRequest, parseBody, readJson } from './validate.ts';

export interface IntentsRouterOptions {
  intake: IntentIntake;
  store: IntentStore;
  ipLimiter: RateLimiter;
  /** Why intake is closed right now (draining, paused, no funds), or undefined when open. */
  intakeClosedReason: () => RelayerError | undefined;
  /** How often streams look for new events (ms). */
  streamPollMs?: number;
}

const MAX_BODY_BYTES = 16 * 1024;
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const listQuery = z.strictObject({
  actor: address,
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const DEFAULT_STREAM_POLL_MS = 250;
const idParams = z.strictObject({ id: z.string().min(1) });
const addressParams = z.strictObject({ address });

export const intentRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/intents',
    tag: 'intents',
    auth: false,
    summary: 'Submit a signed intent',
    description:
      'Checks shape, domain, deadline, signature (EOA or ERC-1271), replay, credential and a simulation, then stores ' +
      'it durably. The same signed intent again returns the same id.',
    body: intentSubmissionSchema,
    responses: {
      202: 'accepted and durably stored',
      200: 'already known: the stored intent',
      400: 'invalid shape, domain or deadline',
      401: 'bad signature',
      409: 'replayed or out-of-order nonce',
      413: 'body too large',
      422: 'the simulation reverts',
      429: 'rate limited',
      503: 'intake closed (draining, paused or no funds)',
    },
  },
  {
    method: 'get',
    path: '/v1/intents',
    tag: 'intents',
    auth: false,
    summary: "List a signer's intents",
    query: listQuery,
    responses: { 200: 'the intents, newest first', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/intents/{id}',
    tag: 'intents',
    auth: false,
    summary: 'One intent with its status and timestamps',
    params: idParams,
    responses: { 200: 'the intent', 404: 'unknown id' },
  },
  {
    method: 'get',
    path: '/v1/intents/{id}/events',
    tag: 'intents',
    auth: false,
    summary: "Follow an intent's lifecycle (server-sent events, Last-Event-ID)",
    params: idParams,
    produces: 'text/event-stream',
    responses: { 200: 'status events', 404: 'unknown id' },
  },
  {
    method: 'get',
    path: '/v1/accounts/{address}/events',
    tag: 'intents',
    auth: false,
    summary: 'Follow every intent of an account (server-sent events, Last-Event-ID)',
    params: addressParams,
    produces: 'text/event-stream',
    responses: { 200: 'status events', 400: 'invalid address' },
  },
];
const KEEPALIVE_MS = 15_000;

/** The public view of a stored intent. */
export function presentIntent(intent: IntentRow) {
  const at = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: intent.id,
    digest: intent.digest,
    type: intent.name,
    actor: intent.actor,
    status: intent.status,
    failure:
      intent.failure_code && (intent.status === 'failed' || intent.status === 'expired')
        ? { code: intent.failure_code, reason: intent.failure_reason }
        : null,
    batchId: intent.batch_id,
    timestamps: {
      received: at(intent.received_at),
      queued: at(intent.queued_at),
      batched: at(intent.batched_at),
      submitted: at(intent.submitted_at),
      mined: at(intent.mined_at),
      confirmed: at(intent.confirmed_at),
      failed: at(intent.failed_at),
    },
  };
}

export function intentsRouter(options: IntentsRouterOptions) {
  const router = new Hono<AppEnv>();
  const pollMs = options.streamPollMs ?? DEFAULT_STREAM_POLL_MS;

  router.post('/', limitBody(MAX_BODY_BYTES), async (context) => {
    const ip = clientIp(context);
    if (!options.ipLimiter.take(ip)) {
      const retryAfterSeconds = Math.ceil(options.ipLimiter.retryAfterMs(ip) / 1000);
      throw new RelayerError(
        'RATE_LIMITED',
        429,
        `too many requests from ${ip}; retry in ${retryAfterSeconds} s`,
        {
          retryAfterSeconds,
        },
      );
    }
    const closed = options.intakeClosedReason();
    if (closed) throw closed;
    const submission = parseBody(intentSubmissionSchema, await readJson(context.req.raw));
    const { intent, created } = await options.intake.accept(submission, ip);
    context
      .get('log')
      .info(
        { intentId: intent.id, type: intent.name, created },
        created ? 'intent accepted' : 'intent already known',
      );
    return context.json(presentIntent(intent), created ? 202 : 200);
  });

  router.get('/', async (context) => {
    const parsed = listQuery.safeParse(context.req.query());
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    const intents = await options.store.listByActor(parsed.data.actor, parsed.data.limit);
    return context.json({ intents: intents.map(presentIntent) });
  });

  router.get('/:id', async (context) => {
    const intent = await options.store.findById(context.req.param('id'));
    if (!intent) throw new RelayerError('INTENT_NOT_FOUND', 404, 'no intent with this id');
    return context.json(presentIntent(intent));
  });

  router.get('/:id/events', async (context) => {
    const id = context.req.param('id');
    if (!(await options.store.findById(id)))
      throw new RelayerError('INTENT_NOT_FOUND', 404, 'no intent with this id');
    return streamEvents(context, options.store, { intentId: id }, pollMs);
  });

  return router;
}

/** /v1/accounts/:address/events: every lifecycle event of the account's intents. */
export function accountsRouter(options: Pick<IntentsRouterOptions, 'store' | 'streamPollMs'>) {
  const router = new Hono<AppEnv>();
  router.get('/:address/events', (context) => {
    const parsed = address.safeParse(context.req.param('address'));
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    return streamEvents(
      context,
      options.store,
      { actor: parsed.data },
      options.streamPollMs ?? DEFAULT_STREAM_POLL_MS,
    );
  });
  return router;
}

/** Streams lifecycle events as SSE, resuming after Last-Event-ID. Reads the database, so any instance serves it. */
function streamEvents(
  context: Context<AppEnv>,
  store: IntentStore,
  filter: { intentId: string } | { actor: string },
  pollMs: number,
) {
  return streamSSE(context, async (stream) => {
    let cursor = await store.parseEventCursor(context.req.header('last-event-id'));
    let lastWrite = Date.now();
    while (!stream.aborted) {
      const events = await store.eventsSince(filter, cursor);
      for (const event of events) {
        await stream.writeSSE({
          id: event.cursor,
          event: 'status',
          data: JSON.stringify({
            intentId: event.intentId,
            status: event.status,
            at: event.at.toISOString(),
            details: event.details,
          }),
        });
        const [xid, id] = event.cursor.split('-') as [string, string];
        cursor = { xid, id };
        lastWrite = Date.now();
      }
      if (Date.now() - lastWrite > KEEPALIVE_MS) {
        await stream.write(': keepalive\n\n');
        lastWrite = Date.now();
      }
      await stream.sleep(pollMs);
    }
  });
}
