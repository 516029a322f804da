// Fixed-window rate limits (per signer, per client IP). Kept in each process's memory: with several relayer
// instances a client can reach at most N times the limit, which is the usual trade for not adding a shared
// store to every request.
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one request for `key`; false when the key is over its limit in this window. */
  take(key: string): boolean {
    const now = this.clock();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now - (now % this.windowMs);
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= this.limit;
  }

  /** Milliseconds until the current window ends. */
  retryAfterMs(): number {
    return Math.max(0, this.windowStart + this.windowMs - this.clock());
  }
}
