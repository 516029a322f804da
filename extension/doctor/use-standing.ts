// The doctor's session and standing with the patient in context, refreshed while something is in motion (a
// request waiting for the patient, an intent on its way) and whenever the tab comes back into view.
import { useCallback, useEffect, useState } from 'react';
import type { Address } from 'viem';
import type { AccessStanding } from '../relayer/api-types.ts';
import { askBackground } from './overlay-client.ts';
import type { OverlaySession } from './overlay-messages.ts';

const BUSY_POLL_MS = 2_000;
const IDLE_POLL_MS = 15_000;

export interface StandingState {
  session: OverlaySession | null | undefined;
  standing: AccessStanding | undefined;
  error: string | undefined;
  refresh(): void;
}

export function useStanding(patient: Address | undefined, busy: boolean): StandingState {
  const [session, setSession] = useState<OverlaySession | null>();
  const [standing, setStanding] = useState<AccessStanding>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((value) => value + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: another patient in context clears the last one's standing.
  useEffect(() => {
    setStanding(undefined);
  }, [patient]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-reads on purpose (refresh).
  useEffect(() => {
    let active = true;
    void (async () => {
      try {
        const signedIn = await askBackground('session', {});
        if (!active) return;
        setSession(signedIn);
        if (!signedIn || !patient) return;
        const next = await askBackground('standing', { patient });
        if (active) {
          setStanding(next);
          setError(undefined);
        }
      } catch (caught) {
        if (active) setError((caught as { shortMessage?: string }).shortMessage ?? String(caught));
      }
    })();
    return () => {
      active = false;
    };
  }, [patient, version]);

  const waiting = busy || standing?.latestRequest?.status === 'pending' || session === null;
  useEffect(() => {
    const timer = setInterval(refresh, waiting ? BUSY_POLL_MS : IDLE_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [waiting, refresh]);

  return { session, standing, error, refresh };
}
