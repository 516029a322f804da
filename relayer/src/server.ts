// Wires the relayer once: config → database → chain → intake and pipeline → HTTP. `main.ts` runs it as a
// process; tests and `npm start` may start it in-process.

import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { serve } from '@hono/node-server';
import { deploymentFor, readDeployment } from '@medicrypt/contracts/node';
import { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import { formatEther, getAddress } from 'viem';
import { accessRouteDocs, accessRouter } from './access/access-router.ts';
import { ConsentView } from './access/consent-view.ts';
import { consoleRouteDocs, consoleRouter } from './api/console-router.ts';
import { handleError } from './api/error-handler.ts';
import { healthRouteDocs, healthRouter } from './api/health-router.ts';
import { accountsRouter, intentRouteDocs, intentsRouter } from './api/intents-router.ts';
import { openApiDocument, openApiRouter } from './api/openapi.ts';
import { type AppEnv, requestContext } from './api/request-context.ts';
import { authRouteDocs, authRouter } from './auth/auth-router.ts';
import { type AuthedEnv, requireSession } from './auth/require-session.ts';
import { SessionService } from './auth/session-service.ts';
import { publicWebOrigins, SignInOrigins } from './auth/sign-in-origins.ts';
import { Batcher } from './batcher/batcher.ts';
import { createChainClient } from './chain/chain-client.ts';
import { checkRpcBatches } from './chain/rpc-batch-check.ts';
import { probeRpcCapabilities } from './chain/rpc-capabilities.ts';
import type { RelayerConfig } from './config.ts';
import { type OpenDatabase, openDatabase } from './db/connect.ts';
import { RelayerError } from './errors.ts';
import { EventIndexer, runIndexer } from './indexer/event-indexer.ts';
import { IntentIntake } from './intake/accept-intent.ts';
import { IntakeReads } from './intake/intake-reads.ts';
import { RateLimiter } from './intake/rate-limiter.ts';
import { SignerAuthority } from './intake/signer-authority.ts';
import { SimulationBatcher } from './intake/simulate-intents.ts';
import { metricsRouteDocs, metricsRouter } from './metrics/metrics-router.ts';
import { RelayerMetrics } from './metrics/relayer-metrics.ts';
import { AccountNotifications } from './notifications/account-notifications.ts';
import {
  NotificationSignal,
  notificationRouteDocs,
  notificationsRouter,
} from './notifications/notifications-router.ts';
import { AuditLog } from './operator/audit-log.ts';
import { IntakeControl } from './operator/intake-control.ts';
import { operatorActionRouteDocs, operatorActionsRouter } from './operator/operator-actions-router.ts';
import { type OperatorEnv, requireOperator } from './operator/operator-auth.ts';
import { operatorReadRouteDocs, operatorRouter } from './operator/operator-router.ts';
import type { OperatorServices } from './operator/operator-services.ts';
import { operatorStreamRouteDocs, operatorStreamRouter } from './operator/operator-stream.ts';
import { OperatorTransactions } from './operator/operator-transactions.ts';
import { startPeriodic } from './operator/periodic-task.ts';
import { SignerMonitor } from './operator/signer-monitor.ts';
import { SignerRegistry } from './operator/signer-registry.ts';
import { StoredSignerKeys } from './operator/stored-signer-keys.ts';
import { readSystemHealth } from './operator/system-health.ts';
import { Pipeline } from './pipeline.ts';
import { IntentStore } from './queue/intent-store.ts';
import { IntentWriter } from './queue/intent-writer.ts';
import { RecordService } from './records/record-service.ts';
import { keysRouter, recordRouteDocs, recordsRouter } from './records/records-router.ts';
import { studiesRouter, studyRouteDocs } from './research/studies-router.ts';
import { StudyService } from './research/study-service.ts';
import { createContentStore } from './storage/create-content-store.ts';
import { createLocalSigner } from './submitter/local-signer.ts';
import { remoteSignerFromConfig } from './submitter/remote-signer-from-config.ts';
import { RemoteSubmitter } from './submitter/remote-submitter.ts';
import { Submitter } from './submitter/submitter.ts';
import { Tracker } from './tracker/tracker.ts';
import { AlertWatcher } from './webhooks/alert-watcher.ts';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts';

export interface RunningRelayer {
  url: string;
  port: number;
  database: OpenDatabase;
  logger: Logger;
  /** Every route the API answers (method, Hono path), for tests that walk them all. */
  routes: { method: string; path: string }[];
  /** Stops intake, lets in-flight work finish (up to `timeoutMs`), then closes everything. */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops at once (in-flight work resumes on the next start). */
  stop(): Promise<void>;
}

const BALANCE_CHECK_MS = 15_000;
const KEEP_ALIVE_MS = 65_000;
const DRAIN_POLL_MS = 100;
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
const DEV_JWT_SECRET_BYTES = 32;
const STORED_KEYS_POLL_MS = 5_000;
const WEBHOOK_POLL_MS = 1_000;
/** The operator sign-in routes: the account sign-in's, under /v1/operator/auth, for operator sessions. */
const operatorAuthRouteDocs = authRouteDocs.map((route) => ({
  ...route,
  path: route.path.replace('/v1/auth', '/v1/operator/auth'),
  tag: 'operator',
  summary: `Operators: ${route.summary.charAt(0).toLowerCase()}${route.summary.slice(1)}`,
  ...(route.auth ? { operator: 'session' as const } : {}),
  ...(route.path === '/v1/auth/login'
    ? { responses: { ...route.responses, 403: 'not in OPERATOR_ADDRESSES' } }
    : {}),
}));
const RELAYER_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export async function startRelayer(
  config: RelayerConfig,
  options: { logger?: Logger } = {},
): Promise<RunningRelayer> {
  const logger = options.logger ?? pino({ level: config.log.level, base: { service: 'relayer' } });
  if (config.signers.backend.kind === 'local' && config.signers.privateKeys.length === 0) {
    throw new RelayerError(
      'NO_SIGNER',
      500,
      'RELAYER_PRIVATE_KEYS is empty: the relayer has no key to pay for batches',
    );
  }
  const deployment = config.chain.deploymentFile
    ? readDeployment(config.chain.deploymentFile)
    : deploymentFor(config.chain.chainId);
  if (deployment.chainId !== config.chain.chainId) {
    throw new RelayerError(
      'WRONG_CHAIN',
      500,
      `the deployment is for chain ${deployment.chainId}, CHAIN_ID is ${config.chain.chainId}`,
    );
  }
  const chain = createChainClient({
    rpcUrl: config.chain.rpcUrl,
    rpcBatchSize: config.chain.rpcBatchSize,
    deployment,
  });
  const rpcChainId = await chain.publicClient.getChainId();
  if (rpcChainId !== config.chain.chainId) {
    throw new RelayerError(
      'WRONG_CHAIN',
      500,
      `RPC_URL answers chain ${rpcChainId}, CHAIN_ID is ${config.chain.chainId}`,
    );
  }
  await checkRpcBatches(chain);
  // Which methods the node serves, before any stage is built: a missing one has its fallback recorded here or
  // stops the start (RPC_METHOD_MISSING).
  chain.capabilities = await probeRpcCapabilities(chain, {
    sendsRawTransactions: config.signers.backend.kind === 'local' || config.signers.privateKeys.length > 0,
  });
  const database = await openDatabase(config.db);
  const store = new IntentStore(database.db);
  // Live lists: keys an operator adds later are appended, and every stage reads them as they are.
  const signers = config.signers.privateKeys.map(createLocalSigner);
  // A remote backend (SIGNER_BACKEND) signs with its own key: its address takes batches like a local key's.
  const remoteSigner = await remoteSignerFromConfig(config.signers.backend);
  const signerAddresses = [
    ...signers.map((signer) => signer.address.toLowerCase()),
    ...(remoteSigner ? [remoteSigner.address.toLowerCase()] : []),
  ];
  const storedKeys = new StoredSignerKeys({
    db: database.db,
    secret: config.operator.signerKeySecret,
    signers,
    addresses: signerAddresses,
  });
  await storedKeys.load();
  const signerRegistry = new SignerRegistry(database.db, signerAddresses);
  await signerRegistry.register();
  const signerMonitor = new SignerMonitor({
    db: database.db,
    chain,
    registry: signerRegistry,
    minBalanceWei: config.signers.minBalanceWei,
  });
  const intakeControl = new IntakeControl(database.db);
  await intakeControl.start((error) => logger.warn({ err: error }, 'reading the intake state failed'));
  const feePolicy = {
    maxFeePerGasCap: config.submit.maxFeePerGas,
    bumpPercent: config.submit.feeBumpPercent,
  };

  const intake = new IntentIntake({
    chain,
    store,
    writer: new IntentWriter({ store }),
    reads: new IntakeReads({ db: database.db }),
    simulator: new SimulationBatcher({ chain, from: getAddress(signerAddresses[0]!) }),
    authority: new SignerAuthority(chain),
    signerLimiter: new RateLimiter(config.policy.perSignerPerMinute),
    intentGasCap: config.policy.intentGasCap,
    dailyGasBudget: config.policy.dailyGasBudgetPerSigner,
  });
  const batcher = new Batcher({
    db: database.db,
    store,
    signers: signerAddresses,
    maxSize: config.batch.maxSize,
    windowMs: config.batch.windowMs,
  });
  const submitter = new Submitter({ db: database.db, store, chain, signers, feePolicy });
  const tracker = new Tracker({
    db: database.db,
    store,
    chain,
    submitter,
    signers,
    remoteSigners: remoteSigner ? [remoteSigner.address.toLowerCase()] : [],
    feePolicy,
    confirmations: config.submit.confirmations,
    stuckAfterMs: config.submit.stuckAfterMs,
  });
  // The API's side: sessions, consent and records read from the indexed events, live notifications.
  let jwtSecret = config.auth.jwtSecret;
  if (!jwtSecret) {
    jwtSecret = randomBytes(DEV_JWT_SECRET_BYTES).toString('hex');
    logger.warn('JWT_SECRET is unset: using a random secret, so sign-ins end when this process stops');
  }
  // Sign-ins name the page they come from; until the server listens, its own address is not known (port 0).
  let listeningOrigin: string | undefined;
  const webOrigins = () => publicWebOrigins(config.auth.signIn.publicUrl, listeningOrigin);
  const sessions = new SessionService({
    db: database.db,
    chain,
    jwtSecret,
    origins: new SignInOrigins({
      webOrigins,
      extensionIds: config.auth.signIn.extensionIds,
      firefoxExtensions: config.auth.signIn.firefoxExtensions,
    }),
    accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
  });
  const operatorSessions = new SessionService({
    db: database.db,
    chain,
    jwtSecret,
    accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
    kind: 'operator',
    allowedAccounts: config.operator.addresses,
    // Operators sign in at the console, which the relayer serves: its own origin only, no extension page.
    origins: new SignInOrigins({ webOrigins, extensionIds: [], firefoxExtensions: false }),
  });
  const consent = new ConsentView(database.db);
  const contentStore = createContentStore(
    config.storage.kind === 'pinata'
      ? {
          pinata: {
            jwt: config.storage.jwt,
            gateway: config.storage.gateway,
            apiUrl: config.storage.apiUrl ?? '',
            uploadUrl: config.storage.uploadUrl ?? '',
          },
          ipfsDataDir: '',
        }
      : { pinata: { jwt: '', gateway: '', apiUrl: '', uploadUrl: '' }, ipfsDataDir: config.storage.dataDir },
  );
  const records = new RecordService({
    db: database.db,
    store: contentStore,
    consent,
    chain,
    logger,
    maxUploadBytes: config.storage.maxUploadBytes,
  });
  const notifications = new AccountNotifications(database.db);
  const signal = new NotificationSignal();
  const indexer = new EventIndexer({
    db: database.db,
    chain,
    logger,
    confirmations: config.submit.confirmations,
    onEvents: () => {
      signal.notify();
      void records
        .unpinRemoved()
        .catch((error) => logger.warn({ err: error }, 'unpinning removed records failed'));
    },
  });

  const pollMs = Math.max(20, Math.min(250, Math.floor(config.batch.windowMs / 2)));
  const remoteSubmitter = remoteSigner
    ? new RemoteSubmitter({
        db: database.db,
        store,
        chain,
        signer: remoteSigner,
        feePolicy,
        lostAfterMs: config.signers.remoteLostAfterMs,
      })
    : undefined;
  const pipeline = new Pipeline({
    batcher,
    submitter,
    tracker,
    remoteSubmitter,
    logger,
    idleMs: pollMs,
    trackMs: pollMs,
  });

  // Intake closes while draining, while an operator paused it (every instance), and when no active signer can
  // pay for what it would accept.
  let draining = false;
  let activeSigners = signerAddresses.length;
  let fundedSigners = signerAddresses.length;
  const checkBalances = async () => {
    const readings = (await signerMonitor.read()).filter((signer) => signer.status === 'active');
    if (readings.some((signer) => signer.balanceWei === null))
      throw new Error('a signer balance could not be read');
    activeSigners = readings.length;
    fundedSigners = readings.filter((signer) => !signer.lowBalance).length;
    if (activeSigners > 0 && fundedSigners === 0)
      logger.error(
        { balances: readings.map((signer) => formatEther(signer.balanceWei ?? 0n)) },
        'every active signer is below MIN_SIGNER_BALANCE_WEI',
      );
  };
  await checkBalances().catch((error) => logger.warn({ err: error }, 'balance check failed'));
  const balanceChecks = startPeriodic('balance check', BALANCE_CHECK_MS, checkBalances, logger);
  const signersClosedReason = () => {
    if (draining) return new RelayerError('DRAINING', 503, 'the relayer is shutting down; retry shortly');
    if (activeSigners === 0)
      return new RelayerError('NO_ACTIVE_SIGNER', 503, 'every signer key is retired; retry later');
    if (fundedSigners === 0)
      return new RelayerError(
        'SIGNER_BALANCE_LOW',
        503,
        'the relayer cannot pay for new intents right now; retry later',
      );
    return undefined;
  };
  const intakeClosedReason = () => signersClosedReason() ?? intakeControl.closedReason();

  // The operator console's side: audit log, cancels and gap fills, metrics, alert webhooks.
  const audit = new AuditLog(database.db);
  const operatorTransactions = new OperatorTransactions({
    db: database.db,
    chain,
    signers,
    feePolicy,
    monitor: signerMonitor,
  });
  const systemHealth = () => readSystemHealth(database, chain, indexer);
  const metrics = new RelayerMetrics({
    db: database.db,
    monitor: signerMonitor,
    intake: intakeControl,
    health: systemHealth,
    stuckAfterMs: config.submit.stuckAfterMs,
  });
  const webhooks = new WebhookDispatcher({
    db: database.db,
    urls: config.webhooks.urls,
    secret: config.webhooks.secret,
    logger,
  });
  const alertWatcher = new AlertWatcher({
    db: database.db,
    monitor: signerMonitor,
    health: systemHealth,
    dispatcher: webhooks,
    thresholds: {
      stuckAfterMs: config.submit.stuckAfterMs,
      failureRatePercent: config.alerts.failureRatePercent,
      indexerLagBlocks: config.alerts.indexerLagBlocks,
    },
  });
  const operatorServices: OperatorServices = {
    database,
    chain,
    store,
    audit,
    intake: intakeControl,
    registry: signerRegistry,
    storedKeys,
    monitor: signerMonitor,
    transactions: operatorTransactions,
    health: systemHealth,
    stuckAfterMs: config.submit.stuckAfterMs,
    minBalanceWei: config.signers.minBalanceWei,
    notify: (type, data) => webhooks.enqueue(type, data),
  };

  const app = new Hono<AppEnv>();
  app.use(requestContext(logger));
  const answerError = handleError(logger);
  app.onError((error, context) => {
    const response = answerError(error, context);
    metrics.countApiError(
      error instanceof RelayerError
        ? error.code
        : (error as { status?: number }).status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : 'INTERNAL',
    );
    return response;
  });
  app.notFound((context) =>
    context.json(
      { error: { code: 'NOT_FOUND', message: `no route ${context.req.method} ${context.req.path}` } },
      404,
    ),
  );
  app.route(
    '/',
    healthRouter(
      [
        { name: 'database', check: () => database.ping() },
        { name: 'chain', check: async () => void (await chain.publicClient.getBlockNumber()) },
        {
          name: 'signers',
          check: async () => {
            // An operator's pause is not unreadiness: the instance still serves reads and finishes its work.
            const closed = signersClosedReason();
            if (closed) throw new Error(closed.message);
          },
        },
      ],
      // What the node serves, and so which fallbacks run (chain/rpc-capabilities.ts).
      () => ({ rpc: chain.capabilities }),
    ),
  );
  app.route(
    '/v1/intents',
    intentsRouter({
      intake,
      store,
      ipLimiter: new RateLimiter(config.policy.perIpPerMinute),
      intakeClosedReason,
    }),
  );
  app.route('/v1/accounts', accountsRouter({ store }));
  app.route('/v1/auth', authRouter({ sessions }));
  const authed = new Hono<AuthedEnv>();
  authed.use('/records/*', requireSession(sessions));
  authed.use('/records', requireSession(sessions));
  authed.use('/keys/*', requireSession(sessions));
  authed.use('/keys', requireSession(sessions));
  authed.use('/access/*', requireSession(sessions));
  authed.use('/notifications/*', requireSession(sessions, { allowQueryToken: true }));
  authed.use('/notifications', requireSession(sessions));
  authed.use('/studies/*', requireSession(sessions));
  authed.use('/studies', requireSession(sessions));
  authed.route('/studies', studiesRouter({ studies: new StudyService({ db: database.db, consent }) }));
  authed.route('/records', recordsRouter(records, config.uploads));
  authed.route('/keys', keysRouter(records));
  authed.route('/access', accessRouter({ consent, records, notifications }));
  authed.route(
    '/notifications',
    notificationsRouter({ notifications, consent, signal, pollMs: config.indexer.pollMs }),
  );
  app.route('/v1', authed);
  app.route('/', metricsRouter(metrics));
  app.route('/', consoleRouter({ consoleDir: config.operator.consoleDir, chainId: deployment.chainId }));
  // Operators: their own sign-in (sessions of the operator kind), then every other operator route behind
  // requireOperator (an operator session's token or an API key).
  const operatorApp = new Hono<OperatorEnv>();
  operatorApp.route('/auth', authRouter({ sessions: operatorSessions }));
  const guarded = new Hono<OperatorEnv>();
  guarded.use(
    requireOperator({
      sessions: operatorSessions,
      apiKeys: config.operator.apiKeys,
      keyFailures: new RateLimiter(config.operator.keyFailuresPerIpPerMinute),
    }),
  );
  guarded.route('/stream', operatorStreamRouter({ db: database.db, intake: intakeControl }));
  guarded.route('/', operatorRouter(operatorServices));
  guarded.route('/', operatorActionsRouter(operatorServices));
  operatorApp.route('/', guarded);
  app.route('/v1/operator', operatorApp);
  app.route(
    '/',
    openApiRouter(() =>
      openApiDocument(
        [
          ...healthRouteDocs,
          ...intentRouteDocs,
          ...authRouteDocs,
          ...recordRouteDocs,
          ...accessRouteDocs,
          ...notificationRouteDocs,
          ...studyRouteDocs,
          ...metricsRouteDocs,
          ...consoleRouteDocs,
          ...operatorAuthRouteDocs,
          ...operatorReadRouteDocs,
          ...operatorActionRouteDocs,
          ...operatorStreamRouteDocs,
        ],
        { version: RELAYER_VERSION, chainId: deployment.chainId },
      ),
    ),
  );

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: config.http.host, port: config.http.port }, () =>
      resolve(started),
    );
  });
  // Keep idle connections longer than the proxies and clients in front of us do (60 s is common), so the server
  // never closes a kept-alive socket just as a client sends on it.
  (server as import('node:http').Server).keepAliveTimeout = KEEP_ALIVE_MS;
  (server as import('node:http').Server).headersTimeout = KEEP_ALIVE_MS + 1_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host}:${port}`;
  listeningOrigin = url;
  pipeline.start();
  const indexing = runIndexer(indexer, logger, config.indexer.pollMs);
  const background = [
    balanceChecks,
    startPeriodic('operator transactions', pollMs, () => operatorTransactions.tick(), logger),
    // Keys another instance's operator added: load them here too.
    startPeriodic('stored signer keys', STORED_KEYS_POLL_MS, () => storedKeys.load(), logger),
    ...(webhooks.enabled
      ? [
          startPeriodic('alerts', config.alerts.checkMs, () => alertWatcher.evaluate(), logger),
          startPeriodic('webhooks', WEBHOOK_POLL_MS, () => webhooks.deliverDue(), logger),
        ]
      : []),
  ];
  logger.info(
    {
      url,
      database: database.kind,
      chainId: deployment.chainId,
      signers: signerAddresses,
      signerBackend: config.signers.backend.kind,
    },
    'relayer started',
  );

  const close = async () => {
    intakeControl.stop();
    await Promise.all([pipeline.stop(), indexing.stop(), ...background.map((task) => task.stop())]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
  };
  return {
    url,
    port,
    database,
    logger,
    routes: app.routes
      .filter((route) => route.method !== 'ALL')
      .map(({ method, path }) => ({ method, path }))
      .filter(
        (route, index, all) =>
          all.findIndex((other) => other.method === route.method && other.path === route.path) === index,
      ),
    stop: close,
    drain: async (timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS) => {
      draining = true;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const inFlight = await database.db
          .selectFrom('intents')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('status', 'in', ['queued', 'batched', 'submitted', 'mined'])
          .executeTakeFirstOrThrow();
        if (Number(inFlight.count) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
      }
      await close();
    },
  };
}
