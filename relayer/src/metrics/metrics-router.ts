// GET /metrics: Prometheus text format (docs/console.md lists the metrics; docs/alerts.yml alerts on them).
import { Hono } from 'hono';
import type { RouteDoc } from '../api/openapi.ts';
import type { AppEnv } from '../api/request-context.ts';
import { METRICS_CONTENT_TYPE, type RelayerMetrics } from './relayer-metrics.ts';

export const metricsRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/metrics',
    tag: 'health',
    auth: false,
    summary:
      'Prometheus metrics: intents, stage latency, batches, gas, fees, signers, nonce gaps, indexer lag, errors',
    produces: 'text/plain',
    responses: { 200: 'the metrics in Prometheus text format' },
  },
];

export function metricsRouter(metrics: RelayerMetrics) {
  const router = new Hono<AppEnv>();
  router.get('/metrics', async (context) =>
    context.body(await metrics.render(), 200, { 'content-type': METRICS_CONTENT_TYPE }),
  );
  return router;
}
