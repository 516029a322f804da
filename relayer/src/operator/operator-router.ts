// /v1/operator (reads): what the console shows, as JSON. Every route needs an operator (SIWE operator session or
// API key); the actions are in operator-actions-router.ts, the live stream in operator-stream.ts.
import { Hono } from 'hono';
import { z } from 'zod';
import { presentIntent } from '../api/intents-router.ts';
import type { RouteDoc } from '../api/openapi.ts';
import { invalidRequest } from '../api/validate.ts';
import type { IntentRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import { presentAuditEntry } from './audit-log.ts';
import { batchFilterSchema, listBatches, presentTransaction, problemTransactions } from './batch-view.ts';
import { presentIntakeState } from './intake-control.ts';
import { countByStatus, intentFilterSchema, searchIntents } from './intent-search.ts';
import type { OperatorEnv } from './operator-auth.ts';
import type { OperatorServices } from './operator-services.ts';
import { presentOperatorTransaction } from './operator-transactions.ts';
import { failuresByCode, pipelineStats, statsQuerySchema } from './pipeline-stats.ts';
import { presentSigner } from './signer-monitor.ts';

/** A console page reuses a signer reading this young instead of asking the chain again. */
export const SIGNER_READING_MAX_AGE_MS = 1_000;
const HOUR_MS = 3_600_000;
const OPERATOR_TRANSACTION_LIMIT = 50;

const idParams = z.strictObject({ id: z.string().min(1).max(100) });
const auditQuery = z.strictObject({
  action: z
    .string()
    .regex(/^[a-z.-]{1,64}$/)
    .optional(),
  operator: z.string().min(1).max(100).optional(),
  before: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const doc = (route: Omit<RouteDoc, 'tag' | 'auth' | 'operator'>): RouteDoc => ({
  ...route,
  tag: 'operator',
  auth: true,
  operator: true,
  responses: { ...route.responses, 401: 'not an operator' },
});

export const operatorReadRouteDocs: RouteDoc[] = [
  doc({
    method: 'get',
    path: '/v1/operator/me',
    summary: 'The operator making the request (address or API key label)',
    responses: { 200: 'the operator' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/overview',
    summary: 'Intake, intents by status, signers and their alarms, health and the last hour’s failures',
    responses: { 200: 'the overview' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/intents',
    summary:
      'Intents by status, type or failure code; search by id, signer address, digest or transaction hash',
    query: intentFilterSchema,
    responses: { 200: 'the intents, newest first, and the count per status', 400: 'invalid filter' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/intents/{id}',
    summary: 'One intent with its whole history and its batch’s transactions',
    params: idParams,
    responses: { 200: 'the intent', 404: 'unknown id' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/batches',
    summary: 'Batches with their transactions, gas used and fees paid',
    query: batchFilterSchema,
    responses: { 200: 'the batches, newest first', 400: 'invalid filter' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/transactions',
    summary: 'Stuck, replaced and dropped transactions, and the operator’s cancels and gap fills',
    responses: { 200: 'the transactions' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/signers',
    summary: 'Each signer key: balance, runway, nonce on chain (latest, pending) and in the relayer, gaps',
    responses: { 200: 'the signers' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/stats',
    summary: 'Throughput and p50/p95 latency per stage over time, and failures by code',
    query: statsQuerySchema,
    responses: { 200: 'the series', 400: 'invalid window' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/health',
    summary: 'Database and RPC health (latency) and the indexer’s lag',
    responses: { 200: 'the health' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/intake',
    summary: 'Whether intake is open, paused or draining, and what is still in flight',
    responses: { 200: 'the intake state' },
  }),
  doc({
    method: 'get',
    path: '/v1/operator/audit',
    summary: 'The audit log of operator actions, newest first',
    query: auditQuery,
    responses: { 200: 'the entries', 400: 'invalid query' },
  }),
];

/** The console's view of an intent: the public view plus what operators need. */
export function presentOperatorIntent(intent: IntentRow) {
  return {
    ...presentIntent(intent),
    attempts: intent.attempts,
    deadline: Number(intent.deadline),
    failureCode: intent.failure_code,
    failureReason: intent.failure_reason,
    gasEstimate: intent.gas_estimate?.toString() ?? null,
    batchPosition: intent.batch_position,
    objectKey: intent.object_key,
  };
}

function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  return parsed.data;
}

export function operatorRouter(services: OperatorServices) {
  const router = new Hono<OperatorEnv>();
  const { database, monitor, intake, audit } = services;
  const db = database.db;
  const signers = async () =>
    (await monitor.snapshot(SIGNER_READING_MAX_AGE_MS)).map((signer) => presentSigner(signer));

  router.get('/me', (context) => context.json(context.get('operator')));

  router.get('/overview', async (context) => {
    const [counts, health, signerList, inFlight, failures] = await Promise.all([
      countByStatus(db),
      services.health(),
      signers(),
      intake.inFlight(),
      failuresByCode(db, new Date(Date.now() - HOUR_MS)),
    ]);
    return context.json({
      intake: presentIntakeState(intake.state(), inFlight),
      counts,
      health,
      signers: signerList,
      minBalanceWei: services.minBalanceWei.toString(),
      alarms: {
        lowBalance: signerList.filter((signer) => signer.lowBalance).map((signer) => signer.address),
        nonceGap: signerList.filter((signer) => signer.nonceGap).map((signer) => signer.address),
        stuck: (await problemTransactions(db, services.stuckAfterMs)).stuck.length,
      },
      failures,
    });
  });

  router.get('/intents', async (context) => {
    const filter = parseQuery(intentFilterSchema, context.req.query());
    const [intents, counts] = await Promise.all([searchIntents(db, filter), countByStatus(db)]);
    return context.json({
      intents: intents.map(presentOperatorIntent),
      counts,
      nextBefore:
        intents.length === filter.limit ? (intents.at(-1)?.received_at.toISOString() ?? null) : null,
    });
  });

  router.get('/intents/:id', async (context) => {
    const id = context.req.param('id');
    const intent = await services.store.findById(id);
    if (!intent) throw new RelayerError('INTENT_NOT_FOUND', 404, 'no intent with this id');
    const events = await db
      .selectFrom('intent_events')
      .select(['id', 'status', 'at', 'details'])
      .where('intent_id', '=', id)
      .orderBy('id')
      .execute();
    const transactions = intent.batch_id
      ? await db
          .selectFrom('transactions')
          .selectAll()
          .where('batch_id', '=', intent.batch_id)
          .orderBy('created_at')
          .execute()
      : [];
    return context.json({
      intent: presentOperatorIntent(intent),
      events: events.map((event) => ({
        id: event.id.toString(),
        status: event.status,
        at: event.at.toISOString(),
        details: event.details,
      })),
      transactions: transactions.map(presentTransaction),
    });
  });

  router.get('/batches', async (context) => {
    const filter = parseQuery(batchFilterSchema, context.req.query());
    return context.json({ batches: await listBatches(db, filter) });
  });

  router.get('/transactions', async (context) => {
    const [problems, operatorTransactions] = await Promise.all([
      problemTransactions(db, services.stuckAfterMs),
      db
        .selectFrom('operator_transactions')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(OPERATOR_TRANSACTION_LIMIT)
        .execute(),
    ]);
    return context.json({
      ...problems,
      stuckAfterSeconds: services.stuckAfterMs / 1000,
      operator: operatorTransactions.map(presentOperatorTransaction),
    });
  });

  router.get('/signers', async (context) =>
    context.json({ signers: await signers(), minBalanceWei: services.minBalanceWei.toString() }),
  );

  router.get('/stats', async (context) =>
    context.json(await pipelineStats(db, parseQuery(statsQuerySchema, context.req.query()))),
  );

  router.get('/health', async (context) => context.json(await services.health()));

  router.get('/intake', async (context) =>
    context.json(presentIntakeState(await intake.refresh(), await intake.inFlight())),
  );

  router.get('/audit', async (context) => {
    const query = parseQuery(auditQuery, context.req.query());
    const entries = await audit.list({
      action: query.action,
      operator: query.operator,
      before: query.before === undefined ? undefined : BigInt(query.before),
      limit: query.limit,
    });
    return context.json({ entries: entries.map(presentAuditEntry) });
  });

  return router;
}
