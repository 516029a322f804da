import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, reconnectDelay } from './reconnect-backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from one second up to a minute', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 30].map((attempt) => reconnectDelay(attempt, () => 0.999_999));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('spreads retries over the upper half of each step', () => {
    expect(reconnectDelay(3, () => 0)).toBe(4_000);
    expect(reconnectDelay(3, () => 0.5)).toBe(6_000);
    expect(reconnectDelay(40, () => 0)).toBe(MAX_DELAY_MS / 2);
  });
});
