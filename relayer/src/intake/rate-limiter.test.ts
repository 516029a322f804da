import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

describe('RateLimiter', () => {
  it('allows the limit per key in a window opened by its first request, then refuses until it ends', () => {
    let now = 45_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false]);
    now += 20_000; // past the wall clock's minute: the window is still a's own
    expect(limiter.take('a')).toBe(false);
    expect(limiter.retryAfterMs('a')).toBe(40_000);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.retryAfterMs('b')).toBe(60_000);
    now += 40_000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.retryAfterMs('never-seen')).toBe(0);
  });

  it('forgets ended windows, so memory follows the keys that are active', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1_000, () => now);
    for (let i = 0; i < 100; i++) limiter.take(`key-${i}`);
    expect(limiter.trackedKeys).toBe(100);
    now += 1_000;
    limiter.take('fresh');
    expect(limiter.trackedKeys).toBe(1);
  });

  it('says whether a key has used its allowance without counting a request', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1_000, () => now);
    expect(limiter.exhausted('a')).toBe(false);
    limiter.take('a');
    expect(limiter.exhausted('a')).toBe(false);
    limiter.take('a');
    expect([limiter.exhausted('a'), limiter.exhausted('a')]).toEqual([true, true]);
    now += 1_000;
    expect(limiter.exhausted('a')).toBe(false);
  });
});
