// Test support: a JSON-RPC proxy in front of anvil that can be told to fail (HTTP 503) or to hang, to test what
// the relayer does when its RPC errors or times out, and to play a provider that lacks some methods (answered as
// Geth answers an unknown one) or caps eth_getLogs ranges. It also tells how many JSON-RPC calls each HTTP
// request it passed on carried (a batch is an array of calls).
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
  /** Methods answered with -32601 "the method … does not exist/is not available", alone or in a batch. */
  refuseMethods(methods: string[]): void;
  /** eth_getLogs spanning more blocks than this is refused (-32005), as hosted nodes cap it; undefined: no cap. */
  capLogsRange(blocks: number | undefined): void;
  close(): Promise<void>;
}

interface JsonRpcCall {
  id?: unknown;
  method?: unknown;
  params?: unknown[];
}

const errorAnswer = (call: JsonRpcCall, code: number, message: string) => ({
  jsonrpc: '2.0',
  id: call.id ?? null,
  error: { code, message },
});

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  let mode: ProxyMode = 'pass';
  let callsPerRequest: number[] = [];
  let callsByMethod: Record<string, number> = {};
  let refused = new Set<string>();
  let logsCap: number | undefined;
  const hanging = new Set<() => void>();
  /** The proxy's own answer to a call, or undefined to pass it on. */
  const intercept = (call: JsonRpcCall | undefined) => {
    if (!call || typeof call.method !== 'string') return undefined;
    if (refused.has(call.method))
      return errorAnswer(call, -32601, `the method ${call.method} does not exist/is not available`);
    if (call.method === 'eth_getLogs' && logsCap !== undefined) {
      const { fromBlock, toBlock } = (call.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      if (fromBlock?.startsWith('0x') && toBlock?.startsWith('0x')) {
        const span = Number(BigInt(toBlock) - BigInt(fromBlock)) + 1;
        if (span > logsCap)
          return errorAnswer(call, -32005, `query exceeds max block range ${logsCap} (asked ${span})`);
      }
    }
    return undefined;
  };
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
    const own = calls.map((call) => intercept(call as JsonRpcCall | undefined));
    try {
      if (own.every((answer) => answer === undefined)) {
        const upstream = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: Buffer.concat(chunks),
        });
        response
          .writeHead(upstream.status, { 'content-type': 'application/json' })
          .end(Buffer.from(await upstream.arrayBuffer()));
        return;
      }
      // Some calls are answered here: the rest go on as one batch, and the answers are put back in order.
      const passed = calls.filter((_, index) => own[index] === undefined);
      const answers =
        passed.length === 0
          ? []
          : ((await (
              await fetch(target, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(passed),
              })
            ).json()) as unknown[]);
      let next = 0;
      const merged = own.map((answer) => answer ?? answers[next++]);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(Array.isArray(body) ? merged : merged[0]));
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
    refuseMethods: (methods) => {
      refused = new Set(methods);
    },
    capLogsRange: (blocks) => {
      logsCap = blocks;
    },
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
