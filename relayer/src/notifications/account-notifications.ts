// What an account is told about, from the indexed contract events: a request, a decision, break-glass, a record
// added or removed, delegation and credentials. The id is the chain_events id, so a client resumes a live stream
// with Last-Event-ID and misses nothing that was indexed meanwhile.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface AccountNotification {
  id: string;
  type: string;
  at: string | null;
  blockNumber: string;
  transactionHash: string;
  data: Record<string, unknown>;
}

/** Contract event → notification type. Events not listed (roles, settings) are not notifications. */
export const notificationTypes: Record<string, string> = {
  AccessRequested: 'access.requested',
  AccessApproved: 'access.approved',
  AccessDenied: 'access.denied',
  AccessRevoked: 'access.revoked',
  BreakGlassOpened: 'breakglass.opened',
  RecordRegistered: 'record.added',
  RecordUpdated: 'record.added',
  RecordRemoved: 'record.removed',
  DelegateAppointed: 'delegate.appointed',
  DelegateRevoked: 'delegate.revoked',
  CredentialIssued: 'credential.issued',
  CredentialRevoked: 'credential.revoked',
  ResearchConsentChanged: 'research.consent',
};

/** The roles an account can have in an event's arguments. */
const ACCOUNT_ARGS = ['patient', 'doctor', 'grantee', 'delegate', 'account'];
const DEFAULT_PAGE = 200;

export class AccountNotifications {
  constructor(private readonly db: Kysely<Database>) {}

  /** Notifications for the account after `afterId`, oldest first. */
  since(account: string, afterId: bigint, limit = DEFAULT_PAGE): Promise<AccountNotification[]> {
    return this.query(account, { afterId, limit, newestFirst: false });
  }

  /** The account's latest notifications, newest first. */
  latest(account: string, limit = DEFAULT_PAGE): Promise<AccountNotification[]> {
    return this.query(account, { afterId: 0n, limit, newestFirst: true });
  }

  private async query(
    account: string,
    { afterId, limit, newestFirst }: { afterId: bigint; limit: number; newestFirst: boolean },
  ): Promise<AccountNotification[]> {
    const who = account.toLowerCase();
    const mentions = sql.join(
      ACCOUNT_ARGS.map((name) => sql`args @> ${JSON.stringify({ [name]: who })}::jsonb`),
      sql` or `,
    );
    const rows = await this.db
      .selectFrom('chain_events')
      .selectAll()
      .where('id', '>', afterId as never)
      .where('event_name', 'in', Object.keys(notificationTypes))
      .where(sql<boolean>`(${mentions})`)
      .orderBy('id', newestFirst ? 'desc' : 'asc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id.toString(),
      type: notificationTypes[row.event_name]!,
      at: row.block_time ? row.block_time.toISOString() : null,
      blockNumber: row.block_number.toString(),
      transactionHash: row.tx_hash,
      data: row.args as Record<string, unknown>,
    }));
  }
}
