// Hono middleware: the request must carry a valid access token (`Authorization: Bearer …`; live streams, which
// browsers open without headers, may pass it as `?access_token=`). Sets `session` for the handlers.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../api/request-context.ts';
import { RelayerError } from '../errors.ts';
import type { Session, SessionService } from './session-service.ts';

export type AuthedEnv = AppEnv & { Variables: AppEnv['Variables'] & { session: Session } };

const BEARER = /^Bearer\s+(\S+)$/i;

export function requireSession(sessions: SessionService, options: { allowQueryToken?: boolean } = {}) {
  const middleware: MiddlewareHandler<AuthedEnv> = async (context, next) => {
    const header = context.req.header('authorization');
    const token =
      (header ? BEARER.exec(header)?.[1] : undefined) ??
      (options.allowQueryToken ? context.req.query('access_token') : undefined);
    if (!token)
      throw new RelayerError(
        'AUTH_REQUIRED',
        401,
        'sign in first: send Authorization: Bearer <access token>',
      );
    context.set('session', await sessions.authenticate(token));
    await next();
  };
  return middleware;
}
