// What each signer key looks like from the chain and from the relayer: its balance (low below
// MIN_SIGNER_BALANCE_WEI) and runway at the current spend rate; its nonce as the chain sees it (latest, pending)
// and as the relayer leases it (signer_nonces); and the nonces the relayer leased that no transaction of its own
// can fill (a gap: every later transaction of the key waits behind it).
import { type Kysely, sql } from 'kysely';
import { type Address, getAddress } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import type { Database, SignerKeyStatus } from '../db/schema.ts';
import type { SignerRegistry } from './signer-registry.ts';

export interface SignerStatus {
  address: string;
  status: SignerKeyStatus;
  /** This instance holds the key (it can sign a cancel or a gap fill with it). */
  heldHere: boolean;
  /** Null when the chain could not be read. */
  balanceWei: bigint | null;
  lowBalance: boolean;
  chainNonce: { latest: number; pending: number } | null;
  /** The next nonce the relayer will lease (null before its first transaction). */
  relayerNextNonce: bigint | null;
  /** Leased nonces without any transaction of the relayer that could take them. */
  missingNonces: bigint[];
  /** The relayer's transactions of this key not yet mined (signed or pending). */
  inFlight: number;
  /** Age of the oldest of those (seconds), or null when none. */
  oldestPendingSeconds: number | null;
  /** Fees paid over the last hour (batches, cancels and gap fills). */
  spentWeiLastHour: bigint;
  /** Seconds until the balance runs out at the last hour's rate; null when nothing was spent. */
  runwaySeconds: number | null;
}

export interface SignerMonitorOptions {
  db: Kysely<Database>;
  chain: ChainClient;
  registry: SignerRegistry;
  minBalanceWei: bigint;
}

const SPEND_WINDOW_MS = 3_600_000;
const SPEND_WINDOW_SECONDS = SPEND_WINDOW_MS / 1000;
/** Most nonces scanned for a gap (a larger distance is reported up to this many). */
const MAX_GAP_SCAN = 256n;
const LIVE_TRANSACTION = ['signed', 'pending'] as const;
const TAKES_NONCE = ['signed', 'pending', 'mined', 'confirmed'] as const;
const OPERATOR_TAKES_NONCE = ['signed', 'pending', 'mined'] as const;

export class SignerMonitor {
  private last: { at: number; signers: SignerStatus[] } | undefined;
  private reading: Promise<SignerStatus[]> | undefined;

  constructor(private readonly options: SignerMonitorOptions) {}

  /**
   * The last reading if younger than `maxAgeMs` (with each key's status read again: another instance may have
   * retired it since), else a fresh one (concurrent callers share it).
   */
  async snapshot(maxAgeMs: number): Promise<SignerStatus[]> {
    if (!this.last || Date.now() - this.last.at > maxAgeMs) return this.read();
    const statuses = new Map(
      (await this.options.registry.list()).map((key) => [key.address, key.status] as const),
    );
    return this.last.signers.map((signer) => ({
      ...signer,
      status: statuses.get(signer.address) ?? signer.status,
    }));
  }

  /** The last reading without touching the chain (empty before the first). */
  latest(): SignerStatus[] {
    return this.last?.signers ?? [];
  }

  read(): Promise<SignerStatus[]> {
    this.reading ??= this.readAll().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readAll(): Promise<SignerStatus[]> {
    const { db, registry } = this.options;
    const keys = await registry.list();
    const known = new Map(keys.map((key) => [key.address, key.status]));
    for (const address of registry.local) if (!known.has(address)) known.set(address, 'active');
    const signers = await Promise.all(
      [...known].map(([address, status]) => this.readSigner(db, address, status)),
    );
    this.last = { at: Date.now(), signers };
    return signers;
  }

  private async readSigner(
    db: Kysely<Database>,
    address: string,
    status: SignerKeyStatus,
  ): Promise<SignerStatus> {
    // The database first, then the chain: a transaction that lands in between is still counted as ours.
    const nonceRow = await db
      .selectFrom('signer_nonces')
      .select('next_nonce')
      .where('signer', '=', address)
      .executeTakeFirst();
    const live = await db
      .selectFrom('transactions')
      .select([(eb) => eb.fn.countAll<string>().as('count'), (eb) => eb.fn.min('created_at').as('oldest')])
      .where('signer', '=', address)
      .where('status', 'in', LIVE_TRANSACTION)
      .executeTakeFirstOrThrow();
    const spent = await this.spentSince(db, address, new Date(Date.now() - SPEND_WINDOW_MS));
    const chainAddress = getAddress(address) as Address;
    const { publicClient } = this.options.chain;
    const [balance, latest, pending] = await Promise.all([
      publicClient.getBalance({ address: chainAddress }).catch(() => null),
      publicClient.getTransactionCount({ address: chainAddress, blockTag: 'latest' }).catch(() => null),
      publicClient.getTransactionCount({ address: chainAddress, blockTag: 'pending' }).catch(() => null),
    ]);
    const relayerNextNonce = nonceRow?.next_nonce ?? null;
    const missingNonces =
      latest === null || relayerNextNonce === null
        ? []
        : await this.missingNonces(db, address, BigInt(latest), relayerNextNonce);
    const oldest = live.oldest ? new Date(live.oldest as Date | string).getTime() : undefined;
    const spendPerSecond = Number(spent) / SPEND_WINDOW_SECONDS;
    return {
      address,
      status,
      heldHere: this.options.registry.holds(address),
      balanceWei: balance,
      lowBalance: balance !== null && balance < this.options.minBalanceWei,
      chainNonce: latest === null || pending === null ? null : { latest, pending },
      relayerNextNonce,
      missingNonces,
      inFlight: Number(live.count),
      oldestPendingSeconds: oldest === undefined ? null : Math.max(0, (Date.now() - oldest) / 1000),
      spentWeiLastHour: spent,
      runwaySeconds:
        balance === null || spendPerSecond <= 0 ? null : Math.floor(Number(balance) / spendPerSecond),
    };
  }

  /** Nonces in [chain latest, relayer next) that no transaction of ours (batch or operator) takes. */
  async missingNonces(
    db: Kysely<Database>,
    address: string,
    chainLatest: bigint,
    relayerNext: bigint,
  ): Promise<bigint[]> {
    if (relayerNext <= chainLatest) return [];
    const end = relayerNext - chainLatest > MAX_GAP_SCAN ? chainLatest + MAX_GAP_SCAN : relayerNext;
    const [batchNonces, operatorNonces] = await Promise.all([
      db
        .selectFrom('transactions')
        .select('nonce')
        .where('signer', '=', address)
        .where('nonce', '>=', chainLatest)
        .where('nonce', '<', end)
        .where('status', 'in', TAKES_NONCE)
        .execute(),
      db
        .selectFrom('operator_transactions')
        .select('nonce')
        .where('signer', '=', address)
        .where('nonce', '>=', chainLatest)
        .where('nonce', '<', end)
        .where('status', 'in', OPERATOR_TAKES_NONCE)
        .execute(),
    ]);
    const taken = new Set([...batchNonces, ...operatorNonces].map((row) => BigInt(row.nonce)));
    const missing: bigint[] = [];
    for (let nonce = chainLatest; nonce < end; nonce++) if (!taken.has(nonce)) missing.push(nonce);
    return missing;
  }

  /** Fees (gas used × effective price) of the key's transactions mined since `since`. */
  private async spentSince(db: Kysely<Database>, address: string, since: Date): Promise<bigint> {
    const { rows } = await sql<{ spent: string }>`
      select coalesce(sum(gas_used * effective_gas_price), 0)::numeric(78, 0)::text as spent
      from (
        select gas_used, effective_gas_price from transactions
          where signer = ${address} and mined_at >= ${since} and gas_used is not null
        union all
        select gas_used, effective_gas_price from operator_transactions
          where signer = ${address} and mined_at >= ${since} and gas_used is not null
      ) as paid`.execute(db);
    return BigInt(rows[0]?.spent ?? '0');
  }
}

export function presentSigner(signer: SignerStatus) {
  return {
    address: signer.address,
    status: signer.status,
    heldHere: signer.heldHere,
    balanceWei: signer.balanceWei?.toString() ?? null,
    lowBalance: signer.lowBalance,
    chainNonce: signer.chainNonce,
    relayerNextNonce: signer.relayerNextNonce?.toString() ?? null,
    missingNonces: signer.missingNonces.map(String),
    nonceGap: signer.missingNonces.length > 0,
    inFlight: signer.inFlight,
    oldestPendingSeconds: signer.oldestPendingSeconds,
    spentWeiLastHour: signer.spentWeiLastHour.toString(),
    runwaySeconds: signer.runwaySeconds,
  };
}
