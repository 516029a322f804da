// Rate limits (per signer, per client IP): each key gets `limit` requests in a window that opens at its first
// request, so a key's allowance does not depend on where the wall clock's minute falls, and bursts at a minute
// boundary cannot double it. Kept in each process's memory: with several relayer instances a client can reach at
// most N times the limit, which is the usual trade for not adding a shared store to every request.
interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private windows = new Map<string, Window>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts one request for `key`; false when the key is over its limit in its current window. */
  take(key: string): boolean {
    const now = this.clock();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count <= this.limit;
  }

  /** Whether `key` has used its whole allowance in its current window (counts nothing). */
  exhausted(key: string): boolean {
    const window = this.windows.get(key);
    return window !== undefined && this.clock() - window.start < this.windowMs && window.count >= this.limit;
  }

  /** Milliseconds until `key`'s current window ends (0 when it has none). */
  retryAfterMs(key: string): number {
    const window = this.windows.get(key);
    return window ? Math.max(0, window.start + this.windowMs - this.clock()) : 0;
  }

  /** Forgets windows that have ended, at most once per window length, so memory follows the active keys. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows)
      if (now - window.start >= this.windowMs) this.windows.delete(key);
  }

  /** Keys with an open window (for tests and metrics). */
  get trackedKeys(): number {
    return this.windows.size;
  }
}
