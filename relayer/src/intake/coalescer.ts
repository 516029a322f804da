// Folds concurrent calls into batches whose size follows the load, for intake's reads, simulations and writes.
// A call made while the stage is idle runs on the next turn of the event loop (with whatever else arrived in the
// same turn); calls made while `maxInFlight` batches are running wait and all go in the next batch. So a lone
// intent waits for nothing, and a burst costs a few large round trips instead of one small one each: batches
// grow exactly as fast as the stage behind them falls behind, with no window to tune.

export interface CoalescerOptions<I, O> {
  /** Runs one batch: one result per item, in order. A result that is an Error rejects that item only. */
  run(items: I[]): Promise<(O | Error)[]>;
  /** Most weight in one batch (an item heavier than this runs alone). */
  maxBatch: number;
  /** Batches running at once. */
  maxInFlight?: number;
  /** An item's share of `maxBatch`; 1 unless given. */
  weight?: (item: I) => number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_IN_FLIGHT = 1;

export class Coalescer<I, O> {
  private queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxInFlight: number;
  private readonly weight: (item: I) => number;

  constructor(private readonly options: CoalescerOptions<I, O>) {
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.weight = options.weight ?? (() => 1);
  }

  /** Resolves with this item's result once the batch it joined has run. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Calls waiting for a batch, not counting those running. */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /** The oldest waiting calls, up to `maxBatch` weight (at least one). */
  private take(): Waiting<I, O>[] {
    let total = 0;
    let count = 0;
    while (count < this.queue.length) {
      const next = this.weight(this.queue[count]!.item);
      if (count > 0 && total + next > this.options.maxBatch) break;
      total += next;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async runBatch(batch: Waiting<I, O>[]): Promise<void> {
    let results: (O | Error)[];
    try {
      results = await this.options.run(batch.map(({ item }) => item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const [i, waiting] of batch.entries()) {
      const result = results[i];
      if (i >= results.length)
        waiting.reject(new Error(`a batch of ${batch.length} returned ${results.length} results`));
      else if (result instanceof Error) waiting.reject(result);
      else waiting.resolve(result as O);
    }
  }
}
