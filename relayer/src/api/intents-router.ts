// /v1/intents: submit a signed intent, read it, list an account's, and follow either live (server-sent events).
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { IntentRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import { type IntentIntake, intentSubmissionSchema } from '../intake/accept-intent.ts';
import type { RateLimiter } from '../intake/rate-limiter.ts';
import type { IntentStore } from '../queue/intent-store.ts';
import { type AppEnv, clientIp } from './request-context.ts';

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

function invalid(issues: z.core.$ZodIssue[]): RelayerError {
  const message = issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return new RelayerError('INVALID_REQUEST', 400, message);
}

export function intentsRouter(options: IntentsRouterOptions) {
  const router = new Hono<AppEnv>();
  const pollMs = options.streamPollMs ?? DEFAULT_STREAM_POLL_MS;

  router.post(
    '/',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new RelayerError('PAYLOAD_TOO_LARGE', 413, `the body exceeds ${MAX_BODY_BYTES} bytes`);
      },
    }),
    async (context) => {
      const ip = clientIp(context);
      if (!options.ipLimiter.take(ip)) {
        throw new RelayerError(
          'RATE_LIMITED',
          429,
          `too many requests from ${ip}; retry in ${Math.ceil(options.ipLimiter.retryAfterMs() / 1000)} s`,
        );
      }
      const closed = options.intakeClosedReason();
      if (closed) throw closed;
      const body = await context.req.json().catch(() => {
        throw new RelayerError('INVALID_REQUEST', 400, 'the body is not JSON');
      });
      const parsed = intentSubmissionSchema.safeParse(body);
      if (!parsed.success) throw invalid(parsed.error.issues);
      const { intent, created } = await options.intake.accept(parsed.data, ip);
      context
        .get('log')
        .info(
          { intentId: intent.id, type: intent.name, created },
          created ? 'intent accepted' : 'intent already known',
        );
      return context.json(presentIntent(intent), created ? 202 : 200);
    },
  );

  router.get('/', async (context) => {
    const parsed = listQuery.safeParse(context.req.query());
    if (!parsed.success) throw invalid(parsed.error.issues);
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
    if (!parsed.success) throw invalid(parsed.error.issues);
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
  const lastEventId = context.req.header('last-event-id');
  let cursor = lastEventId && /^\d+$/.test(lastEventId) ? BigInt(lastEventId) : 0n;
  return streamSSE(context, async (stream) => {
    let lastWrite = Date.now();
    while (!stream.aborted) {
      const events = await store.eventsSince(filter, cursor);
      for (const event of events) {
        await stream.writeSSE({
          id: event.id.toString(),
          event: 'status',
          data: JSON.stringify({
            intentId: event.intentId,
            status: event.status,
            at: event.at.toISOString(),
            details: event.details,
          }),
        });
        cursor = event.id;
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
