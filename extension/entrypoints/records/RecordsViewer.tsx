// A patient's records as a doctor with access reads them: an extension page (opened from the EMR overlay), so
// the decrypted record lives in MediCrypt's own origin and never in the EMR page's context.
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { type Address, getAddress, isAddress } from 'viem';
import { LoadState } from '../../components/LoadState.tsx';
import { useRelayerData } from '../../hooks/use-relayer-data.ts';
import { useSettings } from '../../hooks/use-settings.ts';
import { categoryLabel, formatDateTime, shortAddress } from '../../patient/consent-labels.ts';
import { loadEncryptionKey } from '../../patient/encryption-key-store.ts';
import { errorMessage } from '../../patient/error-message.ts';
import { InlineFile } from '../../records/InlineFile.tsx';
import { useObjectUrl } from '../../records/object-url.ts';
import { openRecord } from '../../records/open-record.ts';
import { categoryNameOf } from '../../records/record-category.ts';
import type { RecordView } from '../../relayer/api-types.ts';
import { RelayerClient } from '../../relayer/relayer-client.ts';
import { type RelayerSession, relayerSessionItem } from '../../relayer/relayer-session.ts';

type Opened = { cid: string; name: string; contentType: string; bytes: Uint8Array };

export function RecordsViewer({ patient }: { patient: string }) {
  const settings = useSettings();
  const [session, setSession] = useState<RelayerSession | null>();
  useEffect(() => {
    void relayerSessionItem.getValue().then(setSession);
    return relayerSessionItem.watch((value) => setSession(value ?? null));
  }, []);

  if (!isAddress(patient, { strict: false }))
    return (
      <Page title="Records">
        <p className="notice notice-error">No patient was given to this page.</p>
      </Page>
    );
  const address = getAddress(patient);
  if (!settings || session === undefined)
    return (
      <Page title="Records">
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Loading…
        </p>
      </Page>
    );
  if (!session || session.relayerUrl !== settings.relayerUrl)
    return (
      <Page title={`Records of ${shortAddress(address)}`}>
        <p className="notice">Sign in to MediCrypt from its toolbar button, then reload this page.</p>
      </Page>
    );
  return <GrantedRecords patient={address} session={session} />;
}

function Page({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="workspace">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

function GrantedRecords({ patient, session }: { patient: Address; session: RelayerSession }) {
  const client = useMemo(() => new RelayerClient(session.relayerUrl), [session.relayerUrl]);
  const records = useRelayerData<{ records: RecordView[] }>(client, `/v1/records?patient=${patient}`, 0);
  const [opened, setOpened] = useState<Opened>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState<string>();

  const open = async (record: RecordView) => {
    setProblem(undefined);
    setBusy(record.cid);
    try {
      const keys = await loadEncryptionKey(session.account);
      if (!keys)
        throw new Error('Your encryption key is locked: sign in again from the MediCrypt toolbar button.');
      const bytes = await openRecord(client, session.account, keys.secretKey, record);
      setOpened({ cid: record.cid, name: record.name, contentType: record.contentType, bytes });
    } catch (caught) {
      setProblem(errorMessage(caught));
    } finally {
      setBusy(undefined);
    }
  };

  const own = session.account.toLowerCase() === patient.toLowerCase();
  return (
    <Page title={own ? 'Your records' : `Records of ${shortAddress(patient)}`}>
      <p className="muted">
        {own ? (
          <>These are your own records, decrypted here in your browser.</>
        ) : (
          <>
            Signed in as <span className="mono">{shortAddress(session.account)}</span>. Only the records your
            access covers are listed; each opening is written to the patient's access log.
          </>
        )}
      </p>
      <LoadState
        loading={records.loading}
        error={records.error}
        empty={records.data?.records.length === 0}
        emptyText="You have no access to any of this patient's records right now."
        what="records"
      >
        <ul className="card-list">
          {records.data?.records.map((record) => (
            <li key={record.cid} className="card">
              <p>
                <strong>{record.name}</strong> · {categoryLabel(categoryNameOf(record.category))} · version{' '}
                {record.version} · {formatDateTime(record.uploadedAt)}
              </p>
              <button
                type="button"
                className="button"
                disabled={busy !== undefined}
                aria-busy={busy === record.cid}
                onClick={() => void open(record)}
              >
                {busy === record.cid ? 'Decrypting…' : `Open ${record.name}`}
              </button>
            </li>
          ))}
        </ul>
      </LoadState>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {/* Keyed by record: each opened record starts fresh (focus, raw JSON hidden). */}
      {opened && <OpenedRecord key={opened.cid} opened={opened} />}
    </Page>
  );
}

/** The record just decrypted, shown in the page, with a copy to save. */
function OpenedRecord({ opened }: { opened: Opened }) {
  const url = useObjectUrl(opened.bytes, opened.contentType);
  // The record opens below the list: bring it into view and move focus to it, for keyboards and screen readers.
  // (Keyed by record in the parent, so this runs for each record opened.)
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView?.({ block: 'start' });
  }, []);
  return (
    <section aria-label={`Decrypted ${opened.name}`} className="decrypted-record">
      <h2 ref={heading} tabIndex={-1}>
        {opened.name}
      </h2>
      <p className="muted">
        {opened.contentType}
        {url && (
          <>
            {' · '}
            <a href={url} download={opened.name}>
              Save a copy
            </a>
          </>
        )}
      </p>
      <InlineFile bytes={opened.bytes} contentType={opened.contentType} name={opened.name} />
    </section>
  );
}
