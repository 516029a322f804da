// GET /v1/operator/stream: live updates for the console (server-sent events). Every second it reads the intent
// counts, the intake state and the newest lifecycle events, and sends a `snapshot` when any of them changed.
// Read from the database, so any instance serves it and every instance's work shows.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Kysely } from 'kysely';
import type { RouteDoc } from '../api/openapi.ts';
import type { Database } from '../db/schema.ts';
import type { IntakeControl } from './intake-control.ts';
import { countByStatus } from './intent-search.ts';
import type { OperatorEnv } from './operator-auth.ts';

export const operatorStreamRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/operator/stream',
    tag: 'operator',
    auth: true,
    operator: true,
    summary: 'Live updates (server-sent events): intent counts, intake state and the newest lifecycle events',
    produces: 'text/event-stream',
    responses: { 200: '`snapshot` events', 401: 'not an operator' },
  },
];

const DEFAULT_POLL_MS = 1_000;
const KEEPALIVE_MS = 15_000;
const RECENT_EVENTS = 20;

async function readSnapshot(db: Kysely<Database>, intake: IntakeControl) {
  const [counts, recent] = await Promise.all([
    countByStatus(db),
    db
      .selectFrom('intent_events')
      .innerJoin('intents', 'intents.id', 'intent_events.intent_id')
      .select([
        'intent_events.id',
        'intent_events.intent_id',
        'intent_events.status',
        'intent_events.at',
        'intent_events.details',
        'intents.name',
        'intents.actor',
      ])
      .orderBy('intent_events.id', 'desc')
      .limit(RECENT_EVENTS)
      .execute(),
  ]);
  const state = intake.state();
  return {
    at: new Date().toISOString(),
    counts,
    intake: { mode: state.mode, reason: state.reason },
    recent: recent.map((event) => ({
      id: event.id.toString(),
      intentId: event.intent_id,
      type: event.name,
      actor: event.actor,
      status: event.status,
      at: event.at.toISOString(),
      details: event.details,
    })),
  };
}

export function operatorStreamRouter(options: {
  db: Kysely<Database>;
  intake: IntakeControl;
  pollMs?: number;
}) {
  const router = new Hono<OperatorEnv>();
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  router.get('/', (context) =>
    streamSSE(context, async (stream) => {
      let lastKey = '';
      let lastWrite = Date.now();
      while (!stream.aborted) {
        const snapshot = await readSnapshot(options.db, options.intake);
        const key = JSON.stringify([snapshot.counts, snapshot.intake, snapshot.recent[0]?.id]);
        if (key !== lastKey) {
          await stream.writeSSE({ event: 'snapshot', data: JSON.stringify(snapshot) });
          lastKey = key;
          lastWrite = Date.now();
        } else if (Date.now() - lastWrite > KEEPALIVE_MS) {
          await stream.write(': keepalive\n\n');
          lastWrite = Date.now();
        }
        await stream.sleep(pollMs);
      }
    }),
  );
  return router;
}
