// When to try again after the notification stream failed: exponential (1 s, 2 s, 4 s … up to a minute) with
// jitter, so many browsers reconnecting after a relayer restart do not arrive together.

export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 60_000;

/** The wait before reconnection attempt `attempt` (0 for the first retry); `random` is in [0, 1). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
