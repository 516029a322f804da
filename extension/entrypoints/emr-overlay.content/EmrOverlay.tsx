import { useEffect, useId, useState } from 'react';
import { openBreakGlassMessage, requestAccessMessage } from '../../doctor/access-intents.ts';
import { askBackground } from '../../doctor/overlay-client.ts';
import type { OverlaySession } from '../../doctor/overlay-messages.ts';
import { PageWallet } from '../../doctor/page-wallet.ts';
import { sendDoctorIntent } from '../../doctor/send-doctor-intent.ts';
import { usePatientInPage } from '../../doctor/use-patient-in-page.ts';
import { useStanding } from '../../doctor/use-standing.ts';
import { intentDeadline } from '../../intents/submit-intent.ts';
import { shortAddress } from '../../patient/consent-labels.ts';
import { errorMessage } from '../../patient/error-message.ts';
import { finalIntentStatuses, type IntentView } from '../../relayer/api-types.ts';
import { networks } from '../../settings/networks.ts';
import { switchChain } from '../../wallet/switch-chain.ts';
import { type Sending, StandingView } from './StandingView.tsx';

const INTENT_POLL_MS = 1_000;

export interface EmrOverlayProps {
  patientSelector: string | undefined;
}

export function EmrOverlay({ patientSelector }: EmrOverlayProps) {
  const [open, setOpen] = useState(true);
  const patient = usePatientInPage(patientSelector);
  const address = patient.status === 'found' ? patient.address : undefined;
  const [sending, setSending] = useState<Sending>();
  const [problem, setProblem] = useState<{ message: string; wrongNetwork: boolean }>();
  const { session, standing, error, refresh } = useStanding(address, sending !== undefined);
  const titleId = useId();

  // Follow the intent just sent until it is final, then read the standing again.
  const intentId = sending?.intent?.id;
  useEffect(() => {
    if (!intentId) return;
    const timer = setInterval(async () => {
      const intent = await askBackground('intent', { id: intentId }).catch(() => undefined);
      if (!intent) return;
      setSending((current) => (current?.intent?.id === intentId ? { ...current, intent } : current));
      if (finalIntentStatuses.includes(intent.status)) {
        clearInterval(timer);
        refresh();
        if (intent.status !== 'confirmed')
          setProblem({
            message: `Not done: ${intent.failure?.reason ?? intent.failure?.code ?? intent.status}.`,
            wrongNetwork: false,
          });
        setTimeout(
          () => setSending((current) => (current?.intent?.id === intentId ? undefined : current)),
          2_500,
        );
      }
    }, INTENT_POLL_MS);
    return () => clearInterval(timer);
  }, [intentId, refresh]);

  const act = async (
    label: string,
    send: (wallet: PageWallet, session: OverlaySession) => Promise<IntentView>,
  ) => {
    if (!session) return;
    setProblem(undefined);
    setSending({ label });
    let wallet: PageWallet | undefined;
    try {
      wallet = await PageWallet.discover();
      const intent = await send(wallet, session);
      setSending({ label, intent });
    } catch (caught) {
      setSending(undefined);
      setProblem({
        message: errorMessage(caught),
        wrongNetwork: (caught as { code?: string }).code === 'WRONG_NETWORK',
      });
    } finally {
      wallet?.close();
    }
  };

  const switchNetwork = async () => {
    if (!session) return;
    const wallet = await PageWallet.discover().catch(() => undefined);
    try {
      if (wallet) await switchChain(wallet, networks[session.network]);
      setProblem(undefined);
    } catch (caught) {
      setProblem({ message: errorMessage(caught), wrongNetwork: true });
    } finally {
      wallet?.close();
    }
  };

  return (
    <aside className="overlay" aria-labelledby={titleId}>
      <div className="overlay-header">
        <h2 id={titleId}>MediCrypt</h2>
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      {open && (
        <div className="overlay-body">
          {patient.status === 'none' && (
            <p className="muted">
              No patient on this page.{' '}
              {patientSelector
                ? `MediCrypt reads the element ${patientSelector}.`
                : 'MediCrypt looks for a wallet address or ENS name.'}
            </p>
          )}
          {patient.status === 'resolving' && (
            <p role="status">
              <span className="spinner" aria-hidden="true" /> Looking up {patient.reference.name}…
            </p>
          )}
          {patient.status === 'error' && (
            <p className="notice notice-error" role="alert">
              {patient.message}
            </p>
          )}
          {patient.status === 'found' && (
            <>
              <p className="patient-line">
                Patient{' '}
                <span className="mono" title={patient.address}>
                  {patient.reference.kind === 'ens' ? `${patient.reference.name} · ` : ''}
                  {shortAddress(patient.address)}
                </span>
              </p>
              {session === undefined && (
                <p role="status">
                  <span className="spinner" aria-hidden="true" /> Checking your MediCrypt session…
                </p>
              )}
              {session === null && (
                <p className="notice">
                  Sign in to MediCrypt from its toolbar button to see and request access for this patient.
                </p>
              )}
              {session && !session.credentials.includes('doctor') && (
                <p className="notice notice-warning">
                  {shortAddress(session.account)} holds no doctor credential, so it cannot request access.
                </p>
              )}
              {error && (
                <p className="notice notice-error" role="alert">
                  {error}
                </p>
              )}
              {session?.credentials.includes('doctor') && standing && (
                <StandingView
                  standing={standing}
                  sending={sending}
                  onRequest={(choice) =>
                    act('Request access', (wallet, signedIn) =>
                      sendDoctorIntent(
                        wallet,
                        signedIn,
                        'requestAccess',
                        requestAccessMessage(
                          { account: signedIn.account, deadline: intentDeadline() },
                          standing,
                          choice,
                        ),
                        `Request access from ${shortAddress(standing.patient)}`,
                      ),
                    )
                  }
                  onBreakGlass={(choice) =>
                    act('Open emergency access', (wallet, signedIn) =>
                      sendDoctorIntent(
                        wallet,
                        signedIn,
                        'openBreakGlass',
                        openBreakGlassMessage(
                          { account: signedIn.account, deadline: intentDeadline() },
                          standing,
                          choice,
                        ),
                        `Emergency access to ${shortAddress(standing.patient)}`,
                      ),
                    )
                  }
                  onOpenRecords={() => void askBackground('openRecords', { patient: patient.address })}
                />
              )}
              {sending && (
                <p className="notice" role="status">
                  <span className="spinner" aria-hidden="true" /> {sending.label}:{' '}
                  {sending.intent ? statusText(sending.intent) : 'confirm in your wallet…'}
                </p>
              )}
              {problem && (
                <div className="notice notice-error" role="alert">
                  <p>{problem.message}</p>
                  {problem.wrongNetwork && (
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => void switchNetwork()}
                    >
                      Switch network
                    </button>
                  )}
                </div>
              )}
            </>
          )}
        </div>
      )}
    </aside>
  );
}

function statusText(intent: IntentView): string {
  switch (intent.status) {
    case 'confirmed':
      return 'done.';
    case 'failed':
    case 'expired':
      return intent.status;
    default:
      return `${intent.status}…`;
  }
}
