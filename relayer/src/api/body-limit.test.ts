import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RelayerError } from '../errors.ts';
import { limitBody } from './body-limit.ts';

const LIMIT = 64;
let server: ReturnType<typeof serve>;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.onError((error, context) =>
    error instanceof RelayerError
      ? context.json(error.toJSON(), error.status as 413)
      : context.json({ error: String(error) }, 500),
  );
  app.post('/', limitBody(LIMIT), async (context) => context.json({ got: await context.req.json() }));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** POSTs `chunks`, with a Content-Length when `declared`, chunked otherwise. */
function post(chunks: string[], declared: boolean): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/json', ...(declared ? { 'content-length': length } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('limitBody', () => {
  const small = JSON.stringify({ a: 'x'.repeat(10) });
  const big = JSON.stringify({ a: 'x'.repeat(LIMIT) });

  it('passes a body within the limit, declared or chunked', async () => {
    expect(await post([small], true)).toEqual({ status: 200, body: { got: JSON.parse(small) } });
    expect(await post([small.slice(0, 5), small.slice(5)], false)).toEqual({
      status: 200,
      body: { got: JSON.parse(small) },
    });
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a declared length over the limit', async () => {
    expect(await post([big], true)).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a chunked body that grows past the limit', async () => {
    expect(await post([big.slice(0, 40), big.slice(40)], false)).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
  });
});
