// Test support: a local stand-in for a self-hosted OpenZeppelin Relayer (github.com/OpenZeppelin/openzeppelin-
// relayer, v1.8.0) that speaks the part of its REST API v1 the relayer's remote signer uses, for one EVM
// relayer, and really signs and broadcasts EIP-1559 transactions to a chain (anvil in tests) with its own
// nonce counter. Followed from the real relayer's sources: routes src/api/routes/relayer.rs; bearer auth and
// its 401 body src/main.rs, src/utils/auth.rs; the `{ success, data, error }` envelope src/models/api_response.rs;
// request EvmTransactionRequest src/models/transaction/request/evm.rs (wei amounts as JSON integers: a string is
// refused, as serde refuses it); answer EvmTransactionResponse src/models/transaction/response.rs (fees as decimal
// strings); statuses src/models/transaction/repository.rs; replace rules (same id and nonce, only while pending,
// sent or submitted, fees +10%) src/domain/transaction/evm/{evm_transaction,replacement}.rs and
// src/domain/transaction/evm/price_calculator.rs (calculate_min_bump); status checks src/domain/transaction/evm/
// status.rs. Like the real one, POST answers `pending` before the transaction is signed; it is then prepared
// (signed at the next nonce: `sent`) and broadcast (`submitted`) right away, and a lookup checks the chain for
// `mined`/`confirmed`/`failed`. Not served: cancel (DELETE), listings, speeds and legacy gas prices.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import {
  type Address,
  createPublicClient,
  getAddress,
  type Hex,
  http,
  isAddress,
  isHex,
  keccak256,
  TransactionReceiptNotFoundError,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const HOST = '127.0.0.1';
const API_PREFIX = '/api/v1';
const DEFAULT_RELAYER_ID = 'medicrypt-anvil';
/** Blocks (the mined one included) before a transaction counts as `confirmed`: the network's required_confirmations. */
const DEFAULT_REQUIRED_CONFIRMATIONS = 1;
/** The real relayer's answer when the Authorization header is missing or wrong (src/main.rs). */
const UNAUTHORIZED_BODY = '{"success":false,"code":401,"error":"Unauthorized","message":"Unauthorized"}';
const BEARER_PREFIX = 'Bearer ';
/** calculate_min_bump: a replacement's fees must be at least 11/10 of the old ones (and 1 wei more). */
const BUMP_NUMERATOR = 11n;
const BUMP_DENOMINATOR = 10n;
/** Integer literals at least this long may not survive JSON.parse as Numbers: they are read as bigints. */
const LONG_INTEGER_DIGITS = 16;
const REVERTED_REASON = 'Transaction reverted on-chain (receipt status: failed)';
const REPLACEABLE = new Set(['pending', 'sent', 'submitted']);

/** What the stand-in signs: an EIP-1559 transaction's fields besides the nonce. */
export interface StandInTransactionRequest {
  to: Address;
  data: Hex;
  value: bigint;
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** A mined transaction as a stand-in reports it. */
export interface StandInReceipt {
  hash: Hex;
  reverted: boolean;
  /** Blocks from the one it is in to the head, both included. */
  confirmations: bigint;
}

/** The chain side of a relayer stand-in: one key, its own nonce counter, signing and broadcasting. */
export interface StandInChain {
  address: Address;
  chainId: number;
  /** Takes the next nonce (the first is the account's pending nonce when the stand-in started). */
  leaseNonce(): number;
  /** Gives back a nonce whose transaction never reached the node, if no later one was taken. */
  releaseNonce(nonce: number): void;
  /** Signs an EIP-1559 transaction at `nonce`: the raw bytes and their hash. */
  sign(nonce: number, request: StandInTransactionRequest): Promise<{ raw: Hex; hash: Hex }>;
  broadcast(raw: Hex): Promise<void>;
  /** The receipt of whichever of `hashes` (one nonce's attempts) was mined, if any. */
  findReceipt(hashes: Hex[]): Promise<StandInReceipt | undefined>;
}

/** Connects a stand-in's signer to the chain at `rpcUrl`: reads the chain id and the key's pending nonce. */
export async function connectStandInChain(rpcUrl: string, privateKey: Hex): Promise<StandInChain> {
  const account = privateKeyToAccount(privateKey);
  const client = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await client.getChainId();
  let nextNonce = await client.getTransactionCount({ address: account.address, blockTag: 'pending' });
  return {
    address: account.address,
    chainId,
    leaseNonce: () => nextNonce++,
    releaseNonce: (nonce) => {
      if (nonce === nextNonce - 1) nextNonce = nonce;
    },
    sign: async (nonce, request) => {
      const raw = await account.signTransaction({ type: 'eip1559', chainId, nonce, ...request });
      return { raw, hash: keccak256(raw) };
    },
    broadcast: async (raw) => {
      await client.sendRawTransaction({ serializedTransaction: raw });
    },
    findReceipt: async (hashes) => {
      for (const hash of [...hashes].reverse()) {
        try {
          const receipt = await client.getTransactionReceipt({ hash });
          const head = await client.getBlockNumber({ cacheTime: 0 });
          return {
            hash,
            reverted: receipt.status === 'reverted',
            confirmations: head - receipt.blockNumber + 1n,
          };
        } catch (error) {
          if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
        }
      }
      return undefined;
    },
  };
}

/** Runs tasks one at a time, in order: a stand-in's nonce, signing and state changes never interleave. */
export function createSerialQueue(): { run<T>(task: () => Promise<T>): Promise<T>; idle(): Promise<void> } {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
    idle: () => tail.then(() => undefined),
  };
}

/** Options: the chain, the key the relayer signs with, the API key it accepts, and the relayer's id. */
export interface OpenZeppelinRelayerStandInOptions {
  rpcUrl: string;
  privateKey: Hex;
  /** The relayer's API_KEY: requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Default `medicrypt-anvil`. */
  relayerId?: string;
  /** Blocks until `confirmed` (default 1: mined is confirmed at once). */
  requiredConfirmations?: number;
}

/** A running stand-in: its origin (the adapter's baseUrl), the relayer's id and address. */
export interface OpenZeppelinRelayerStandIn {
  url: string;
  relayerId: string;
  address: Address;
  /**
   * The next `count` transactions sent are kept and broadcast, but their answer is a 503: the caller cannot
   * tell they were taken (as when it dies between sending and storing the answer).
   */
  loseAnswers(count: number): void;
  /** The next `count` transactions sent are refused with a 400, as the real relayer refuses a bad request. */
  refuse(count: number): void;
  /** How many of the answers `loseAnswers` asked for are still to be lost. */
  answersStillToLose(): number;
  /** How many transactions the relayer holds, in total or carrying exactly `data`. */
  transactionCount(data?: Hex): number;
  stop(): Promise<void>;
}

type TransactionStatus = 'pending' | 'sent' | 'submitted' | 'mined' | 'confirmed' | 'failed';

interface StandInTransaction {
  id: string;
  status: TransactionStatus;
  statusReason: string | null;
  request: StandInTransactionRequest;
  nonce: number | null;
  hash: Hex | null;
  /** Every hash this nonce was signed with, oldest first. */
  hashes: Hex[];
  createdAt: string;
  sentAt: string | null;
  confirmedAt: string | null;
}

class BadRequest extends Error {}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startOpenZeppelinRelayerStandIn(
  options: OpenZeppelinRelayerStandInOptions,
): Promise<OpenZeppelinRelayerStandIn> {
  const relayerId = options.relayerId ?? DEFAULT_RELAYER_ID;
  const requiredConfirmations = BigInt(options.requiredConfirmations ?? DEFAULT_REQUIRED_CONFIRMATIONS);
  const chain = await connectStandInChain(options.rpcUrl, options.privateKey);
  const queue = createSerialQueue();
  const transactions = new Map<string, StandInTransaction>();

  const json = (c: Context, status: number, text: string) =>
    c.body(text, status as 200, { 'content-type': 'application/json' });
  const success = (c: Context, data: unknown) =>
    json(c, 200, JSON.stringify({ success: true, data, error: null }));
  const failure = (c: Context, status: number, error: string) =>
    json(c, status, JSON.stringify({ success: false, data: null, error }));

  /** Signs at a fresh nonce and broadcasts: pending → sent → submitted (or failed). */
  const prepare = (transaction: StandInTransaction) =>
    queue.run(async () => {
      const nonce = chain.leaseNonce();
      try {
        const { raw, hash } = await chain.sign(nonce, transaction.request);
        Object.assign(transaction, { status: 'sent', nonce, hash, hashes: [hash] });
        await chain.broadcast(raw);
        Object.assign(transaction, { status: 'submitted', sentAt: new Date().toISOString() });
      } catch (error) {
        chain.releaseNonce(nonce);
        Object.assign(transaction, {
          status: 'failed',
          statusReason: (error as Error).message,
          nonce: null,
          hash: null,
          hashes: [],
        });
      }
    });

  /** Looks the transaction up on the chain, as the relayer's status checker does. */
  const refresh = (transaction: StandInTransaction) =>
    queue.run(async () => {
      if (transaction.status !== 'submitted' && transaction.status !== 'mined') return;
      const receipt = await chain.findReceipt(transaction.hashes);
      if (!receipt) return;
      transaction.hash = receipt.hash;
      if (receipt.reverted) {
        Object.assign(transaction, { status: 'failed', statusReason: REVERTED_REASON });
      } else if (receipt.confirmations >= requiredConfirmations) {
        Object.assign(transaction, { status: 'confirmed', confirmedAt: new Date().toISOString() });
      } else {
        transaction.status = 'mined';
      }
    });

  const response = (transaction: StandInTransaction) => ({
    id: transaction.id,
    hash: transaction.hash,
    status: transaction.status,
    status_reason: transaction.statusReason,
    created_at: transaction.createdAt,
    sent_at: transaction.sentAt,
    confirmed_at: transaction.confirmedAt,
    gas_price: null,
    gas_limit: Number(transaction.request.gas),
    nonce: transaction.nonce,
    value: `0x${transaction.request.value.toString(16)}`,
    from: chain.address.toLowerCase(),
    to: transaction.request.to.toLowerCase(),
    relayer_id: relayerId,
    data: transaction.request.data,
    max_fee_per_gas: transaction.request.maxFeePerGas.toString(),
    max_priority_fee_per_gas: transaction.request.maxPriorityFeePerGas.toString(),
    signature: null,
    speed: null,
    is_canceled: false,
  });

  let answersToLose = 0;
  let toRefuse = 0;
  const app = new Hono();
  app.use(`${API_PREFIX}/*`, async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith(BEARER_PREFIX) ? header.slice(BEARER_PREFIX.length) : '';
    if (token === '' || token.includes(' ') || token !== options.apiKey)
      return json(c, 401, UNAUTHORIZED_BODY);
    await next();
  });
  app.use(`${API_PREFIX}/relayers/:relayerId/*`, async (c, next) => {
    if (c.req.param('relayerId') !== relayerId) {
      return failure(c, 404, `Relayer with ID ${c.req.param('relayerId')} not found`);
    }
    await next();
  });

  app.get(`${API_PREFIX}/relayers/:relayerId`, (c) => {
    if (c.req.param('relayerId') !== relayerId) {
      return failure(c, 404, `Relayer with ID ${c.req.param('relayerId')} not found`);
    }
    return success(c, {
      id: relayerId,
      name: 'MediCrypt stand-in relayer',
      network: 'anvil',
      network_type: 'evm',
      paused: false,
      signer_id: 'stand-in-signer',
      address: chain.address.toLowerCase(),
      system_disabled: false,
    });
  });

  app.post(`${API_PREFIX}/relayers/:relayerId/transactions`, async (c) => {
    let request: StandInTransactionRequest;
    try {
      request = parseTransactionRequest(await c.req.text());
    } catch (error) {
      if (error instanceof BadRequest) return failure(c, 400, error.message);
      throw error;
    }
    if (toRefuse > 0) {
      toRefuse -= 1;
      return failure(c, 400, 'Bad request: the relayer policy refuses this transaction');
    }
    const transaction: StandInTransaction = {
      id: randomUUID(),
      status: 'pending',
      statusReason: null,
      request,
      nonce: null,
      hash: null,
      hashes: [],
      createdAt: new Date().toISOString(),
      sentAt: null,
      confirmedAt: null,
    };
    transactions.set(transaction.id, transaction);
    const lost = answersToLose > 0;
    if (lost) answersToLose -= 1;
    const answer = lost
      ? failure(c, 503, 'Service temporarily unavailable')
      : success(c, response(transaction));
    void prepare(transaction);
    return answer;
  });

  // The relayer's transactions, newest first, a page at a time (`page` from 1, `per_page`).
  app.get(`${API_PREFIX}/relayers/:relayerId/transactions`, async (c) => {
    const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
    const perPage = Math.max(1, Number(c.req.query('per_page') ?? 10) || 10);
    const newestFirst = [...transactions.values()].reverse();
    const slice = newestFirst.slice((page - 1) * perPage, page * perPage);
    for (const transaction of slice) await refresh(transaction);
    return json(
      c,
      200,
      JSON.stringify({
        success: true,
        data: slice.map(response),
        error: null,
        pagination: { current_page: page, per_page: perPage, total_items: newestFirst.length },
      }),
    );
  });

  app.get(`${API_PREFIX}/relayers/:relayerId/transactions/:transactionId`, async (c) => {
    const transaction = transactions.get(c.req.param('transactionId'));
    if (!transaction) return failure(c, 404, `Transaction with ID ${c.req.param('transactionId')} not found`);
    await refresh(transaction);
    return success(c, response(transaction));
  });

  app.put(`${API_PREFIX}/relayers/:relayerId/transactions/:transactionId`, async (c) => {
    const transaction = transactions.get(c.req.param('transactionId'));
    if (!transaction) return failure(c, 404, `Transaction with ID ${c.req.param('transactionId')} not found`);
    let request: StandInTransactionRequest;
    try {
      request = parseTransactionRequest(await c.req.text());
    } catch (error) {
      if (error instanceof BadRequest) return failure(c, 400, error.message);
      throw error;
    }
    await refresh(transaction);
    const problem = await queue.run(async () => {
      if (!REPLACEABLE.has(transaction.status)) {
        return `Invalid transaction state for replace_transaction. Current: ${transaction.status}, Expected: pending, sent, submitted`;
      }
      const old = transaction.request;
      if (
        request.maxFeePerGas < minBump(old.maxFeePerGas) ||
        request.maxPriorityFeePerGas < minBump(old.maxPriorityFeePerGas)
      ) {
        return 'Gas price increase does not meet minimum bump requirement';
      }
      transaction.request = request;
      if (transaction.nonce === null) return undefined; // not prepared yet: it will be signed with these fields
      const { raw, hash } = await chain.sign(transaction.nonce, request);
      try {
        await chain.broadcast(raw);
      } catch (error) {
        transaction.request = old;
        return `the node refused the replacement: ${(error as Error).message}`;
      }
      Object.assign(transaction, { hash, hashes: [...transaction.hashes, hash], status: 'submitted' });
      return undefined;
    });
    if (problem) return failure(c, 400, problem);
    return success(c, response(transaction));
  });

  app.notFound((c) => failure(c, 404, 'Not Found'));
  app.onError((error, c) => failure(c, 500, error.message));

  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: HOST, port: 0 }, () => resolve(started as Server));
  });
  return {
    url: `http://${HOST}:${(server.address() as AddressInfo).port}`,
    relayerId,
    address: chain.address,
    loseAnswers: (count) => {
      answersToLose = count;
    },
    answersStillToLose: () => answersToLose,
    refuse: (count) => {
      toRefuse = count;
    },
    transactionCount: (data) =>
      [...transactions.values()].filter(
        (transaction) => data === undefined || transaction.request.data.toLowerCase() === data.toLowerCase(),
      ).length,
    stop: async () => {
      await queue.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function minBump(price: bigint): bigint {
  const bumped = (price * BUMP_NUMERATOR) / BUMP_DENOMINATOR;
  return bumped > price + 1n ? bumped : price + 1n;
}

/**
 * Reads an EvmTransactionRequest with explicit EIP-1559 fees. Integers stay exact: long integer literals are
 * marked before JSON.parse (Node 20 has no JSON.parse source access), and every integer becomes a bigint.
 * Integers given as strings are refused, as serde refuses them for the real relayer's u128/u64 fields.
 */
function parseTransactionRequest(text: string): StandInTransactionRequest {
  const marked = text.replace(
    new RegExp(`(:\\s*)(\\d{${LONG_INTEGER_DIGITS},})(?=\\s*[,}\\]])`, 'g'),
    '$1{"__integer":"$2"}',
  );
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(marked, (_key, value: unknown) => {
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
      if (typeof value === 'object' && value !== null && '__integer' in value) {
        return BigInt((value as { __integer: string }).__integer);
      }
      return value;
    });
  } catch (error) {
    throw new BadRequest(`Invalid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null) throw new BadRequest('Invalid JSON: expected an object');
  const integer = (field: string, required: boolean): bigint | undefined => {
    const value = body[field];
    if (value === undefined || value === null) {
      if (required) throw new BadRequest(`missing field \`${field}\``);
      return undefined;
    }
    if (typeof value !== 'bigint' || value < 0n) {
      throw new BadRequest(`invalid type for \`${field}\`: expected a non-negative integer`);
    }
    return value;
  };
  const value = integer('value', true) ?? 0n;
  const gas = integer('gas_limit', false);
  const maxFeePerGas = integer('max_fee_per_gas', false);
  const maxPriorityFeePerGas = integer('max_priority_fee_per_gas', false);
  const { to, data } = body;
  if (typeof to !== 'string' || !isAddress(to, { strict: false })) {
    throw new BadRequest('the stand-in needs `to`: an address');
  }
  if (typeof data !== 'string' || !isHex(data)) throw new BadRequest('the stand-in needs `data`: hex');
  if (body.speed !== undefined || body.gas_price !== undefined) {
    throw new BadRequest('the stand-in supports explicit EIP-1559 fees only (no speed, no gas_price)');
  }
  if (maxFeePerGas === undefined || maxPriorityFeePerGas === undefined) {
    throw new BadRequest('EIP1559 transactions require both maxFeePerGas and maxPriorityFeePerGas');
  }
  if (maxPriorityFeePerGas > maxFeePerGas) {
    throw new BadRequest('maxFeePerGas should be greater or equal to maxPriorityFeePerGas');
  }
  if (gas === undefined) throw new BadRequest('the stand-in does not estimate gas: send gas_limit');
  // Any letter case, as the real API: viem would insist on a valid checksum.
  return { to: getAddress(to.toLowerCase()), data, value, gas, maxFeePerGas, maxPriorityFeePerGas };
}
