// Test support: a local stand-in for the (legacy: shut down on 2026-07-01) OpenZeppelin Defender relay signer
// API, speaking what @openzeppelin/defender-sdk 2.7.1 sends when DEFENDER_API_URL points at it, and really
// signing and broadcasting EIP-1559 transactions to a chain (anvil in tests) with its own nonce counter.
// Followed from the SDK's sources (github.com/OpenZeppelin/defender-sdk): login "auth v2" packages/base/src/api/
// auth-v2.ts (POST /auth/login and /auth/refresh-token with `{ apiKey, secretKey, type }` → `{ accessToken,
// refreshToken }`; the SDK uses it by default, AWS Cognito only with credential caching off); headers
// packages/base/src/api/api.ts (X-Api-Key, Authorization: Bearer); routes packages/relay-signer/src/api/index.ts
// (GET /relayers/self, GET /relayers/self/status, POST /relayers/self/txs, GET and PUT /relayers/self/txs/{id});
// shapes and statuses packages/relay-signer/src/models/{relayer,transactions}.ts and its README (send answers
// once the transaction is signed, with its hash and nonce; `confirmed` after 12 confirmations). Error bodies are
// `{ message }`: the SDK reads only the HTTP status and its reason phrase. Not served: cancel, listings,
// sign, JSON-RPC, relayer groups, speeds and legacy gas prices.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem';
import {
  connectStandInChain,
  createSerialQueue,
  type StandInTransactionRequest,
} from './openzeppelin-relayer-stand-in.ts';

const HOST = '127.0.0.1';
/** Defender marked a transaction `confirmed` 12 blocks deep (relay signer README). */
const DEFAULT_REQUIRED_CONFIRMATIONS = 12;
/** Defender's default validity of a transaction that gives no validUntil: 8 hours. */
const DEFAULT_VALIDITY_MS = 8 * 60 * 60 * 1000;
const TOKEN_BYTES = 24;
const BEARER_PREFIX = 'Bearer ';
const RELAY_AUTH_TYPE = 'relay';
const RELAYER_NAME = 'MediCrypt stand-in relayer';

/** Options: the chain, the key the relayer signs with, and the relayer API key and secret it accepts. */
export interface DefenderStandInOptions {
  rpcUrl: string;
  privateKey: Hex;
  apiKey: string;
  apiSecret: string;
  /** Blocks until `confirmed` (default 12, as Defender). */
  requiredConfirmations?: number;
}

/** A running stand-in: its URL (the value for DEFENDER_API_URL), and the relayer's id and address. */
export interface DefenderStandIn {
  url: string;
  relayerId: string;
  address: Address;
  stop(): Promise<void>;
}

type Status = 'pending' | 'submitted' | 'mined' | 'confirmed' | 'failed';

interface StandInTransaction {
  transactionId: string;
  status: Status;
  request: StandInTransactionRequest;
  nonce: number;
  hash: Hex;
  /** The latest signed bytes, broadcast once the transaction leaves `pending`. */
  raw: Hex;
  hashes: Hex[];
  createdAt: string;
  sentAt: string | undefined;
  validUntil: string;
}

class BadRequest extends Error {}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startDefenderStandIn(options: DefenderStandInOptions): Promise<DefenderStandIn> {
  const requiredConfirmations = BigInt(options.requiredConfirmations ?? DEFAULT_REQUIRED_CONFIRMATIONS);
  const chain = await connectStandInChain(options.rpcUrl, options.privateKey);
  const queue = createSerialQueue();
  const relayerId = randomUUID();
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const transactions = new Map<string, StandInTransaction>();

  const problem = (c: Context, status: 400 | 401 | 404 | 500, message: string) => c.json({ message }, status);
  const issueTokens = () => {
    const accessToken = randomBytes(TOKEN_BYTES).toString('hex');
    const refreshToken = randomBytes(TOKEN_BYTES).toString('hex');
    accessTokens.add(accessToken);
    refreshTokens.add(refreshToken);
    return { accessToken, refreshToken };
  };
  const credentialsMatch = (body: Record<string, unknown>) =>
    body.apiKey === options.apiKey && body.secretKey === options.apiSecret && body.type === RELAY_AUTH_TYPE;

  /** Broadcasts the latest signed bytes of a pending transaction (Defender's queue sending it). */
  const submit = (transaction: StandInTransaction) =>
    queue.run(async () => {
      if (transaction.status !== 'pending') return;
      try {
        await chain.broadcast(transaction.raw);
        Object.assign(transaction, { status: 'submitted', sentAt: new Date().toISOString() });
      } catch {
        chain.releaseNonce(transaction.nonce);
        transaction.status = 'failed';
      }
    });

  const refresh = (transaction: StandInTransaction) =>
    queue.run(async () => {
      if (transaction.status !== 'submitted' && transaction.status !== 'mined') return;
      const receipt = await chain.findReceipt(transaction.hashes);
      if (!receipt) return;
      transaction.hash = receipt.hash;
      if (receipt.reverted) transaction.status = 'failed';
      else transaction.status = receipt.confirmations >= requiredConfirmations ? 'confirmed' : 'mined';
    });

  const find = (idOrNonce: string, byNonce: boolean) =>
    byNonce
      ? [...transactions.values()].find((transaction) => String(transaction.nonce) === idOrNonce)
      : transactions.get(idOrNonce);

  const response = (transaction: StandInTransaction) => ({
    transactionId: transaction.transactionId,
    hash: transaction.hash,
    to: transaction.request.to,
    from: chain.address,
    value: transaction.request.value.toString(),
    data: transaction.request.data,
    gasLimit: Number(transaction.request.gas),
    nonce: transaction.nonce,
    status: transaction.status,
    chainId: chain.chainId,
    validUntil: transaction.validUntil,
    createdAt: transaction.createdAt,
    ...(transaction.sentAt ? { sentAt: transaction.sentAt, pricedAt: transaction.sentAt } : {}),
    maxFeePerGas: Number(transaction.request.maxFeePerGas),
    maxPriorityFeePerGas: Number(transaction.request.maxPriorityFeePerGas),
  });

  const app = new Hono();
  app.post('/auth/login', async (c) => {
    const body = await readJson(c);
    if (!body || !credentialsMatch(body)) return problem(c, 401, 'Unauthorized');
    return c.json(issueTokens());
  });
  app.post('/auth/refresh-token', async (c) => {
    const body = await readJson(c);
    if (!body || !credentialsMatch(body) || !refreshTokens.has(String(body.refreshToken))) {
      return problem(c, 401, 'Unauthorized');
    }
    return c.json(issueTokens());
  });
  app.use('/relayers/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith(BEARER_PREFIX) ? header.slice(BEARER_PREFIX.length) : '';
    if (c.req.header('x-api-key') !== options.apiKey || !accessTokens.has(token)) {
      return problem(c, 401, 'Unauthorized');
    }
    await next();
  });

  app.get('/relayers/self', (c) =>
    c.json({
      relayerId,
      name: RELAYER_NAME,
      address: chain.address.toLowerCase(),
      network: 'sepolia',
      paused: false,
      createdAt: new Date().toISOString(),
      pendingTxCost: '0',
      minBalance: '0',
      policies: { EIP1559Pricing: true },
    }),
  );
  app.get('/relayers/self/status', (c) => {
    const inFlight = [...transactions.values()].filter((transaction) =>
      ['pending', 'submitted'].includes(transaction.status),
    );
    return c.json({
      relayerId,
      name: RELAYER_NAME,
      nonce: Math.max(-1, ...[...transactions.values()].map((transaction) => transaction.nonce)) + 1,
      address: chain.address.toLowerCase(),
      numberOfPendingTransactions: inFlight.length,
      paused: false,
      txsQuotaUsage: transactions.size,
      rpcQuotaUsage: 0,
    });
  });

  app.post('/relayers/self/txs', async (c) => {
    let request: StandInTransactionRequest;
    try {
      request = parsePayload(await readJson(c));
    } catch (error) {
      if (error instanceof BadRequest) return problem(c, 400, error.message);
      throw error;
    }
    const transaction = await queue.run(async () => {
      const nonce = chain.leaseNonce();
      const { raw, hash } = await chain.sign(nonce, request);
      const created: StandInTransaction = {
        transactionId: randomUUID(),
        status: 'pending',
        request,
        nonce,
        hash,
        raw,
        hashes: [hash],
        createdAt: new Date().toISOString(),
        sentAt: undefined,
        validUntil: new Date(Date.now() + DEFAULT_VALIDITY_MS).toISOString(),
      };
      transactions.set(created.transactionId, created);
      return created;
    });
    const answer = c.json(response(transaction));
    void submit(transaction);
    return answer;
  });

  // Recent transactions, newest first (`limit`, default 10), as the SDK's listTransactions reads them.
  app.get('/relayers/self/txs', async (c) => {
    const limit = Math.max(1, Number(c.req.query('limit') ?? 10) || 10);
    const newestFirst = [...transactions.values()].reverse().slice(0, limit);
    for (const transaction of newestFirst) await refresh(transaction);
    const items = newestFirst.map(response);
    // The SDK asks with usePagination=true and then reads { items, next }.
    return c.json(c.req.query('usePagination') === 'true' ? { items } : items);
  });

  app.get('/relayers/self/txs/:id', async (c) => {
    const transaction = find(c.req.param('id'), c.req.query('nonce') === 'true');
    if (!transaction) return problem(c, 404, 'Transaction not found');
    await refresh(transaction);
    return c.json(response(transaction));
  });

  app.put('/relayers/self/txs/:id', async (c) => {
    const id = c.req.param('id');
    const transaction = find(id, !transactions.has(id) && /^\d+$/.test(id));
    if (!transaction) return problem(c, 404, 'Transaction not found');
    let request: StandInTransactionRequest;
    try {
      request = parsePayload(await readJson(c));
    } catch (error) {
      if (error instanceof BadRequest) return problem(c, 400, error.message);
      throw error;
    }
    await refresh(transaction);
    const refused = await queue.run(async () => {
      if (transaction.status !== 'pending' && transaction.status !== 'submitted') {
        return `Transaction is already ${transaction.status} and cannot be replaced`;
      }
      const { raw, hash } = await chain.sign(transaction.nonce, request);
      if (transaction.status === 'submitted') {
        try {
          await chain.broadcast(raw);
        } catch (error) {
          return `the node refused the replacement: ${(error as Error).message}`;
        }
      }
      Object.assign(transaction, { request, raw, hash, hashes: [...transaction.hashes, hash] });
      return undefined;
    });
    if (refused) return problem(c, 400, refused);
    return c.json(response(transaction));
  });

  app.notFound((c) => problem(c, 404, 'Not Found'));
  app.onError((error, c) => problem(c, 500, error.message));

  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: HOST, port: 0 }, () => resolve(started as Server));
  });
  return {
    url: `http://${HOST}:${(server.address() as AddressInfo).port}/`,
    relayerId,
    address: chain.address,
    stop: async () => {
      await queue.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

async function readJson(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await c.req.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A SendEIP1559TransactionRequest: BigUInt amounts as numbers or (decimal or 0x-hex) strings. */
function parsePayload(body: Record<string, unknown> | undefined): StandInTransactionRequest {
  if (!body) throw new BadRequest('Invalid JSON body');
  const bigUInt = (field: string, fallback?: bigint): bigint => {
    const value = body[field];
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      throw new BadRequest(`${field} is required`);
    }
    try {
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error();
      const parsed = BigInt(value);
      if (parsed < 0n) throw new Error();
      return parsed;
    } catch {
      throw new BadRequest(`${field} must be a non-negative integer`);
    }
  };
  const { to, data } = body;
  if (typeof to !== 'string' || !isAddress(to, { strict: false }))
    throw new BadRequest('to must be an address');
  if (typeof data !== 'string' || !isHex(data)) throw new BadRequest('data must be hex');
  if (body.speed !== undefined || body.gasPrice !== undefined) {
    throw new BadRequest('the stand-in supports maxFeePerGas/maxPriorityFeePerGas only');
  }
  const request = {
    // Any letter case, as the real API: viem would insist on a valid checksum.
    to: getAddress(to.toLowerCase()),
    data,
    value: bigUInt('value', 0n),
    gas: bigUInt('gasLimit'),
    maxFeePerGas: bigUInt('maxFeePerGas'),
    maxPriorityFeePerGas: bigUInt('maxPriorityFeePerGas'),
  };
  if (request.maxPriorityFeePerGas > request.maxFeePerGas) {
    throw new BadRequest('maxFeePerGas should be greater or equal to maxPriorityFeePerGas');
  }
  return request;
}
