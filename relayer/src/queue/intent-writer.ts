// Group commit for intake: intents accepted within a short window are stored by one statement and one commit,
// so a burst of requests costs the database a few round trips instead of one each. Every caller still hears
// back only after its own row is committed: a 202 always means durably stored.
import type { IntentRow } from '../db/schema.ts';
import type { IntentStore, NewIntentInput } from './intent-store.ts';

export interface IntentWriterOptions {
  store: IntentStore;
  /** How long the first intent of a group waits for others (ms). */
  windowMs?: number;
  /** Most intents in one statement. */
  maxGroup?: number;
}

interface Pending {
  input: NewIntentInput;
  resolve: (result: { intent: IntentRow; created: boolean }) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_WINDOW_MS = 2;
const DEFAULT_MAX_GROUP = 128;

export class IntentWriter {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: IntentWriterOptions) {}

  insert(input: NewIntentInput): Promise<{ intent: IntentRow; created: boolean }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.pending.length >= (this.options.maxGroup ?? DEFAULT_MAX_GROUP)) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs ?? DEFAULT_WINDOW_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.pending;
    this.pending = [];
    if (group.length > 0) void this.write(group);
  }

  private async write(group: Pending[]): Promise<void> {
    const { store } = this.options;
    if (group.length > 1 && new Set(group.map(({ input }) => input.digest)).size === group.length) {
      try {
        const rows = await store.insertMany(group.map(({ input }) => input));
        for (const [i, { resolve }] of group.entries()) resolve({ intent: rows[i]!, created: true });
        return;
      } catch {
        // A conflict (or a duplicate) somewhere in the group: store them one by one, so each caller gets its
        // own answer (its row, its earlier row, or its own conflict error).
      }
    }
    for (const { input, resolve, reject } of group) await store.insert(input).then(resolve, reject);
  }
}
