import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.ts';

/** A stage whose batches finish only when the test says so, recording each batch it was given. */
function controlledStage(
  maxBatch: number,
  options: { maxInFlight?: number; weight?: (n: number) => number } = {},
) {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const coalescer = new Coalescer<number, number>({
    maxBatch,
    ...options,
    run: (items) => {
      batches.push(items);
      return new Promise((resolve) => finish.push(() => resolve(items.map((item) => item * 10))));
    },
  });
  return { coalescer, batches, finish };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('Coalescer', () => {
  it('runs calls made in one turn as one batch, and each caller gets its own result', async () => {
    const { coalescer, batches, finish } = controlledStage(10);
    const results = Promise.all([1, 2, 3].map((n) => coalescer.submit(n)));
    await turn();
    expect(batches).toEqual([[1, 2, 3]]);
    finish[0]!();
    expect(await results).toEqual([10, 20, 30]);
  });

  it('gathers the calls made while a batch runs into the next batch', async () => {
    const { coalescer, batches, finish } = controlledStage(100);
    const first = coalescer.submit(0);
    await turn();
    const later: Promise<number>[] = [];
    for (let n = 1; n <= 5; n++) {
      later.push(coalescer.submit(n));
      await turn();
    }
    // Five calls over five turns, and still one batch running: they wait together.
    expect(batches).toEqual([[0]]);
    expect(coalescer.waiting).toBe(5);
    finish[0]!();
    await first;
    await turn();
    await turn();
    expect(batches).toEqual([[0], [1, 2, 3, 4, 5]]);
    finish[1]!();
    expect(await Promise.all(later)).toEqual([10, 20, 30, 40, 50]);
  });

  it('keeps each batch within maxBatch by weight; an item heavier than that runs alone', async () => {
    const { coalescer, batches, finish } = controlledStage(4, { weight: (n) => n, maxInFlight: 3 });
    const all = Promise.all([1, 2, 1, 9, 3].map((n) => coalescer.submit(n)));
    await turn();
    expect(batches).toEqual([[1, 2, 1], [9], [3]]);
    for (const done of finish) done();
    expect(await all).toEqual([10, 20, 10, 90, 30]);
  });

  it('runs at most maxInFlight batches at once', async () => {
    const { coalescer, batches, finish } = controlledStage(1, { maxInFlight: 2 });
    const all = Promise.all([1, 2, 3].map((n) => coalescer.submit(n)));
    await turn();
    expect(batches).toEqual([[1], [2]]);
    finish[0]!();
    await turn();
    await turn();
    expect(batches).toEqual([[1], [2], [3]]);
    finish[1]!();
    finish[2]!();
    await all;
  });

  it('rejects only the item whose result is an Error, and the whole batch when the run throws', async () => {
    let fail = false;
    const coalescer = new Coalescer<number, number>({
      maxBatch: 10,
      run: async (items) => {
        if (fail) throw new Error('database down');
        return items.map((n) => (n === 2 ? new Error(`no ${n}`) : n));
      },
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map((n) => coalescer.submit(n)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('no 2');
    fail = true;
    const down = await Promise.allSettled([4, 5].map((n) => coalescer.submit(n)));
    expect(down.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    // The stage keeps working after a failed batch.
    fail = false;
    expect(await coalescer.submit(6)).toBe(6);
  });
});
