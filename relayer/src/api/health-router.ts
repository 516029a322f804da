// Liveness and readiness: /healthz answers while the process runs; /readyz checks the database, the chain and
// that at least one signer can pay, and says which JSON-RPC methods the node serves (the fallbacks in use).
import { Hono } from 'hono';
import type { RouteDoc } from './openapi.ts';
import type { AppEnv } from './request-context.ts';

export const healthRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: 'health',
    auth: false,
    summary: 'Liveness',
    responses: { 200: 'running' },
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'health',
    auth: false,
    summary: 'Readiness: database, chain and a funded signer; the RPC node’s capabilities',
    responses: { 200: 'ready', 503: 'not ready, with the failing checks' },
  },
];

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export function healthRouter(checks: ReadinessCheck[], details: () => Record<string, unknown> = () => ({})) {
  const router = new Hono<AppEnv>();
  router.get('/healthz', (context) => context.json({ status: 'ok' }));
  router.get('/readyz', async (context) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, (error as Error).message] as const;
        }
      }),
    );
    const ready = results.every(([, result]) => result === 'ok');
    return context.json(
      { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results), ...details() },
      ready ? 200 : 503,
    );
  });
  return router;
}
