// Remote signer backend: a self-hosted OpenZeppelin Relayer (github.com/OpenZeppelin/openzeppelin-relayer, the
// open-source successor of Defender's relayers), spoken to over its REST API v1 with plain fetch. Its own
// TypeScript SDK is AGPL-licensed, so it is not used here. The relayer signs, prices, sends and tracks the
// transactions and manages the nonces; we hand it a batch transaction and read back its id, hash and status.
//
// The API as followed here, verified against the relayer's sources at v1.8.0 (commit a2b4b04c):
// - routes (src/api/routes/relayer.rs, mounted under /api/v1 in src/main.rs):
//   GET /relayers/{relayer_id}, POST /relayers/{relayer_id}/transactions,
//   GET and PUT (replace) /relayers/{relayer_id}/transactions/{transaction_id};
// - auth (src/utils/auth.rs, src/main.rs): exactly one `Authorization: Bearer <api key>` header, else 401;
// - every answer is `{ success, data, error }` (ApiResponse in src/models/api_response.rs); errors map to
//   400/401/403/404/500/501 (src/models/error/api.rs);
// - request body (EvmTransactionRequest in src/models/transaction/request/evm.rs): to, value, data,
//   gas_limit, max_fee_per_gas, max_priority_fee_per_gas (plus gas_price, speed, valid_until, unused here).
//   The wei amounts are plain u128/u64 fields, so they must be JSON integers (a string is refused), and the
//   body is parsed into serde_json::Value first, so an integer above u64::MAX would turn into a float;
// - answers (EvmTransactionResponse in src/models/transaction/response.rs): id, hash and nonce (null until
//   the relayer has prepared the transaction: POST answers `pending` before it is signed), status, and the fee
//   fields as decimal strings; statuses: TransactionStatus in src/models/transaction/repository.rs;
// - replace (replace_transaction in src/domain/transaction/evm/evm_transaction.rs): keeps the transaction id
//   and nonce, allowed while pending/sent/submitted, and explicit fees must rise by at least 10%
//   (src/domain/transaction/evm/replacement.rs).
import { type Address, getAddress, type Hex, isAddress, isHash } from 'viem';
import type { BatchTransaction, RemoteSigner, RemoteSubmission } from '../signer-backend.ts';
import {
  backendRejectedError,
  backendUnavailableError,
  describeError,
  errorForHttpStatus,
  type RemoteBackend,
} from './remote-errors.ts';
import { normalizeRemoteStatus } from './remote-status.ts';

/** How long one API request may take before the backend counts as unavailable. */
export const OPENZEPPELIN_RELAYER_REQUEST_TIMEOUT_MS = 10_000;

const BACKEND: RemoteBackend = 'openzeppelin-relayer';
const API_PREFIX = '/api/v1';
/** The largest integer the API reads exactly from a JSON body (it goes through serde_json::Value first). */
const MAX_EXACT_JSON_INTEGER = 2n ** 64n - 1n;
/** How much of an unreadable error body to quote in our error message. */
const QUOTED_BODY_CHARS = 200;
const EVM_NETWORK_TYPE = 'evm';

/** Where the relayer is and which of its relayers signs our batches. */
export interface OpenZeppelinRelayerSignerOptions {
  /** The relayer's origin, e.g. `http://relayer:8080` (the API lives under /api/v1). */
  baseUrl: string;
  /** The relayer's API key (its API_KEY setting), sent as a bearer token. */
  apiKey: string;
  /** The id of the EVM relayer (an entry of the relayer's config.json) that signs. */
  relayerId: string;
  /** fetch to use (default: the global one). */
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout (default OPENZEPPELIN_RELAYER_REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** `{ success, data, error }`, the envelope of every answer (ApiResponse). */
interface ApiEnvelope {
  success?: boolean;
  data?: unknown;
  error?: string | null;
  /** Only in the 401 answer of the auth check. */
  message?: string;
}

/** The fields of RelayerResponse used here. */
interface RelayerInfo {
  id: string;
  address?: string;
  network_type?: string;
  network?: string;
}

/** The fields of EvmTransactionResponse used here. */
interface EvmTransactionInfo {
  id: string;
  hash?: string | null;
  nonce?: number | null;
  status: string;
  to?: string | null;
  data?: string | null;
}

/** How many of the relayer's transactions findByData reads per page, and how many pages at most. */
const FIND_PAGE_SIZE = 50;
const FIND_MAX_PAGES = 4;

/**
 * A RemoteSigner backed by an OpenZeppelin Relayer: reads the relayer's address first (which also checks the
 * URL, the API key and that the relayer is an EVM one), then sends, replaces and looks up transactions.
 * Failures are RelayerErrors: SIGNER_BACKEND_AUTH (401/403), SIGNER_BACKEND_REJECTED (other 4xx) or
 * SIGNER_BACKEND_UNAVAILABLE (network errors, timeouts, 408/429/5xx, unreadable answers).
 */
export async function createOpenZeppelinRelayerSigner(
  options: OpenZeppelinRelayerSignerOptions,
): Promise<RemoteSigner> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? OPENZEPPELIN_RELAYER_REQUEST_TIMEOUT_MS;
  const relayerPath = `${API_PREFIX}/relayers/${encodeURIComponent(options.relayerId)}`;
  const origin = options.baseUrl.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: string): Promise<unknown> {
    const what = `${method} ${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(`${origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const detail = timedOut ? `no answer within ${timeoutMs} ms` : describeError(error);
      throw backendUnavailableError(BACKEND, `${what}: ${detail}`, error);
    }
    const envelope = parseEnvelope(text);
    if (!response.ok) {
      const reason = envelope?.error ?? envelope?.message ?? text.slice(0, QUOTED_BODY_CHARS);
      throw errorForHttpStatus(BACKEND, response.status, `${what} answered ${response.status}: ${reason}`);
    }
    if (envelope?.success !== true || envelope.data === undefined || envelope.data === null) {
      throw backendUnavailableError(BACKEND, `${what} answered ${response.status} without data`);
    }
    return envelope.data;
  }

  const info = await call('GET', relayerPath);
  const relayer = info as RelayerInfo;
  if (relayer.network_type !== undefined && relayer.network_type !== EVM_NETWORK_TYPE) {
    throw backendRejectedError(
      BACKEND,
      `relayer ${options.relayerId} is a ${relayer.network_type} relayer, not an EVM one`,
    );
  }
  if (typeof relayer.address !== 'string' || !isAddress(relayer.address, { strict: false })) {
    throw backendUnavailableError(BACKEND, `relayer ${options.relayerId} has no EVM address`);
  }
  const address: Address = getAddress(relayer.address);
  const transactionsPath = `${relayerPath}/transactions`;
  const transactionPath = (remoteId: string) => `${transactionsPath}/${encodeURIComponent(remoteId)}`;

  return {
    kind: 'openzeppelin-relayer',
    address,
    send: async (transaction) =>
      toSubmission(await call('POST', transactionsPath, transactionBody(transaction))),
    replace: async (remoteId, transaction) =>
      toSubmission(await call('PUT', transactionPath(remoteId), transactionBody(transaction))),
    status: async (remoteId) => {
      const data = await call('GET', transactionPath(remoteId));
      return { ...toSubmission(data), status: normalizeRemoteStatus((data as EvmTransactionInfo).status) };
    },
    findByData: async (to, data) => {
      for (let page = 1; page <= FIND_MAX_PAGES; page++) {
        const listed = await call('GET', `${transactionsPath}?page=${page}&per_page=${FIND_PAGE_SIZE}`);
        if (!Array.isArray(listed))
          throw backendUnavailableError(BACKEND, 'the transaction list is not a list');
        const match = (listed as EvmTransactionInfo[]).find(
          (transaction) =>
            transaction.data?.toLowerCase() === data.toLowerCase() &&
            transaction.to?.toLowerCase() === to.toLowerCase(),
        );
        if (match) return { ...toSubmission(match), status: normalizeRemoteStatus(match.status) };
        if (listed.length < FIND_PAGE_SIZE) return undefined;
      }
      return undefined;
    },
  };
}

function parseEnvelope(text: string): ApiEnvelope | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ApiEnvelope) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The EvmTransactionRequest JSON for a batch transaction, written by hand so the wei amounts go out as exact
 * JSON integers (JSON.stringify cannot write bigints, and Numbers lose precision above 2^53).
 */
function transactionBody(transaction: BatchTransaction): string {
  const integers = {
    gas_limit: transaction.gas,
    max_fee_per_gas: transaction.fees.maxFeePerGas,
    max_priority_fee_per_gas: transaction.fees.maxPriorityFeePerGas,
  };
  for (const [field, value] of Object.entries(integers)) {
    if (value < 0n || value > MAX_EXACT_JSON_INTEGER) {
      throw backendRejectedError(BACKEND, `${field} ${value} is outside what the API reads exactly`);
    }
  }
  return (
    `{"to":${JSON.stringify(transaction.to)},"value":0,"data":${JSON.stringify(transaction.data)},` +
    `"gas_limit":${integers.gas_limit},"max_fee_per_gas":${integers.max_fee_per_gas},` +
    `"max_priority_fee_per_gas":${integers.max_priority_fee_per_gas}}`
  );
}

function toSubmission(data: unknown): RemoteSubmission {
  const transaction = data as Partial<EvmTransactionInfo>;
  if (typeof transaction.id !== 'string' || transaction.id === '' || typeof transaction.status !== 'string') {
    throw backendUnavailableError(BACKEND, 'a transaction answer has no id or status');
  }
  const submission: RemoteSubmission = { remoteId: transaction.id };
  if (transaction.hash !== undefined && transaction.hash !== null) {
    if (!isHash(transaction.hash)) {
      throw backendUnavailableError(BACKEND, `transaction ${transaction.id} has a malformed hash`);
    }
    submission.hash = transaction.hash as Hex;
  }
  if (typeof transaction.nonce === 'number') submission.nonce = transaction.nonce;
  return submission;
}
