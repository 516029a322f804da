import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BaseError,
  createPublicClient,
  HttpRequestError,
  http,
  RpcRequestError,
  TimeoutError,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from './node-http-fetch.ts';

/** A JSON-RPC endpoint: eth_blockNumber answers, eth_fail is a JSON-RPC error with HTTP 500, eth_slow stalls. */
let server: Server;
let url: string;
const seen: { method: string; contentType: string | undefined; custom: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const call = JSON.parse(body) as { id: number; method: string };
      seen.push({
        method: call.method,
        contentType: request.headers['content-type'],
        custom: request.headers['x-custom'] as string | undefined,
      });
      if (call.method === 'eth_slow') return; // never answers
      if (call.method === 'eth_fail') {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ jsonrpc: '2.0', id: call.id, error: { code: -32000, message: 'boom' } }),
        );
        return;
      }
      if (call.method === 'eth_html') {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html>bad gateway</html>');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: '0x2a' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const clientWith = (timeout = 2_000) =>
  createPublicClient({
    transport: http(url, {
      fetchFn: createNodeHttpFetch(),
      retryCount: 0,
      timeout,
      fetchOptions: { headers: { 'x-custom': 'yes' } },
    }),
  });

describe('createNodeHttpFetch as viem fetchFn', () => {
  it('carries a JSON-RPC call and its result, with viem headers', async () => {
    expect(await clientWith().getBlockNumber({ cacheTime: 0 })).toBe(42n);
    expect(seen.at(-1)).toEqual({
      method: 'eth_blockNumber',
      contentType: 'application/json',
      custom: 'yes',
    });
  });

  it('keeps sockets alive across calls', async () => {
    const client = clientWith();
    const sockets = new Set<string>();
    server.on('connection', (socket) => sockets.add(`${socket.remotePort}`));
    for (let i = 0; i < 5; i++) await client.getBlockNumber({ cacheTime: 0 });
    expect(sockets.size).toBe(1);
  });

  it('turns a JSON-RPC error with an HTTP error status into viem RPC error', async () => {
    const error = await clientWith()
      .request({ method: 'eth_fail' as never })
      .catch((caught: BaseError) => caught);
    const rpc = error.walk((cause) => cause instanceof RpcRequestError) as RpcRequestError;
    expect(rpc.code).toBe(-32000);
    expect(rpc.status).toBe(500);
    expect(rpc.details).toBe('boom');
  });

  it('turns a non-JSON error page into an HttpRequestError with the status', async () => {
    const error = await clientWith()
      .request({ method: 'eth_html' as never })
      .catch((caught: BaseError) => caught);
    const failure = error.walk((cause) => cause instanceof HttpRequestError) as HttpRequestError;
    expect(failure.status).toBe(502);
  });

  it('gives up on a stalled call at the transport timeout', async () => {
    const started = Date.now();
    const error = await clientWith(300)
      .request({ method: 'eth_slow' as never })
      .catch((caught: BaseError) => caught);
    expect(error.walk((cause) => cause instanceof TimeoutError)).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
