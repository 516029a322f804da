import { useEffect, useState } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { unlockEncryptionKey } from '../../../patient/encryption-key.ts';
import type { PatientConnection } from '../../../patient/patient-connection.ts';
import { signIn } from '../../../patient/sign-in.ts';
import { hasRelayerAccess, requestRelayerAccess } from '../../../relayer/relayer-access.ts';

export interface SignInPanelProps {
  connection: PatientConnection;
  /** Signed in already, only the encryption key is missing. */
  locked: boolean;
}

type Step = 'sign-in' | 'derive' | 'publish';

const stepText: Record<Step, string> = {
  'sign-in': 'Sign the sign-in message in MetaMask…',
  derive: 'Sign the encryption key message in MetaMask…',
  publish: 'Sign your encryption key registration in MetaMask…',
};

/** Sign-in (SIWE) and the encryption key, the two things the patient's views need; each is one click. */
export function SignInPanel({ connection, locked }: SignInPanelProps) {
  const action = useAction();
  const [step, setStep] = useState<Step>();
  const [access, setAccess] = useState<boolean>();
  const relayer = new URL(connection.client.baseUrl).host;

  useEffect(() => {
    let active = true;
    hasRelayerAccess(connection.client.baseUrl).then((allowed) => active && setAccess(allowed));
    return () => {
      active = false;
    };
  }, [connection.client.baseUrl]);

  const start = () =>
    action.run(async () => {
      try {
        if (!locked) {
          setStep('sign-in');
          await signIn(connection);
        }
        await unlockEncryptionKey(connection, setStep);
      } finally {
        setStep(undefined);
      }
    });

  const allow = () =>
    action.run(async () => {
      setAccess(await requestRelayerAccess(connection.client.baseUrl));
    });

  return (
    <section className="card" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{locked ? 'Unlock your records' : 'Sign in to MediCrypt'}</h2>
      <p className="muted">
        {locked
          ? 'MetaMask signs a message that unlocks your encryption key for this browser session. It is never sent anywhere.'
          : `Sign in to ${relayer} with MetaMask to see requests and records. Signing is free: no transaction, no gas.`}
      </p>
      {access === false ? (
        <>
          <p className="notice notice-warning">
            MediCrypt needs your permission to reach the relayer at {relayer}.
          </p>
          <div className="actions">
            <button type="button" className="button" onClick={allow} disabled={action.pending}>
              Allow access to {relayer}
            </button>
          </div>
        </>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={start}
            disabled={action.pending || access === undefined}
            aria-busy={action.pending}
          >
            {action.pending
              ? 'Waiting for MetaMask…'
              : locked
                ? 'Unlock with MetaMask'
                : 'Sign in with MetaMask'}
          </button>
        </div>
      )}
      <p role="status" aria-live="polite" className="muted step-status">
        {step ? stepText[step] : ''}
      </p>
      <ErrorNotice message={action.error} />
    </section>
  );
}
