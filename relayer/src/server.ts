// Wires the relayer once: config → database → chain → intake and pipeline → HTTP. `main.ts` runs it as a
// process; tests and `npm start` may start it in-process.
import { serve } from '@hono/node-server';
import { deploymentFor, readDeployment } from '@medicrypt/contracts/node';
import { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import { type Address, formatEther } from 'viem';
import { handleError } from './api/error-handler.ts';
import { healthRouter } from './api/health-router.ts';
import { accountsRouter, intentsRouter } from './api/intents-router.ts';
import { type AppEnv, requestContext } from './api/request-context.ts';
import { Batcher } from './batcher/batcher.ts';
import { createChainClient } from './chain/chain-client.ts';
import type { RelayerConfig } from './config.ts';
import { type OpenDatabase, openDatabase } from './db/connect.ts';
import { RelayerError } from './errors.ts';
import { IntentIntake } from './intake/accept-intent.ts';
import { RateLimiter } from './intake/rate-limiter.ts';
import { SignerAuthority } from './intake/signer-authority.ts';
import { SimulationBatcher } from './intake/simulate-intents.ts';
import { Pipeline } from './pipeline.ts';
import { IntentStore } from './queue/intent-store.ts';
import { IntentWriter } from './queue/intent-writer.ts';
import { createLocalSigner } from './submitter/local-signer.ts';
import { Submitter } from './submitter/submitter.ts';
import { Tracker } from './tracker/tracker.ts';

export interface RunningRelayer {
  url: string;
  port: number;
  database: OpenDatabase;
  logger: Logger;
  /** Stops intake, lets in-flight work finish (up to `timeoutMs`), then closes everything. */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops at once (in-flight work resumes on the next start). */
  stop(): Promise<void>;
}

const BALANCE_CHECK_MS = 15_000;
const KEEP_ALIVE_MS = 65_000;
const DRAIN_POLL_MS = 100;
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

export async function startRelayer(
  config: RelayerConfig,
  options: { logger?: Logger } = {},
): Promise<RunningRelayer> {
  const logger = options.logger ?? pino({ level: config.log.level, base: { service: 'relayer' } });
  if (config.signers.privateKeys.length === 0) {
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
  const chain = createChainClient({ rpcUrl: config.chain.rpcUrl, deployment });
  const rpcChainId = await chain.publicClient.getChainId();
  if (rpcChainId !== config.chain.chainId) {
    throw new RelayerError(
      'WRONG_CHAIN',
      500,
      `RPC_URL answers chain ${rpcChainId}, CHAIN_ID is ${config.chain.chainId}`,
    );
  }
  const database = await openDatabase(config.db);
  const store = new IntentStore(database.db);
  const signers = config.signers.privateKeys.map(createLocalSigner);
  const feePolicy = {
    maxFeePerGasCap: config.submit.maxFeePerGas,
    bumpPercent: config.submit.feeBumpPercent,
  };

  const intake = new IntentIntake({
    chain,
    store,
    writer: new IntentWriter({ store }),
    simulator: new SimulationBatcher({ chain, from: signers[0]!.address }),
    authority: new SignerAuthority(chain),
    signerLimiter: new RateLimiter(config.policy.perSignerPerMinute),
    intentGasCap: config.policy.intentGasCap,
    dailyGasBudget: config.policy.dailyGasBudgetPerSigner,
  });
  const batcher = new Batcher({
    db: database.db,
    store,
    signers: signers.map((signer) => signer.address.toLowerCase()),
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
    feePolicy,
    confirmations: config.submit.confirmations,
    stuckAfterMs: config.submit.stuckAfterMs,
  });
  const pollMs = Math.max(20, Math.min(250, Math.floor(config.batch.windowMs / 2)));
  const pipeline = new Pipeline({ batcher, submitter, tracker, logger, idleMs: pollMs, trackMs: pollMs });

  // Intake closes while draining, and when no signer can pay for what it would accept.
  let draining = false;
  let fundedSigners = signers.length;
  const checkBalances = async () => {
    const balances = await Promise.all(
      signers.map((signer) => chain.publicClient.getBalance({ address: signer.address })),
    );
    fundedSigners = balances.filter((balance) => balance >= config.signers.minBalanceWei).length;
    if (fundedSigners === 0)
      logger.error(
        { balances: balances.map((balance) => formatEther(balance)) },
        'every signer is below MIN_SIGNER_BALANCE_WEI',
      );
    return balances;
  };
  await checkBalances();
  const balanceTimer = setInterval(
    () => void checkBalances().catch((error) => logger.warn({ err: error }, 'balance check failed')),
    BALANCE_CHECK_MS,
  );
  const intakeClosedReason = () => {
    if (draining) return new RelayerError('DRAINING', 503, 'the relayer is shutting down; retry shortly');
    if (fundedSigners === 0)
      return new RelayerError(
        'SIGNER_BALANCE_LOW',
        503,
        'the relayer cannot pay for new intents right now; retry later',
      );
    return undefined;
  };

  const app = new Hono<AppEnv>();
  app.use(requestContext(logger));
  app.onError(handleError(logger));
  app.notFound((context) =>
    context.json(
      { error: { code: 'NOT_FOUND', message: `no route ${context.req.method} ${context.req.path}` } },
      404,
    ),
  );
  app.route(
    '/',
    healthRouter([
      { name: 'database', check: () => database.ping() },
      { name: 'chain', check: async () => void (await chain.publicClient.getBlockNumber()) },
      {
        name: 'signers',
        check: async () => {
          if (intakeClosedReason()) throw new Error(intakeClosedReason()!.message);
        },
      },
    ]),
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
  pipeline.start();
  logger.info(
    {
      url,
      database: database.kind,
      chainId: deployment.chainId,
      signers: signers.map((signer) => signer.address as Address),
    },
    'relayer started',
  );

  const close = async () => {
    clearInterval(balanceTimer);
    await pipeline.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
  };
  return {
    url,
    port,
    database,
    logger,
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
