// Loads data for a view and reloads it when its inputs change (or the live stream says something changed).
import { useCallback, useEffect, useRef, useState } from 'react';

/** How often views of time-driven state (stuck transactions, balances, nonces) reload on their own. */
export const TIME_DRIVEN_REFRESH_MS = 5_000;

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * `refreshMs`: also reload this often, for views whose state changes with time alone (a transaction becomes
 * stuck, a balance drops) and so would not show up in the live stream.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  inputs: readonly unknown[],
  refreshMs?: number,
): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `inputs` lists what `load` reads.
  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    load().then(
      (value) => {
        if (call !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (caught: Error) => {
        if (call !== latest.current) return;
        setError(caught);
        setLoading(false);
      },
    );
  }, [...inputs, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  useEffect(() => {
    if (!refreshMs) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs, reload]);
  return { data, error, loading, reload };
}
