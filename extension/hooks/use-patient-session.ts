// Where the patient stands with the relayer: signed out, signed in without the encryption key (a new browser
// session, or the key signature was declined), or ready. Follows changes made by other pages and the background.
import { useEffect, useState } from 'react';
import type { Address } from 'viem';
import { encryptionKeyItem } from '../patient/encryption-key-store.ts';
import { type RelayerSession, relayerSessionItem, sessionIsFor } from '../relayer/relayer-session.ts';

export type PatientSessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'locked'; session: RelayerSession }
  | { status: 'ready'; session: RelayerSession };

interface Stored {
  session: RelayerSession | null;
  keyAccount: string | undefined;
}

export function usePatientSession(relayerUrl: string, account: Address): PatientSessionState {
  const [stored, setStored] = useState<Stored>();
  useEffect(() => {
    let active = true;
    const read = async () => {
      const [session, key] = await Promise.all([relayerSessionItem.getValue(), encryptionKeyItem.getValue()]);
      if (active) setStored({ session, keyAccount: key?.account });
    };
    void read();
    const unwatchSession = relayerSessionItem.watch(() => void read());
    const unwatchKey = encryptionKeyItem.watch(() => void read());
    return () => {
      active = false;
      unwatchSession();
      unwatchKey();
    };
  }, []);

  if (!stored) return { status: 'loading' };
  const { session, keyAccount } = stored;
  if (!sessionIsFor(session, relayerUrl, account)) return { status: 'signed-out' };
  if (keyAccount?.toLowerCase() !== account.toLowerCase()) return { status: 'locked', session };
  return { status: 'ready', session };
}
