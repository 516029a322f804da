// The start-up probe of the RPC node against anvil behind a proxy that plays a provider lacking each method in
// turn: a method without fallback stops the start, naming itself and nodes that serve it; one with a fallback is
// recorded in the capabilities; a node failing otherwise stops the start with its own words.
import { createTestClient, http } from 'viem';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RelayerError } from '../errors.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { type RpcProxy, startRpcProxy } from '../testing/rpc-proxy.ts';
import { createChainClient } from './chain-client.ts';
import { DEFAULT_LOGS_BLOCK_RANGE, isMethodMissing, probeRpcCapabilities } from './rpc-capabilities.ts';

let fixture: ChainFixture;
let proxy: RpcProxy;

beforeAll(async () => {
  fixture = await startChainFixture();
  proxy = await startRpcProxy(fixture.anvil.rpcUrl);
  // Enough blocks behind the head for the indexer's full eth_getLogs range.
  await createTestClient({ mode: 'anvil', transport: http(fixture.anvil.rpcUrl) }).mine({
    blocks: DEFAULT_LOGS_BLOCK_RANGE + 10,
  });
});
afterAll(async () => {
  await proxy?.close();
  await fixture?.stop();
});
beforeEach(() => {
  proxy.setMode('pass');
  proxy.refuseMethods([]);
  proxy.capLogsRange(undefined);
});

const probe = (sendsRawTransactions = true) =>
  probeRpcCapabilities(createChainClient({ rpcUrl: proxy.url, deployment: fixture.deployment }), {
    sendsRawTransactions,
  });

describe('the start-up probe of the RPC node', () => {
  it('finds every method on anvil', async () => {
    await expect(probe()).resolves.toEqual({
      simulateV1: true,
      traceCall: true,
      priorityFee: 'eth_maxPriorityFeePerGas',
      logsBlockRange: DEFAULT_LOGS_BLOCK_RANGE,
    });
  });

  it.each([
    'eth_blockNumber',
    'eth_getBlockByNumber',
    'eth_call',
    'eth_getCode',
    'eth_getBalance',
    'eth_getTransactionCount',
    'eth_getTransactionByHash',
    'eth_getTransactionReceipt',
    'eth_sendRawTransaction',
    'eth_getLogs',
  ])('stops the start when the node lacks %s, naming it and nodes that serve it', async (method) => {
    proxy.refuseMethods([method]);
    const error = await probe().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RelayerError);
    expect(error).toMatchObject({ code: 'RPC_METHOD_MISSING', status: 500, details: { method } });
    expect((error as Error).message).toContain(`RPC_URL does not serve ${method}`);
    expect((error as Error).message).toContain('does not exist/is not available');
    expect((error as Error).message).toMatch(/Nodes known to serve it: \S/);
  });

  it('does not ask for eth_sendRawTransaction when the relayer broadcasts nothing itself', async () => {
    proxy.refuseMethods(['eth_sendRawTransaction']);
    await expect(probe(false)).resolves.toMatchObject({ simulateV1: true });
  });

  it('falls back to eth_call and eth_estimateGas without eth_simulateV1, and needs eth_estimateGas then', async () => {
    proxy.refuseMethods(['eth_simulateV1']);
    await expect(probe()).resolves.toMatchObject({ simulateV1: false, traceCall: true });
    proxy.refuseMethods(['eth_simulateV1', 'eth_estimateGas']);
    await expect(probe()).rejects.toMatchObject({
      code: 'RPC_METHOD_MISSING',
      details: { method: 'eth_estimateGas' },
    });
  });

  it('records a node without debug_traceCall, for validation to fall back to its allow-list', async () => {
    proxy.refuseMethods(['debug_traceCall']);
    await expect(probe()).resolves.toMatchObject({ simulateV1: true, traceCall: false });
  });

  it('reads tips from eth_gasPrice without eth_maxPriorityFeePerGas, and stops with neither', async () => {
    proxy.refuseMethods(['eth_maxPriorityFeePerGas']);
    await expect(probe()).resolves.toMatchObject({ priorityFee: 'eth_gasPrice' });
    proxy.refuseMethods(['eth_maxPriorityFeePerGas', 'eth_gasPrice']);
    await expect(probe()).rejects.toMatchObject({
      code: 'RPC_METHOD_MISSING',
      details: { method: 'eth_gasPrice' },
    });
  });

  it('halves the indexer’s eth_getLogs range until the node takes it', async () => {
    proxy.capLogsRange(600);
    await expect(probe()).resolves.toMatchObject({ logsBlockRange: 500 });
    proxy.capLogsRange(1);
    await expect(probe()).resolves.toMatchObject({ logsBlockRange: 1 });
  });

  it('stops the start with the node’s own words when a probe fails otherwise', async () => {
    proxy.setMode('error');
    const error = await probe().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'RPC_PROBE_FAILED', details: { method: 'eth_blockNumber' } });
    expect((error as Error).message).toContain('proxy down');
  });

  it.each([
    [{ code: -32601, message: 'Method not found' }, true],
    [{ code: -32600, message: 'Unsupported method: debug_traceCall on ETH_SEPOLIA' }, true],
    [{ code: -32000, message: 'method not whitelisted' }, true],
    [{ code: 3, message: 'execution reverted' }, false],
    [{ code: -32005, message: 'query exceeds max block range 500' }, false],
  ])('tells a missing method from other errors: %j', (error, missing) => {
    expect(isMethodMissing(error)).toBe(missing);
  });
});
