// Test support: an HTTP endpoint that receives the relayer's webhooks the way a customer's would, verifying each
// signature over the raw body. It can answer with errors first, to exercise retries.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../webhooks/webhook-signature.ts';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Deliveries that verified and were answered 2xx, parsed. */
  accepted(): { id: string; type: string; at: string; data: Record<string, unknown> }[];
  /** The statuses to answer with next, in order (then 204). */
  failNext(...statuses: number[]): void;
  stop(): Promise<void>;
}

const OK = 204;
const UNAUTHORIZED = 401;

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const planned: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verifyWebhook({
        secret,
        body,
        timestamp: request.headers[TIMESTAMP_HEADER] as string | undefined,
        signature: request.headers[SIGNATURE_HEADER] as string | undefined,
      });
      const status = verified ? (planned.shift() ?? OK) : UNAUTHORIZED;
      received.push({ headers: request.headers, body, verified, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    accepted: () =>
      received
        .filter((delivery) => delivery.verified && delivery.status < 300)
        .map((delivery) => JSON.parse(delivery.body)),
    failNext: (...statuses) => planned.push(...statuses),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
