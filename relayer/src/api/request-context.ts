// Request ids and structured logs: every log line of a request carries its id (X-Request-Id is echoed).
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

export type AppEnv = { Variables: { requestId: string; log: Logger } };

const REQUEST_ID = /^[\w-]{1,64}$/;

export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    const incoming = context.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = logger.child({ requestId });
    context.set('requestId', requestId);
    context.set('log', log);
    context.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    log.info(
      {
        method: context.req.method,
        path: context.req.path,
        status: context.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}

/** The client's address as the socket saw it (no proxy headers are trusted). */
export function clientIp(context: { env: unknown }): string {
  const incoming = (context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
