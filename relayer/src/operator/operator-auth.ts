// Who may use the operator routes: an operator signed in with SIWE (an operator session, its own token audience)
// or a caller presenting one of OPERATOR_API_KEYS — its secret, or the whole `label:secret` entry as the README
// writes it. Keys are compared in constant time: both sides are hashed to the same length first, and every
// configured key is compared in both forms, so neither the length nor which key matched shows in the timing.
// Wrong keys are rate-limited per client network: after OPERATOR_KEY_FAILURES_PER_IP_PER_MIN of them in a minute,
// every key from there (right or wrong, so guessing learns nothing) gets 429 with Retry-After until it ends.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { type AppEnv, clientIp, clientNetwork } from '../api/request-context.ts';
import type { SessionService } from '../auth/session-service.ts';
import { RelayerError } from '../errors.ts';
import type { RateLimiter } from '../intake/rate-limiter.ts';

export interface OperatorApiKey {
  label: string;
  secret: string;
}

/** Who acts: a wallet address (SIWE) or an API key's label. */
export interface Operator {
  id: string;
  auth: 'siwe' | 'api-key';
}

export type OperatorEnv = AppEnv & { Variables: AppEnv['Variables'] & { operator: Operator } };

/** The header an API key travels in. */
export const OPERATOR_KEY_HEADER = 'x-operator-key';
const BEARER = /^Bearer\s+(\S+)$/i;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The label of the key `presented` matches, or undefined; takes the same time whichever key (if any) matches. */
export function matchApiKey(keys: readonly OperatorApiKey[], presented: string): string | undefined {
  const presentedDigest = digest(presented);
  let matched: string | undefined;
  for (const key of keys) {
    const bySecret = timingSafeEqual(digest(key.secret), presentedDigest);
    const byEntry = timingSafeEqual(digest(`${key.label}:${key.secret}`), presentedDigest);
    if ((bySecret || byEntry) && matched === undefined) matched = key.label;
  }
  return matched;
}

export function requireOperator(options: {
  sessions: SessionService;
  apiKeys: readonly OperatorApiKey[];
  /** Counts wrong keys per client network. */
  keyFailures: RateLimiter;
}): MiddlewareHandler<OperatorEnv> {
  return async (context, next) => {
    const key = context.req.header(OPERATOR_KEY_HEADER);
    const bearer = BEARER.exec(context.req.header('authorization') ?? '')?.[1];
    if (key !== undefined) {
      const network = clientNetwork(clientIp(context));
      if (options.keyFailures.exhausted(network)) {
        const retryAfterSeconds = Math.max(1, Math.ceil(options.keyFailures.retryAfterMs(network) / 1000));
        throw new RelayerError(
          'API_KEY_ATTEMPTS_LIMITED',
          429,
          `too many wrong operator API keys from ${network}; retry in ${retryAfterSeconds} s`,
          { retryAfterSeconds },
        );
      }
      const label = matchApiKey(options.apiKeys, key);
      if (!label) {
        options.keyFailures.take(network);
        throw new RelayerError('API_KEY_INVALID', 401, 'the operator API key is not valid');
      }
      context.set('operator', { id: `api-key:${label}`, auth: 'api-key' });
    } else if (bearer) {
      const session = await options.sessions.authenticate(bearer);
      context.set('operator', { id: session.account.toLowerCase(), auth: 'siwe' });
    } else {
      throw new RelayerError(
        'AUTH_REQUIRED',
        401,
        `operators sign in at /v1/operator/auth/login, or send ${OPERATOR_KEY_HEADER}: <API key>`,
      );
    }
    await next();
  };
}
