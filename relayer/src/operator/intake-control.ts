// Whether intake takes new intents, as operators set it: open, paused, or draining before maintenance (paused
// while the pipeline finishes what it holds). Stored in the database so every instance follows it; each instance
// re-reads it every `refreshMs` and answers intake from memory, so the check costs nothing per request.
import type { Kysely } from 'kysely';
import type { Database, IntakeMode } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';

export interface IntakeState {
  mode: IntakeMode;
  reason: string | null;
  changedBy: string | null;
  changedAt: Date | null;
}

const ROW_ID = 'intake';
const DEFAULT_REFRESH_MS = 1_000;
/** Intent statuses that still have work ahead of them in the pipeline. */
export const IN_FLIGHT_STATUSES = ['queued', 'batched', 'submitted', 'mined'] as const;

const OPEN: IntakeState = { mode: 'open', reason: null, changedBy: null, changedAt: null };

export class IntakeControl {
  private current: IntakeState = OPEN;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly refreshMs = DEFAULT_REFRESH_MS,
  ) {}

  /** Reads the stored state, then keeps following it. */
  async start(onError: (error: unknown) => void): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(onError), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  state(): IntakeState {
    return this.current;
  }

  /** Why intake refuses new intents right now (503 INTAKE_PAUSED), or undefined while open. */
  closedReason(): RelayerError | undefined {
    const { mode, reason } = this.current;
    if (mode === 'open') return undefined;
    const what =
      mode === 'draining' ? 'the relayer is draining for maintenance' : 'intake is paused by an operator';
    return new RelayerError('INTAKE_PAUSED', 503, `${what}${reason ? `: ${reason}` : ''}; retry later`, {
      details: { mode },
    });
  }

  async refresh(): Promise<IntakeState> {
    const row = await this.db
      .selectFrom('intake_state')
      .selectAll()
      .where('id', '=', ROW_ID)
      .executeTakeFirst();
    this.current = row
      ? { mode: row.mode, reason: row.reason, changedBy: row.changed_by, changedAt: row.changed_at }
      : OPEN;
    return this.current;
  }

  /** Sets the mode for every instance; answers the state before and after. */
  async set(
    mode: IntakeMode,
    by: string,
    reason: string | null,
  ): Promise<{ before: IntakeState; after: IntakeState }> {
    const before = await this.refresh();
    const changedAt = new Date();
    await this.db
      .insertInto('intake_state')
      .values({ id: ROW_ID, mode, reason, changed_by: by, changed_at: changedAt })
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({ mode, reason, changed_by: by, changed_at: changedAt }),
      )
      .execute();
    this.current = { mode, reason, changedBy: by, changedAt };
    return { before, after: this.current };
  }

  /** Intents still to be finished by the pipeline (what a drain waits for). */
  async inFlight(): Promise<number> {
    const row = await this.db
      .selectFrom('intents')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', 'in', IN_FLIGHT_STATUSES)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}

export function presentIntakeState(state: IntakeState, inFlight: number) {
  return {
    mode: state.mode,
    reason: state.reason,
    changedBy: state.changedBy,
    changedAt: state.changedAt?.toISOString() ?? null,
    inFlight,
    drained: state.mode === 'draining' && inFlight === 0,
  };
}
