// LEGACY remote signer backend: an OpenZeppelin Defender relayer, through @openzeppelin/defender-sdk's relay
// signer client. OpenZeppelin shut Defender down for all users on 2026-07-01; this adapter is kept only for
// deployments migrating off it. New deployments use the OpenZeppelin Relayer (openzeppelin-relayer-signer.ts),
// Defender relayers' self-hosted, open-source successor.
//
// What the SDK (2.7.1) does, read from its sources (packages/relay-signer/src/api/index.ts, packages/base/src/
// api/{client,auth-v2,api}.ts in github.com/OpenZeppelin/defender-sdk):
// - the API base URL is `process.env.DEFENDER_API_URL`, default https://defender-api.openzeppelin.com/, read at
//   each login; there is no option for it;
// - login: with credential caching on (the default, set explicitly here) it is "auth v2", a plain
//   POST {url}/auth/login `{ apiKey, secretKey, type: 'relay' }` → `{ accessToken, refreshToken }`; only with
//   caching off does it use AWS Cognito (user pool us-west-2_iLmIggsiy) instead. A refused login is retried
//   3 times by async-retry (about 7 s) and then thrown as `Failed to get a token for the API key …: <reason>`;
// - calls carry `X-Api-Key` and `Authorization: Bearer <accessToken>`: GET /relayers/self,
//   POST /relayers/self/txs, PUT /relayers/self/txs/{id} (replace), GET /relayers/self/txs/{id};
//   errors are DefenderApiResponseError with `response.status`; a 403 becomes `API Key is either expired or
//   invalid`, a 401 triggers a new login;
// - its own retries are off here: BaseApiClient.withRetry re-sends a failed call (a POST too: a duplicate
//   transaction) and then throws the first error anyway;
// - wei amounts (BigUInt) may be numbers or strings: they go out as decimal strings, which stay exact.
import { Defender } from '@openzeppelin/defender-sdk';
import { type Address, getAddress, type Hex, isAddress, isHash } from 'viem';
import { RelayerError } from '../../errors.ts';
import type { BatchTransaction, RemoteSigner, RemoteSubmission } from '../signer-backend.ts';
import {
  backendAuthError,
  backendRejectedError,
  backendUnavailableError,
  describeError,
  errorForHttpStatus,
  httpStatusForReason,
  type RemoteBackend,
} from './remote-errors.ts';
import { normalizeRemoteStatus } from './remote-status.ts';

/** How long one SDK call (a login included) may take before Defender counts as unavailable. */
export const DEFENDER_REQUEST_TIMEOUT_MS = 30_000;
/** The only way to point the SDK at another API (a stand-in in tests). */
export const DEFENDER_API_URL_VARIABLE = 'DEFENDER_API_URL';

const BACKEND: RemoteBackend = 'defender';
/** No SDK-level retries: see the top of this file. */
const NO_SDK_RETRIES = { retries: 0, retryDelay: () => 0 };
/** What the SDK throws for an HTTP 403 (base client, isForbiddenError). */
const SDK_FORBIDDEN_MESSAGE = 'API Key is either expired or invalid';
/** What the SDK throws when a login fails (auth-v2): the reason is the HTTP status text or the error. */
const SDK_LOGIN_FAILED = /^Failed to (?:get a token|refresh token) for the API key [^:]*: (.*)$/s;

type RelaySigner = Defender['relaySigner'];

/** A Defender relayer's own API key and secret (not a team API key). */
export interface DefenderSignerOptions {
  apiKey: string;
  apiSecret: string;
  /** Per-call timeout (default DEFENDER_REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * A RemoteSigner backed by a Defender relayer (legacy: Defender shut down on 2026-07-01). Logs in and reads
 * the relayer's address first. Failures are RelayerErrors: SIGNER_BACKEND_AUTH (refused login, 401/403),
 * SIGNER_BACKEND_REJECTED (other 4xx, relayer groups) or SIGNER_BACKEND_UNAVAILABLE (network errors, timeouts,
 * 408/429/5xx, unreadable answers). A call that timed out may still have taken effect at Defender.
 */
export async function createDefenderSigner(options: DefenderSignerOptions): Promise<RemoteSigner> {
  const timeoutMs = options.timeoutMs ?? DEFENDER_REQUEST_TIMEOUT_MS;
  const defender = new Defender({
    relayerApiKey: options.apiKey,
    relayerApiSecret: options.apiSecret,
    retryConfig: NO_SDK_RETRIES,
    useCredentialsCaching: true,
  });
  // Each read of `relaySigner` builds a new client (and so a new login): keep one.
  const relaySigner: RelaySigner = defender.relaySigner;

  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(backendUnavailableError(BACKEND, `${what}: no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      throw toRelayerError(what, error);
    } finally {
      clearTimeout(timer);
    }
  };

  const relayer = await call('get relayer', () => relaySigner.getRelayer());
  if ('relayerGroupId' in relayer) {
    throw backendRejectedError(
      BACKEND,
      'the API key belongs to a relayer group, which has no single address',
    );
  }
  if (typeof relayer.address !== 'string' || !isAddress(relayer.address, { strict: false })) {
    throw backendUnavailableError(BACKEND, 'the relayer has no EVM address');
  }
  const address: Address = getAddress(relayer.address);

  return {
    kind: 'defender',
    address,
    send: async (transaction) =>
      toSubmission(await call('send', () => relaySigner.sendTransaction(payload(transaction)))),
    replace: async (remoteId, transaction) =>
      toSubmission(
        await call(`replace ${remoteId}`, () =>
          relaySigner.replaceTransactionById(remoteId, payload(transaction)),
        ),
      ),
    status: async (remoteId) => {
      const transaction = await call(`get ${remoteId}`, () => relaySigner.getTransaction(remoteId));
      return { ...toSubmission(transaction), status: normalizeRemoteStatus(String(transaction.status)) };
    },
    findByData: async (to, data) => {
      const listed = await call('list', () => relaySigner.listTransactions({ limit: FIND_LIMIT }));
      const items = Array.isArray(listed) ? listed : (listed as { items?: unknown[] }).items;
      if (!Array.isArray(items)) throw backendUnavailableError(BACKEND, 'the transaction list is not a list');
      const match = (
        items as { transactionId?: string; to?: string; data?: string; status?: unknown }[]
      ).find(
        (transaction) =>
          transaction.data?.toLowerCase() === data.toLowerCase() &&
          transaction.to?.toLowerCase() === to.toLowerCase(),
      );
      return match
        ? { ...toSubmission(match), status: normalizeRemoteStatus(String(match.status)) }
        : undefined;
    },
  };
}

/** How many recent transactions findByData reads (Defender lists newest first). */
const FIND_LIMIT = 200;

/** The SDK's SendEIP1559TransactionRequest for a batch transaction, amounts as exact decimal strings. */
function payload(transaction: BatchTransaction) {
  const { maxFeePerGas, maxPriorityFeePerGas } = transaction.fees;
  if (maxFeePerGas < maxPriorityFeePerGas) {
    // The SDK checks this too, but throws a plain Error that would read as "unavailable".
    throw backendRejectedError(BACKEND, 'maxFeePerGas is below maxPriorityFeePerGas');
  }
  return {
    to: transaction.to,
    data: transaction.data,
    value: '0',
    gasLimit: transaction.gas.toString(),
    maxFeePerGas: maxFeePerGas.toString(),
    maxPriorityFeePerGas: maxPriorityFeePerGas.toString(),
  };
}

function toSubmission(transaction: {
  transactionId?: unknown;
  hash?: unknown;
  nonce?: unknown;
}): RemoteSubmission {
  if (typeof transaction.transactionId !== 'string' || transaction.transactionId === '') {
    throw backendUnavailableError(BACKEND, 'a transaction answer has no transactionId');
  }
  const submission: RemoteSubmission = { remoteId: transaction.transactionId };
  if (transaction.hash !== undefined && transaction.hash !== null) {
    if (typeof transaction.hash !== 'string' || !isHash(transaction.hash)) {
      throw backendUnavailableError(BACKEND, `transaction ${transaction.transactionId} has a malformed hash`);
    }
    submission.hash = transaction.hash as Hex;
  }
  if (typeof transaction.nonce === 'number') submission.nonce = transaction.nonce;
  return submission;
}

/** What the SDK threw, as one of the three backend errors. */
function toRelayerError(what: string, error: unknown): RelayerError {
  if (error instanceof RelayerError) return error;
  const httpStatus = (error as { response?: { status?: unknown } } | undefined)?.response?.status;
  if (typeof httpStatus === 'number') {
    const data = (error as { response: { data?: unknown } }).response.data;
    const reason = typeof data === 'object' && data !== null ? JSON.stringify(data) : String(data ?? '');
    return errorForHttpStatus(BACKEND, httpStatus, `${what} answered ${httpStatus}: ${reason}`, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (message === SDK_FORBIDDEN_MESSAGE) return backendAuthError(BACKEND, `${what}: ${message}`, error);
  const loginFailure = SDK_LOGIN_FAILED.exec(message);
  if (loginFailure) {
    const reason = loginFailure[1] ?? '';
    const loginStatus = httpStatusForReason(reason);
    return loginStatus === undefined
      ? backendUnavailableError(BACKEND, `login failed: ${reason}`, error)
      : errorForHttpStatus(BACKEND, loginStatus, `login failed: ${reason}`, error);
  }
  return backendUnavailableError(BACKEND, `${what}: ${describeError(error)}`, error);
}
