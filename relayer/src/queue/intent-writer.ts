// Group commit for intake: intents accepted while a write is running are stored together by the next statement
// and commit (see Coalescer), so a burst of requests costs the database a few round trips instead of one each.
// Every caller still hears back only after its own row is committed: a 202 always means durably stored.
import type { IntentRow } from '../db/schema.ts';
import { Coalescer } from '../intake/coalescer.ts';
import type { IntentStore, NewIntentInput } from './intent-store.ts';

export interface IntentWriterOptions {
  store: IntentStore;
  /** Most intents in one statement. */
  maxGroup?: number;
}

type Stored = { intent: IntentRow; created: boolean };

const DEFAULT_MAX_GROUP = 256;

export class IntentWriter {
  private readonly groups: Coalescer<NewIntentInput, Stored>;

  constructor(private readonly options: IntentWriterOptions) {
    this.groups = new Coalescer({
      maxBatch: options.maxGroup ?? DEFAULT_MAX_GROUP,
      run: (inputs) => this.write(inputs),
    });
  }

  insert(input: NewIntentInput): Promise<Stored> {
    return this.groups.submit(input);
  }

  private async write(inputs: NewIntentInput[]): Promise<(Stored | Error)[]> {
    const { store } = this.options;
    if (inputs.length > 1 && new Set(inputs.map((input) => input.digest)).size === inputs.length) {
      try {
        const rows = await store.insertMany(inputs);
        return rows.map((intent) => ({ intent, created: true }));
      } catch {
        // A conflict (or a duplicate) somewhere in the group: store them one by one, so each caller gets its
        // own answer (its row, its earlier row, or its own conflict error).
      }
    }
    const results: (Stored | Error)[] = [];
    for (const input of inputs) {
      results.push(
        await store
          .insert(input)
          .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      );
    }
    return results;
  }
}
