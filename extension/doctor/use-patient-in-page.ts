// The patient the EMR page shows, followed as the page changes (EMRs are single-page apps): re-read after
// DOM changes settle, resolved to an address (ENS names through the background).
import { useEffect, useState } from 'react';
import type { Address } from 'viem';
import { askBackground } from './overlay-client.ts';
import { findPatientInPage, type PatientReference } from './patient-in-page.ts';

const SETTLE_MS = 300;

export type PatientInPage =
  | { status: 'none' }
  | { status: 'resolving'; reference: Extract<PatientReference, { kind: 'ens' }> }
  | { status: 'found'; reference: PatientReference; address: Address }
  | { status: 'error'; message: string };

const keyOf = (reference: PatientReference | undefined) =>
  reference && (reference.kind === 'address' ? reference.address : reference.name);

export function usePatientInPage(selector: string | undefined): PatientInPage {
  const [state, setState] = useState<PatientInPage>({ status: 'none' });
  useEffect(() => {
    let current: PatientReference | undefined;
    let readOnce = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const read = () => {
      let reference: PatientReference | undefined;
      try {
        reference = findPatientInPage(document, selector);
      } catch (error) {
        setState({
          status: 'error',
          message: (error as { shortMessage?: string }).shortMessage ?? String(error),
        });
        return;
      }
      if (readOnce && keyOf(reference) === keyOf(current)) return;
      readOnce = true;
      current = reference;
      if (!reference) return setState({ status: 'none' });
      if (reference.kind === 'address')
        return setState({ status: 'found', reference, address: reference.address });
      setState({ status: 'resolving', reference });
      askBackground('resolveName', { name: reference.name }).then(
        (address) => active && current === reference && setState({ status: 'found', reference, address }),
        (error: { shortMessage?: string }) =>
          active &&
          current === reference &&
          setState({ status: 'error', message: error.shortMessage ?? String(error) }),
      );
    };
    read();
    // Our own overlay lives in a shadow root: its changes do not reach this observer.
    const observer = new MutationObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(read, SETTLE_MS);
    });
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    return () => {
      active = false;
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [selector]);
  return state;
}
