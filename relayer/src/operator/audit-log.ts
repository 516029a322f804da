// The audit log of operator actions: who (address or API key label), what, when, with which parameters, and
// the outcome (ok with its result, or the error code). Written for every action, whether it succeeded or not.
import type { Kysely } from 'kysely';
import type { Database, OperatorAuditRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import type { Operator } from './operator-auth.ts';

export interface AuditQuery {
  action?: string;
  operator?: string;
  /** Entries with an id below this (paging back). */
  before?: bigint;
  limit: number;
}

export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Runs `action` and records it with its outcome. A RelayerError is recorded with its code, anything else as
   * INTERNAL; the error is thrown on either way.
   */
  async record<T extends Record<string, unknown>>(
    operator: Operator,
    action: string,
    parameters: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      const result = await run();
      await this.write(operator, action, parameters, 'ok', null, result);
      return result;
    } catch (error) {
      const code = error instanceof RelayerError ? error.code : 'INTERNAL';
      await this.write(operator, action, parameters, 'error', code, {
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }

  async list(query: AuditQuery): Promise<OperatorAuditRow[]> {
    let select = this.db.selectFrom('operator_audit').selectAll().orderBy('id', 'desc').limit(query.limit);
    if (query.action) select = select.where('action', '=', query.action);
    if (query.operator) {
      const operator = query.operator.startsWith('0x') ? query.operator.toLowerCase() : query.operator;
      select = select.where('operator', '=', operator);
    }
    if (query.before !== undefined) select = select.where('id', '<', query.before as never);
    return select.execute();
  }

  private async write(
    operator: Operator,
    action: string,
    parameters: Record<string, unknown>,
    outcome: 'ok' | 'error',
    errorCode: string | null,
    result: Record<string, unknown>,
  ): Promise<void> {
    await this.db
      .insertInto('operator_audit')
      .values({
        at: new Date(),
        operator: operator.id,
        auth: operator.auth,
        action,
        parameters: JSON.stringify(parameters, jsonSafe),
        outcome,
        error_code: errorCode,
        result: JSON.stringify(result, jsonSafe),
      })
      .execute();
  }
}

/** bigints as decimal strings. */
const jsonSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

export function presentAuditEntry(row: OperatorAuditRow) {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    operator: row.operator,
    auth: row.auth,
    action: row.action,
    parameters: row.parameters,
    outcome: row.outcome,
    errorCode: row.error_code,
    result: row.result,
  };
}
