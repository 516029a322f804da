// Sign-In with Ethereum (EIP-4361) → sessions. The server issues a single-use nonce (128 bits from the OS's
// CSPRNG), the wallet signs the SIWE message, the server parses it strictly (siwe-message.ts), accepts only the
// origins it is configured for (sign-in-origins.ts), checks the chain, the times and the signature (EOAs by
// recovery, contract wallets by ERC-1271/6492 in one bounded call: sign-in-signature.ts), then opens a session: a short-lived access token (HS256 JWT carrying the address and its
// on-chain credentials) and a rotating refresh token. Logout revokes the session, which ends its access tokens
// at once (every request checks the session), not only when they expire.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { consentRegistryAbi, roles } from '@medicrypt/contracts';
import { sign, verify } from 'hono/jwt';
import type { Kysely } from 'kysely';
import { type Address, getAddress, type Hex } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import type { Database, SessionKind } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import type { SignInOrigins } from './sign-in-origins.ts';
import { verifySignInSignature } from './sign-in-signature.ts';
import { parseSignInMessage } from './siwe-message.ts';

export interface SessionServiceOptions {
  db: Kysely<Database>;
  chain: ChainClient;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /**
   * `account` (default): anyone signs in, with the credentials the registry gives them. `operator`: only the
   * addresses in `allowedAccounts`, with the `operator` credential. Each kind has its own token audience and
   * session rows, so a token or refresh token of one kind is refused by the other.
   */
  kind?: SessionKind;
  /** Lowercase addresses allowed to sign in (operators). */
  allowedAccounts?: readonly string[];
  /** The pages whose sign-in messages this kind accepts (their domain and URI). */
  origins: SignInOrigins;
}

export interface Session {
  sessionId: string;
  account: Address;
  credentials: string[];
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  account: Address;
  credentials: string[];
}

const NONCE_TTL_MS = 10 * 60 * 1000;
/** 128 bits, hex (EIP-4361 nonces are alphanumeric, at least 8 characters). */
const NONCE_BYTES = 16;
/** Tolerated clock difference between the wallet's device and the server for issued-at. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const REFRESH_SECRET_BYTES = 32;
const ISSUER = 'medicrypt-relayer';
/** The `aud` of each kind's access tokens. */
const AUDIENCES: Record<SessionKind, string> = {
  account: 'medicrypt-account',
  operator: 'medicrypt-operator',
};
const OPERATOR_CREDENTIALS = ['operator'];

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const unauthorized = (code: string, message: string) => new RelayerError(code, 401, message);
const nonceInvalid = () =>
  unauthorized('SIWE_NONCE_INVALID', 'the nonce is unknown, expired or already used; ask for a new one');

export class SessionService {
  private readonly kind: SessionKind;

  constructor(private readonly options: SessionServiceOptions) {
    this.kind = options.kind ?? 'account';
  }

  /** A fresh single-use nonce for the SIWE message. */
  async issueNonce(): Promise<{ nonce: string; expiresAt: string }> {
    // Not viem's generateSiweNonce: it slides over a Math.random buffer, so each nonce reveals the next.
    const nonce = randomBytes(NONCE_BYTES).toString('hex');
    const expiresAt = new Date(Date.now() + NONCE_TTL_MS);
    await this.options.db.insertInto('siwe_nonces').values({ nonce, expires_at: expiresAt }).execute();
    // Old nonces are useless: clear them while we are here.
    await this.options.db
      .deleteFrom('siwe_nonces')
      .where('expires_at', '<', new Date(Date.now() - NONCE_TTL_MS))
      .execute();
    return { nonce, expiresAt: expiresAt.toISOString() };
  }

  /** Verifies a signed SIWE message and opens a session. */
  async login({ message, signature }: { message: string; signature: Hex }) {
    const fields = parseSignInMessage(message);
    this.options.origins.check(fields);
    if (fields.chainId !== this.options.chain.deployment.chainId)
      throw unauthorized(
        'SIWE_CHAIN_MISMATCH',
        `the message is for chain ${fields.chainId}, this server serves ${this.options.chain.deployment.chainId}`,
      );
    const now = Date.now();
    if (fields.expirationTime && fields.expirationTime.getTime() <= now)
      throw unauthorized('SIWE_EXPIRED', 'the sign-in message has expired');
    if (fields.notBefore && fields.notBefore.getTime() > now)
      throw unauthorized('SIWE_NOT_YET_VALID', 'the sign-in message is not valid yet');
    if (fields.issuedAt.getTime() > now + CLOCK_SKEW_MS)
      throw unauthorized('SIWE_NOT_YET_VALID', 'the sign-in message was issued in the future');

    // A nonce this relayer never issued (or already spent) costs no chain call; it is spent below, only by a
    // valid signature, so nobody can burn someone else's nonce.
    const issued = await this.options.db
      .selectFrom('siwe_nonces')
      .select('nonce')
      .where('nonce', '=', fields.nonce)
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .executeTakeFirst();
    if (!issued) throw nonceInvalid();
    const valid = await verifySignInSignature(this.options.chain, {
      address: fields.address,
      message,
      signature,
    });
    if (!valid) throw unauthorized('SIWE_SIGNATURE_INVALID', 'the signature does not match the address');
    if (this.kind === 'operator' && !this.options.allowedAccounts?.includes(fields.address.toLowerCase()))
      throw new RelayerError('NOT_AN_OPERATOR', 403, 'this address is not in OPERATOR_ADDRESSES');

    const spent = await this.options.db
      .updateTable('siwe_nonces')
      .set({ used_at: new Date() })
      .where('nonce', '=', fields.nonce)
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .executeTakeFirst();
    if (spent.numUpdatedRows !== 1n) throw nonceInvalid();

    const account = getAddress(fields.address);
    const credentials = this.kind === 'operator' ? OPERATOR_CREDENTIALS : await this.readCredentials(account);
    const sessionId = randomUUID();
    const secret = randomBytes(REFRESH_SECRET_BYTES).toString('base64url');
    await this.options.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        account: account.toLowerCase(),
        credentials: JSON.stringify(credentials),
        generation: 0,
        refresh_hash: sha256(secret),
        created_at: new Date(),
        expires_at: new Date(now + this.options.refreshTokenTtlSeconds * 1000),
        kind: this.kind,
      })
      .execute();
    return this.tokens({ sessionId, account, credentials }, 0, secret);
  }

  /** Exchanges a refresh token for new tokens. Reusing an old one ends the session (it was stolen or leaked). */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const [sessionId, generationText, secret] = refreshToken.split('.');
    if (!sessionId || !generationText || !secret || !/^\d+$/.test(generationText))
      throw unauthorized('REFRESH_TOKEN_INVALID', 'the refresh token is malformed');
    const generation = Number(generationText);
    const outcome = await this.options.db.transaction().execute(async (tx) => {
      const session = await tx
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', sessionId)
        .forUpdate()
        .executeTakeFirst();
      if (!session || session.revoked_at || session.expires_at.getTime() <= Date.now())
        throw unauthorized('SESSION_ENDED', 'the session has ended; sign in again');
      if (session.kind !== this.kind)
        throw unauthorized('REFRESH_TOKEN_INVALID', 'the refresh token is not valid');
      if (generation < session.generation) return { reused: true as const };
      const presented = Buffer.from(sha256(secret));
      if (generation !== session.generation || !timingSafeEqual(presented, Buffer.from(session.refresh_hash)))
        throw unauthorized('REFRESH_TOKEN_INVALID', 'the refresh token is not valid');
      const next = generation + 1;
      const nextSecret = randomBytes(REFRESH_SECRET_BYTES).toString('base64url');
      await tx
        .updateTable('sessions')
        .set({ generation: next, refresh_hash: sha256(nextSecret) })
        .where('id', '=', sessionId)
        .execute();
      return { reused: false as const, session, next, nextSecret };
    });
    if (outcome.reused) {
      await this.options.db
        .updateTable('sessions')
        .set({ revoked_at: new Date(), revoked_reason: 'refresh token reused' })
        .where('id', '=', sessionId)
        .execute();
      throw unauthorized('REFRESH_TOKEN_REUSED', 'this refresh token was already used; the session is ended');
    }
    const { session, next, nextSecret } = outcome;
    return this.tokens(
      {
        sessionId,
        account: getAddress(session.account),
        credentials: session.credentials as unknown as string[],
      },
      next,
      nextSecret,
    );
  }

  async logout(sessionId: string): Promise<void> {
    await this.options.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(), revoked_reason: 'logout' })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** The session behind an access token; throws 401 for a forged, expired or revoked one. */
  async authenticate(accessToken: string): Promise<Session> {
    let payload: Record<string, unknown>;
    try {
      payload = (await verify(accessToken, this.options.jwtSecret, 'HS256')) as Record<string, unknown>;
    } catch (error) {
      const expired = (error as Error).name === 'JwtTokenExpired';
      throw unauthorized(
        expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        expired ? 'the access token has expired; refresh it' : 'the access token is not valid',
      );
    }
    if (
      payload.iss !== ISSUER ||
      payload.aud !== AUDIENCES[this.kind] ||
      typeof payload.sid !== 'string' ||
      typeof payload.sub !== 'string'
    )
      throw unauthorized('TOKEN_INVALID', 'the access token is not valid');
    const session = await this.options.db
      .selectFrom('sessions')
      .select(['revoked_at', 'expires_at', 'kind'])
      .where('id', '=', payload.sid)
      .executeTakeFirst();
    if (session && session.kind !== this.kind)
      throw unauthorized('TOKEN_INVALID', 'the access token is not valid');
    if (!session || session.revoked_at || session.expires_at.getTime() <= Date.now())
      throw unauthorized('SESSION_ENDED', 'the session has ended; sign in again');
    // An operator removed from OPERATOR_ADDRESSES loses access at once, not when the token expires.
    if (this.kind === 'operator' && !this.options.allowedAccounts?.includes(payload.sub.toLowerCase()))
      throw unauthorized('SESSION_ENDED', 'this address is no longer an operator');
    return {
      sessionId: payload.sid,
      account: getAddress(payload.sub),
      credentials: Array.isArray(payload.credentials) ? (payload.credentials as string[]) : [],
    };
  }

  private async tokens(session: Session, generation: number, secret: string): Promise<IssuedTokens> {
    const issuedAt = Math.floor(Date.now() / 1000);
    const accessToken = await sign(
      {
        iss: ISSUER,
        aud: AUDIENCES[this.kind],
        sub: session.account,
        sid: session.sessionId,
        credentials: session.credentials,
        iat: issuedAt,
        exp: issuedAt + this.options.accessTokenTtlSeconds,
      },
      this.options.jwtSecret,
      'HS256',
    );
    return {
      accessToken,
      refreshToken: `${session.sessionId}.${generation}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: this.options.accessTokenTtlSeconds,
      account: session.account,
      credentials: session.credentials,
    };
  }

  /** The account's credentials as the registry says now: doctor, researcher (valid), issuer (role). */
  private async readCredentials(account: Address): Promise<string[]> {
    const { publicClient, registry } = this.options.chain;
    const [doctor, researcher, issuerRole] = await Promise.all([
      publicClient.readContract({
        address: registry,
        abi: consentRegistryAbi,
        functionName: 'isCredentialed',
        args: [account, roles.doctor],
      }),
      publicClient.readContract({
        address: registry,
        abi: consentRegistryAbi,
        functionName: 'isCredentialed',
        args: [account, roles.researcher],
      }),
      publicClient.readContract({ address: registry, abi: consentRegistryAbi, functionName: 'ISSUER_ROLE' }),
    ]);
    const issuer = await publicClient.readContract({
      address: registry,
      abi: consentRegistryAbi,
      functionName: 'hasRole',
      args: [issuerRole, account],
    });
    return [doctor && 'doctor', researcher && 'researcher', issuer && 'issuer'].filter(
      (credential): credential is string => Boolean(credential),
    );
  }
}
