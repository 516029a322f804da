// The doctor's session and standing with the patient in context, read again as soon as the relayer's live stream
// says something happened to this patient (doctor/overlay-events.ts), whenever the tab comes back into view, and
// by a slower poll as a safety net (the browser may have stopped the background and its stream).
import { useCallback, useEffect, useState } from 'react';
import type { Address } from 'viem';
import type { AccessStanding } from '../relayer/api-types.ts';
import { askBackground } from './overlay-client.ts';
import { onPatientEvent } from './overlay-events.ts';
import type { OverlaySession } from './overlay-messages.ts';

/** While a decision is awaited; the live event usually comes first. Each poll also wakes a stopped background. */
const BUSY_POLL_MS = 5_000;
const IDLE_POLL_MS = 30_000;

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

  useEffect(() => (patient ? onPatientEvent(patient, refresh) : undefined), [patient, refresh]);

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
