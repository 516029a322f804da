// The start-up check of RPC_BATCH_SIZE against JSON-RPC nodes that take batches, refuse them, or cap their size,
// played by a local JSON-RPC server that answers eth_chainId.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deployment } from '@medicrypt/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RelayerError } from '../errors.ts';
import { createChainClient } from './chain-client.ts';
import { checkRpcBatches } from './rpc-batch-check.ts';

const SEPOLIA = 11155111;
/** Most calls the node takes in one batch: 0 refuses batches, Infinity takes any. */
let batchLimit = Number.POSITIVE_INFINITY;
let requests = 0;
let server: Server;
let url: string;

const answer = (call: { id: number }) => ({
  jsonrpc: '2.0',
  id: call.id,
  result: `0x${SEPOLIA.toString(16)}`,
});

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    requests++;
    const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { id: number } | { id: number }[];
    response.setHeader('content-type', 'application/json');
    if (!Array.isArray(parsed)) return void response.end(JSON.stringify(answer(parsed)));
    if (parsed.length > batchLimit) {
      // As hosted nodes do: one error for the whole request, not an array.
      response.statusCode = 400;
      return void response.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32600, message: `batch of ${parsed.length} exceeds ${batchLimit}` },
        }),
      );
    }
    response.end(JSON.stringify(parsed.map(answer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = 0;
});

const check = (rpcBatchSize: number) =>
  checkRpcBatches(
    createChainClient({ rpcUrl: url, deployment: { chainId: SEPOLIA } as Deployment, rpcBatchSize }),
  );

describe('the start-up check of RPC_BATCH_SIZE', () => {
  it('passes with one request when the node takes batches of that size', async () => {
    batchLimit = Number.POSITIVE_INFINITY;
    await expect(check(100)).resolves.toBeUndefined();
    expect(requests).toBe(1);
  });

  it('stops the start, naming the setting, when the node refuses batches', async () => {
    batchLimit = 0;
    const error = await check(100).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RelayerError);
    expect(error).toMatchObject({ code: 'RPC_BATCH_REFUSED', status: 500 });
    // The node's own words reach the operator.
    expect((error as Error).message).toMatch(/batch of 100 calls .*exceeds 0.*RPC_BATCH_SIZE/);
  });

  it('stops the start when the node caps batches below the setting, and passes at the cap', async () => {
    batchLimit = 10;
    await expect(check(11)).rejects.toMatchObject({ code: 'RPC_BATCH_REFUSED' });
    await expect(check(10)).resolves.toBeUndefined();
  });

  it('asks nothing with batches off', async () => {
    batchLimit = 0;
    await expect(check(1)).resolves.toBeUndefined();
    expect(requests).toBe(0);
  });
});
