// Database and RPC health as the console shows them: each answered or not, and how long it took; the chain's
// head; how far the event indexer is behind.
import type { ChainClient } from '../chain/chain-client.ts';
import type { RpcCapabilities } from '../chain/rpc-capabilities.ts';
import type { OpenDatabase } from '../db/connect.ts';
import type { EventIndexer } from '../indexer/event-indexer.ts';

export interface Probe {
  ok: boolean;
  latencyMs: number;
  error: string | null;
}

export interface SystemHealth {
  database: Probe & { kind: 'pg' | 'pglite' };
  rpc: Probe & { blockNumber: string | null; chainId: number; capabilities: RpcCapabilities };
  indexer: { lagBlocks: number | null; error: string | null };
}

async function probe<T>(check: () => Promise<T>): Promise<Probe & { value: T | undefined }> {
  const started = performance.now();
  try {
    const value = await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started), error: null, value };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: (error as Error).message.split('\n')[0] ?? 'failed',
      value: undefined,
    };
  }
}

export async function readSystemHealth(
  database: OpenDatabase,
  chain: ChainClient,
  indexer: EventIndexer,
): Promise<SystemHealth> {
  const [db, rpc, lag] = await Promise.all([
    probe(() => database.ping()),
    probe(() => chain.publicClient.getBlockNumber({ cacheTime: 0 })),
    probe(() => indexer.lag()),
  ]);
  return {
    database: { ok: db.ok, latencyMs: db.latencyMs, error: db.error, kind: database.kind },
    rpc: {
      ok: rpc.ok,
      latencyMs: rpc.latencyMs,
      error: rpc.error,
      blockNumber: rpc.value?.toString() ?? null,
      chainId: chain.deployment.chainId,
      capabilities: chain.capabilities,
    },
    indexer: { lagBlocks: lag.value === undefined ? null : Number(lag.value), error: lag.error },
  };
}
