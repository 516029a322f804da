import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows the limit per key per window, then refuses until the window ends', () => {
    let now = 60_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now += 30_000;
    expect(limiter.retryAfterMs()).toBe(30_000);
    expect(limiter.take('a')).toBe(false);
    now += 30_000;
    expect(limiter.take('a')).toBe(true);
  });
});
