// Request ids and structured logs: every log line of a request carries its id (X-Request-Id is echoed).
import { randomUUID } from 'node:crypto';
import { isIPv6 } from 'node:net';
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

/**
 * The network a client address stands for in a per-client limit: an IPv4 address (also written as ::ffff:a.b.c.d)
 * as it is, an IPv6 address by its /64 — one subscriber's allocation, where a client picks addresses freely.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
