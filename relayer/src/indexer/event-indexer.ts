// Follows the ConsentRegistry's events into Postgres (chain_events), so the API answers from the database and
// never scans the chain per request.
//
// - Only blocks at least `confirmations` deep are indexed; a reorg shallower than that never reaches the table.
// - Deeper reorgs are still caught: the cursor keeps the hash of the last block read, and when the chain no
//   longer has that hash the indexer walks back to the newest stored block whose hash still matches, deletes
//   everything above it and reads again.
// - Each step runs in one transaction holding the cursor row (`for update`): several relayer instances on one
//   Postgres take turns, and a crash between reading and writing leaves the cursor where it was. Inserts are
//   idempotent on (tx_hash, log_index).
import { consentRegistryAbi } from '@medicrypt/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import { type Abi, type Log, parseEventLogs } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import type { Database, NewChainEvent } from '../db/schema.ts';

export interface EventIndexerOptions {
  db: Kysely<Database>;
  chain: ChainClient;
  logger: Logger;
  /** Blocks a block must be buried under before its events are indexed (0: index the head). */
  confirmations: number;
  /** Most blocks read by one eth_getLogs call (default: what the node took at start, chain.capabilities). */
  maxBlockRange?: number;
  /** Called after new events were stored, with the highest stored id (for live notifications). */
  onEvents?: (lastId: bigint) => void;
}

export interface IndexerStep {
  /** Events stored by this step. */
  stored: number;
  /** Events deleted because their blocks left the canonical chain. */
  rolledBack: number;
  /** The last block now indexed. */
  cursor: bigint;
  /** True when the indexer has caught up with the confirmed head. */
  caughtUp: boolean;
}

const CURSOR_NAME = 'consent-registry';
/** A reorg deeper than this many blocks below the cursor is not followed (it would be a chain halt event). */
const MAX_REORG_DEPTH = 128;

type Tx = Transaction<Database>;

/** Event arguments as JSON: addresses lowercase, integers that may exceed 2^53 as decimal strings. */
function jsonArgs(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([name, value]) => {
      if (typeof value === 'bigint') return [name, value.toString()];
      if (typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)) return [name, value.toLowerCase()];
      return [name, value];
    }),
  );
}

export class EventIndexer {
  private readonly maxBlockRange: bigint;

  constructor(private readonly options: EventIndexerOptions) {
    this.maxBlockRange = BigInt(options.maxBlockRange ?? options.chain.capabilities.logsBlockRange);
  }

  /** The last indexed block (or the deployment's start block − 1 before the first step). */
  async cursor(): Promise<bigint> {
    const row = await this.options.db
      .selectFrom('indexer_cursor')
      .select('block_number')
      .where('name', '=', CURSOR_NAME)
      .executeTakeFirst();
    return row ? BigInt(row.block_number) : BigInt(this.options.chain.deployment.startBlock) - 1n;
  }

  /** How many confirmed blocks the indexer is behind the chain. */
  async lag(): Promise<bigint> {
    const head = await this.options.chain.publicClient.getBlockNumber({ cacheTime: 0 });
    const confirmedHead = head - BigInt(this.options.confirmations);
    const cursor = await this.cursor();
    return confirmedHead > cursor ? confirmedHead - cursor : 0n;
  }

  /** Reads the next range of confirmed blocks (or undoes a reorg) in one transaction. */
  async step(): Promise<IndexerStep> {
    const { publicClient } = this.options.chain;
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const confirmedHead = head - BigInt(this.options.confirmations);
    const result = await this.options.db.transaction().execute(async (tx) => {
      const cursor = await this.lockCursor(tx);
      if (cursor.hash) {
        const block = await publicClient.getBlock({ blockNumber: cursor.number }).catch(() => undefined);
        if (!block || block.hash !== cursor.hash) {
          const rolledBack = await this.rollBack(tx, cursor.number);
          return { stored: 0, rolledBack, cursor: await this.readCursor(tx), caughtUp: false };
        }
      }
      if (cursor.number >= confirmedHead) {
        return { stored: 0, rolledBack: 0, cursor: cursor.number, caughtUp: true };
      }
      const from = cursor.number + 1n;
      const to =
        confirmedHead - from + 1n > this.maxBlockRange ? from + this.maxBlockRange - 1n : confirmedHead;
      const [logs, toBlock] = await Promise.all([
        publicClient.getLogs({ address: this.options.chain.registry, fromBlock: from, toBlock: to }),
        publicClient.getBlock({ blockNumber: to }),
      ]);
      const stored = await this.store(tx, logs);
      await this.writeCursor(tx, to, toBlock.hash);
      return { stored, rolledBack: 0, cursor: to, caughtUp: to >= confirmedHead };
    });
    if (result.stored > 0 && this.options.onEvents) {
      const last = await this.options.db
        .selectFrom('chain_events')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      if (last?.id !== undefined && last.id !== null) this.options.onEvents(BigInt(last.id));
    }
    if (result.rolledBack > 0)
      this.options.logger.warn(
        { rolledBack: result.rolledBack, cursor: result.cursor },
        'indexer followed a reorg',
      );
    return result;
  }

  /** Steps until caught up with the confirmed head. */
  async catchUp(): Promise<bigint> {
    for (;;) {
      const step = await this.step();
      if (step.caughtUp) return step.cursor;
    }
  }

  private async lockCursor(tx: Tx): Promise<{ number: bigint; hash: string | undefined }> {
    const initial = BigInt(this.options.chain.deployment.startBlock) - 1n;
    await tx
      .insertInto('indexer_cursor')
      .values({ name: CURSOR_NAME, block_number: initial, block_hash: '', updated_at: new Date() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await tx
      .selectFrom('indexer_cursor')
      .select(['block_number', 'block_hash'])
      .where('name', '=', CURSOR_NAME)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return { number: BigInt(row.block_number), hash: row.block_hash || undefined };
  }

  private async readCursor(tx: Tx): Promise<bigint> {
    const row = await tx
      .selectFrom('indexer_cursor')
      .select('block_number')
      .where('name', '=', CURSOR_NAME)
      .executeTakeFirstOrThrow();
    return BigInt(row.block_number);
  }

  private async writeCursor(tx: Tx, blockNumber: bigint, blockHash: string): Promise<void> {
    await tx
      .updateTable('indexer_cursor')
      .set({ block_number: blockNumber, block_hash: blockHash, updated_at: new Date() })
      .where('name', '=', CURSOR_NAME)
      .execute();
  }

  /**
   * The block at the cursor is gone: finds the newest stored block (within MAX_REORG_DEPTH) that is still
   * canonical, deletes every event above it and moves the cursor there.
   */
  private async rollBack(tx: Tx, cursorNumber: bigint): Promise<number> {
    const { publicClient } = this.options.chain;
    const floor = cursorNumber - BigInt(MAX_REORG_DEPTH);
    const stored = await tx
      .selectFrom('chain_events')
      .select(['block_number', 'block_hash'])
      .distinct()
      .where('block_number', '<=', cursorNumber)
      .where('block_number', '>', floor)
      .orderBy('block_number', 'desc')
      .execute();
    let keep =
      floor > BigInt(this.options.chain.deployment.startBlock) - 1n
        ? floor
        : BigInt(this.options.chain.deployment.startBlock) - 1n;
    for (const row of stored) {
      const block = await publicClient
        .getBlock({ blockNumber: BigInt(row.block_number) })
        .catch(() => undefined);
      if (block?.hash === row.block_hash) {
        keep = BigInt(row.block_number);
        break;
      }
    }
    const deleted = await tx.deleteFrom('chain_events').where('block_number', '>', keep).executeTakeFirst();
    const keepBlock =
      keep >= 0n ? await publicClient.getBlock({ blockNumber: keep }).catch(() => undefined) : undefined;
    await this.writeCursor(tx, keep, keepBlock?.hash ?? '');
    return Number(deleted.numDeletedRows);
  }

  /** Block times of the logs' blocks: from the logs when the node includes them, else one block read each. */
  private async blockTimes(logs: Log[]): Promise<Map<bigint, Date>> {
    const times = new Map<bigint, Date>();
    const missing = new Set<bigint>();
    for (const log of logs) {
      const stamp = (log as { blockTimestamp?: bigint | null }).blockTimestamp;
      if (stamp !== undefined && stamp !== null) times.set(log.blockNumber!, new Date(Number(stamp) * 1000));
      else missing.add(log.blockNumber!);
    }
    const blocks = await Promise.all(
      [...missing].map((blockNumber) => this.options.chain.publicClient.getBlock({ blockNumber })),
    );
    for (const block of blocks) times.set(block.number, new Date(Number(block.timestamp) * 1000));
    return times;
  }

  private async store(tx: Tx, logs: Log[]): Promise<number> {
    if (logs.length === 0) return 0;
    const decoded = parseEventLogs({ abi: consentRegistryAbi as Abi, logs, strict: true });
    if (decoded.length === 0) return 0;
    const now = new Date();
    const blockTimes = await this.blockTimes(decoded);
    const rows: NewChainEvent[] = decoded.map((log) => ({
      contract: log.address.toLowerCase(),
      block_number: log.blockNumber!,
      block_hash: log.blockHash!,
      log_index: log.logIndex!,
      tx_hash: log.transactionHash!,
      event_name: log.eventName,
      args: JSON.stringify(jsonArgs(log.args as Record<string, unknown>)),
      block_time: blockTimes.get(log.blockNumber!) ?? null,
      indexed_at: now,
    }));
    const inserted = await tx
      .insertInto('chain_events')
      .values(rows)
      .onConflict((oc) => oc.constraint('chain_events_log').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n);
  }
}

/** Runs the indexer in a loop until stopped; errors are logged and retried. */
export function runIndexer(indexer: EventIndexer, logger: Logger, pollMs: number) {
  let running = true;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (running) {
      let caughtUp = true;
      try {
        caughtUp = (await indexer.step()).caughtUp;
      } catch (error) {
        logger.warn({ err: error }, 'indexer step failed; retrying');
      }
      if (caughtUp && running)
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, pollMs);
        });
    }
  })();
  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
