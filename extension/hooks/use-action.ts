// An action the user starts with a button: whether it runs, and why it failed (kept until the next attempt).
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../patient/error-message.ts';

export interface UseActionReturnType {
  pending: boolean;
  error: string | undefined;
  /** Runs `task` unless one is running; answers its result, or undefined when it failed. */
  run<T>(task: () => Promise<T>): Promise<T | undefined>;
  clearError(): void;
}

export function useAction(): UseActionReturnType {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const busy = useRef(false);
  const mounted = useRef(true);
  // Set on every mount: React's StrictMode mounts, unmounts and mounts again in development builds.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async <T>(task: () => Promise<T>) => {
    if (busy.current) return undefined;
    busy.current = true;
    setPending(true);
    setError(undefined);
    try {
      return await task();
    } catch (caught) {
      if (mounted.current) setError(errorMessage(caught));
      return undefined;
    } finally {
      busy.current = false;
      if (mounted.current) setPending(false);
    }
  }, []);

  const clearError = useCallback(() => setError(undefined), []);
  return { pending, error, run, clearError };
}
