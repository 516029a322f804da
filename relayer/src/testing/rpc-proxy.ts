// Test support: a JSON-RPC proxy in front of anvil that can be told to fail (HTTP 503) or to hang, to test what
// the relayer does when its RPC errors or times out. It also tells how many JSON-RPC calls each HTTP request
// it passed on carried (a batch is an array of calls).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'error' | 'hang';

export interface RpcProxy {
  url: string;
  setMode(mode: ProxyMode): void;
  /** The number of JSON-RPC calls in each request passed on since the last `clearRequests`, in arrival order. */
  requests(): number[];
  /** How many calls of each method were passed on since the last `clearRequests`. */
  calls(): Record<string, number>;
  clearRequests(): void;
  close(): Promise<void>;
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let mode: ProxyMode = 'pass';
  let callsPerRequest: number[] = [];
  let callsByMethod: Record<string, number> = {};
  const hanging = new Set<() => void>();
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (mode === 'error') {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"proxy down"}');
      return;
    }
    if (mode === 'hang') {
      hanging.add(() => response.destroy());
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString());
    } catch {
      body = undefined; // passed on as it came: the node answers what it makes of it
    }
    const calls = (Array.isArray(body) ? body : [body]) as ({ method?: unknown } | undefined)[];
    callsPerRequest.push(calls.length);
    for (const call of calls) {
      const method = typeof call?.method === 'string' ? call.method : '(not JSON-RPC)';
      callsByMethod[method] = (callsByMethod[method] ?? 0) + 1;
    }
    try {
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      });
      response
        .writeHead(upstream.status, { 'content-type': 'application/json' })
        .end(Buffer.from(await upstream.arrayBuffer()));
    } catch {
      response.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...callsPerRequest],
    calls: () => ({ ...callsByMethod }),
    clearRequests: () => {
      callsPerRequest = [];
      callsByMethod = {};
    },
    setMode: (next) => {
      mode = next;
      if (next !== 'hang') {
        for (const release of hanging) release();
        hanging.clear();
      }
    },
    close: () =>
      new Promise((resolve) => {
        for (const release of hanging) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
