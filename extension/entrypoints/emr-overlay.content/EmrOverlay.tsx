// The doctor's overlay on an EMR page (in a shadow root): the patient in context, the doctor's access, a request
// form and emergency access, and the patient's decision as it comes. Records open in an extension page.
import { type CategoryName, carePurposes, type PurposeName } from '@medicrypt/contracts';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { CategoryChoices } from '../../components/CategoryChoices.tsx';
import {
  breakGlassDurations,
  openBreakGlassMessage,
  requestAccessMessage,
  requestDurations,
} from '../../doctor/access-intents.ts';
import { askBackground } from '../../doctor/overlay-client.ts';
import type { OverlaySession } from '../../doctor/overlay-messages.ts';
import { PageWallet } from '../../doctor/page-wallet.ts';
import { sendDoctorIntent } from '../../doctor/send-doctor-intent.ts';
import { usePatientInPage } from '../../doctor/use-patient-in-page.ts';
import { useStanding } from '../../doctor/use-standing.ts';
import { intentDeadline } from '../../intents/submit-intent.ts';
import {
  categoryLabels,
  categoryList,
  formatDateTime,
  formatDuration,
  purposeLabel,
  shortAddress,
} from '../../patient/consent-labels.ts';
import { errorMessage } from '../../patient/error-message.ts';
import { type AccessStanding, finalIntentStatuses, type IntentView } from '../../relayer/api-types.ts';
import { networks } from '../../settings/networks.ts';
import { switchChain } from '../../wallet/switch-chain.ts';

const allCategories = Object.keys(categoryLabels) as CategoryName[];
const INTENT_POLL_MS = 1_000;

export interface EmrOverlayProps {
  patientSelector: string | undefined;
}

type Sending = { label: string; intent?: IntentView } | undefined;

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

interface StandingViewProps {
  standing: AccessStanding;
  sending: Sending;
  onRequest(choice: { categories: CategoryName[]; purpose: PurposeName; durationSeconds: number }): void;
  onBreakGlass(choice: { categories: CategoryName[]; durationSeconds: number; reason: string }): void;
  onOpenRecords(): void;
}

function StandingView({ standing, sending, onRequest, onBreakGlass, onOpenRecords }: StandingViewProps) {
  const request = standing.latestRequest;
  const pending = request?.status === 'pending';
  return (
    <div className="standing">
      {standing.grants.length > 0 ? (
        <div className="access access-granted" data-access="granted">
          {standing.grants.map((grant) => (
            <p key={grant.kind}>
              <strong>{grant.kind === 'break-glass' ? 'Emergency access' : 'Access granted'}</strong>:{' '}
              {categoryList(grant.categories)} until {formatDateTime(grant.expiresAt)}
              {grant.reason ? ` (${grant.reason})` : ''}
            </p>
          ))}
          <button type="button" className="button" onClick={onOpenRecords}>
            Open records
          </button>
          <p className="muted small">Records open decrypted in a MediCrypt tab, never in this page.</p>
        </div>
      ) : (
        <p className="access" data-access="none">
          <strong>No access</strong> to this patient's records.
        </p>
      )}
      {request && (
        <p className="request-line" data-request={request.status}>
          {pending && (
            <>
              <strong>Waiting for the patient</strong>: you asked for {categoryList(request.categories)},{' '}
              {purposeLabel(request.purpose)}, {formatDuration(request.durationSeconds)} (
              {formatDateTime(request.requestedAt)}).
            </>
          )}
          {request.status === 'denied' && (
            <>
              <strong>The patient declined</strong> your request of {formatDateTime(request.requestedAt)}.
            </>
          )}
          {request.status === 'approved' && standing.grants.every((grant) => grant.kind !== 'consent') && (
            <>Your access from {formatDateTime(request.decidedAt)} has ended or was revoked.</>
          )}
        </p>
      )}
      {!pending &&
        (standing.grants.some((grant) => grant.kind === 'consent') ? (
          // With access in hand, asking for more is the exception: folded away, one click to open.
          <details className="more-access">
            <summary>Ask for more or longer access</summary>
            <RequestForm disabled={sending !== undefined} onSubmit={onRequest} again />
          </details>
        ) : (
          <RequestForm disabled={sending !== undefined} onSubmit={onRequest} again={request !== null} />
        ))}
      <BreakGlassForm standing={standing} disabled={sending !== undefined} onSubmit={onBreakGlass} />
    </div>
  );
}

function RequestForm({
  disabled,
  again,
  onSubmit,
}: {
  disabled: boolean;
  again: boolean;
  onSubmit: StandingViewProps['onRequest'];
}) {
  const [categories, setCategories] = useState<CategoryName[]>([]);
  const [purpose, setPurpose] = useState<PurposeName>(carePurposes[0]!);
  const [durationSeconds, setDuration] = useState<number>(requestDurations[2].seconds);
  const [invalid, setInvalid] = useState<string>();
  const ids = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (categories.length === 0) return setInvalid('Choose at least one kind of record.');
    setInvalid(undefined);
    onSubmit({ categories, purpose, durationSeconds });
  };
  return (
    <form className="request-form" onSubmit={submit} aria-label="Request access">
      <CategoryChoices
        legend="Records needed"
        options={allCategories}
        selected={categories}
        onChange={setCategories}
        disabled={disabled}
      />
      <div className="field">
        <label htmlFor={`${ids}-purpose`}>Purpose</label>
        <select
          id={`${ids}-purpose`}
          value={purpose}
          disabled={disabled}
          onChange={(event) => setPurpose(event.target.value as PurposeName)}
        >
          {carePurposes.map((name) => (
            <option key={name} value={name}>
              {purposeLabel(name)}
            </option>
          ))}
        </select>
      </div>
      <DurationField
        options={requestDurations}
        value={durationSeconds}
        disabled={disabled}
        onChange={setDuration}
      />
      {invalid && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      <button type="submit" className="button" disabled={disabled}>
        {again ? 'Request access again' : 'Request access'}
      </button>
    </form>
  );
}

function BreakGlassForm({
  standing,
  disabled,
  onSubmit,
}: {
  standing: AccessStanding;
  disabled: boolean;
  onSubmit: StandingViewProps['onBreakGlass'];
}) {
  const [categories, setCategories] = useState<CategoryName[]>([]);
  const [durationSeconds, setDuration] = useState<number>(breakGlassDurations[0].seconds);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string>();
  const ids = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      // The same checks the intent builder makes, shown by the form before the wallet opens.
      openBreakGlassMessage(
        { account: '0x0000000000000000000000000000000000000000', deadline: 0 },
        standing,
        { categories, durationSeconds, reason },
      );
    } catch (caught) {
      return setInvalid(errorMessage(caught));
    }
    setInvalid(undefined);
    onSubmit({ categories, durationSeconds, reason });
  };
  return (
    <details className="break-glass">
      <summary>Emergency access (break-glass)</summary>
      {!standing.breakGlassAllowed ? (
        <p className="notice notice-warning">This patient has switched emergency access off.</p>
      ) : (
        <form onSubmit={submit} aria-label="Emergency access">
          <p className="muted small">
            Opens access at once, for at most a day. The patient is notified immediately and sees your reason.
          </p>
          <CategoryChoices
            legend="Records needed now"
            options={allCategories}
            selected={categories}
            onChange={setCategories}
            disabled={disabled}
          />
          <div className="field">
            <label htmlFor={`${ids}-reason`}>Reason</label>
            <textarea
              id={`${ids}-reason`}
              value={reason}
              rows={2}
              disabled={disabled}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <DurationField
            options={breakGlassDurations}
            value={durationSeconds}
            disabled={disabled}
            onChange={setDuration}
          />
          {invalid && (
            <p className="field-error" role="alert">
              {invalid}
            </p>
          )}
          <button type="submit" className="button button-danger" disabled={disabled}>
            Open emergency access
          </button>
        </form>
      )}
    </details>
  );
}

/** The "For how long" choice of a form: one of `options`, in seconds. */
function DurationField({
  options,
  value,
  disabled,
  onChange,
}: {
  options: readonly { seconds: number; label: string }[];
  value: number;
  disabled: boolean;
  onChange(seconds: number): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>For how long</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(Number(event.target.value))}
      >
        {options.map(({ seconds, label }) => (
          <option key={seconds} value={seconds}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
