// /v1/auth: sign in with the wallet (nonce → SIWE message → tokens), refresh, log out, and who am I.
import { Hono } from 'hono';
import { z } from 'zod';
import type { RouteDoc } from '../api/openapi.ts';
import type { AppEnv } from '../api/request-context.ts';
import { parseBody, readJson } from '../api/validate.ts';
import { type AuthedEnv, requireSession } from './require-session.ts';
import type { SessionService } from './session-service.ts';

const MAX_MESSAGE_LENGTH = 4_096;
/** An ERC-6492 signature carries a factory call; 16 KiB of hex is ample for a Safe's. */
const MAX_SIGNATURE_LENGTH = 16_384;
const loginBody = z.strictObject({
  message: z.string().min(1).max(MAX_MESSAGE_LENGTH),
  // `0x` alone is a Safe's signature for a message it approved on chain (its signedMessages).
  signature: z
    .string()
    .max(MAX_SIGNATURE_LENGTH)
    .regex(/^0x([0-9a-fA-F]{2})*$/, 'a 0x-prefixed hex signature (whole bytes)'),
});
const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) });

export const authRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/auth/nonce',
    tag: 'auth',
    auth: false,
    summary: 'A single-use nonce for a Sign-In with Ethereum message',
    responses: { 201: 'the nonce and when it expires' },
  },
  {
    method: 'post',
    path: '/v1/auth/login',
    tag: 'auth',
    auth: false,
    summary: 'Sign in with a signed EIP-4361 message',
    description:
      'The message names the page that signs in: the relayer’s public host (its console) or an extension page it is configured for (docs/api.md). EOAs, contract wallets (ERC-1271, a Safe’s on-chain approval with an empty `0x` signature) and counterfactual ones (ERC-6492). Answers an access token (JWT) and a rotating refresh token.',
    body: loginBody,
    responses: {
      200: 'tokens, the account and its credentials',
      400: 'malformed',
      401: 'rejected: domain, URI, chain, time, nonce or signature',
    },
  },
  {
    method: 'post',
    path: '/v1/auth/refresh',
    tag: 'auth',
    auth: false,
    summary: 'New tokens for a refresh token (reusing an old one ends the session)',
    body: refreshBody,
    responses: { 200: 'new tokens', 400: 'malformed', 401: 'invalid, reused or ended' },
  },
  {
    method: 'post',
    path: '/v1/auth/logout',
    tag: 'auth',
    auth: true,
    summary: 'End the session (its tokens stop working at once)',
    responses: { 204: 'ended', 401: 'not signed in' },
  },
  {
    method: 'get',
    path: '/v1/auth/me',
    tag: 'auth',
    auth: true,
    summary: 'The signed-in account and its credentials',
    responses: { 200: 'the account', 401: 'not signed in' },
  },
];

export function authRouter(options: { sessions: SessionService }) {
  const router = new Hono<AppEnv>();
  const { sessions } = options;

  router.post('/nonce', async (context) => context.json(await sessions.issueNonce(), 201));

  router.post('/login', async (context) => {
    const body = parseBody(loginBody, await readJson(context.req.raw));
    // The domain the message must name comes from the settings, never from this request's Host header.
    return context.json(
      await sessions.login({ message: body.message, signature: body.signature as `0x${string}` }),
    );
  });

  router.post('/refresh', async (context) => {
    const body = parseBody(refreshBody, await readJson(context.req.raw));
    return context.json(await sessions.refresh(body.refreshToken));
  });

  const authed = new Hono<AuthedEnv>();
  authed.use(requireSession(sessions));
  authed.post('/logout', async (context) => {
    await sessions.logout(context.get('session').sessionId);
    return context.body(null, 204);
  });
  authed.get('/me', (context) => {
    const { account, credentials } = context.get('session');
    return context.json({ account, credentials });
  });
  router.route('/', authed);
  return router;
}
