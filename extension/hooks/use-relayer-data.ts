// Data the popup reads from the relayer: loaded on mount and again whenever `version` changes (an event, a
// confirmed change, the Refresh button). While reloading, the last data stays on screen, so nothing jumps.
import { useEffect, useState } from 'react';
import { errorMessage } from '../patient/error-message.ts';
import type { RelayerClient } from '../relayer/relayer-client.ts';

export interface RelayerData<T> {
  data: T | undefined;
  /** Why the last load failed (the previous data, if any, is still shown). */
  error: string | undefined;
  /** True until the first load settles. */
  loading: boolean;
  reloading: boolean;
}

export function useRelayerData<T>(client: RelayerClient, path: string, version: number): RelayerData<T> {
  const [state, setState] = useState<RelayerData<T>>({
    data: undefined,
    error: undefined,
    loading: true,
    reloading: false,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-runs the load on purpose.
  useEffect(() => {
    let active = true;
    setState((current) => ({ ...current, reloading: !current.loading }));
    client.json<T>('GET', path).then(
      (data) => active && setState({ data, error: undefined, loading: false, reloading: false }),
      (error: unknown) =>
        active &&
        setState((current) => ({ ...current, error: errorMessage(error), loading: false, reloading: false })),
    );
    return () => {
      active = false;
    };
  }, [client, path, version]);
  return state;
}
