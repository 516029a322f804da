// A patient's records as a doctor with access reads them: an extension page (opened from the EMR overlay), so
// the decrypted record lives in MediCrypt's own origin and never in the EMR page's context.
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { type Address, getAddress, isAddress } from 'viem';
import { LoadState } from '../../components/LoadState.tsx';
import { useRelayerData } from '../../hooks/use-relayer-data.ts';
import { useSettings } from '../../hooks/use-settings.ts';
import { categoryLabel, formatDateTime, shortAddress } from '../../patient/consent-labels.ts';
import { loadEncryptionKey } from '../../patient/encryption-key-store.ts';
import { errorMessage } from '../../patient/error-message.ts';
import { openRecord } from '../../records/open-record.ts';
import { categoryNameOf } from '../../records/record-category.ts';
import type { RecordView } from '../../relayer/api-types.ts';
import { RelayerClient } from '../../relayer/relayer-client.ts';
import { type RelayerSession, relayerSessionItem } from '../../relayer/relayer-session.ts';

type Opened = { cid: string; name: string; contentType: string; text: string | undefined; url: string };

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

  useEffect(() => () => opened && URL.revokeObjectURL(opened.url), [opened]);

  const open = async (record: RecordView) => {
    setProblem(undefined);
    setBusy(record.cid);
    try {
      const keys = await loadEncryptionKey(session.account);
      if (!keys)
        throw new Error('Your encryption key is locked: sign in again from the MediCrypt toolbar button.');
      const bytes = await openRecord(client, session.account, keys.secretKey, record);
      const textual = /json|text|xml/.test(record.contentType);
      const decoded = textual ? new TextDecoder().decode(bytes) : undefined;
      let text = decoded;
      if (decoded && /json/.test(record.contentType)) {
        try {
          text = JSON.stringify(JSON.parse(decoded), null, 2);
        } catch {
          text = decoded;
        }
      }
      const url = URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: record.contentType }),
      );
      setOpened({ cid: record.cid, name: record.name, contentType: record.contentType, text, url });
    } catch (caught) {
      setProblem(errorMessage(caught));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Page title={`Records of ${shortAddress(patient)}`}>
      <p className="muted">
        Signed in as <span className="mono">{shortAddress(session.account)}</span>. Only the records your
        access covers are listed; each opening is written to the patient's access log.
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
      {opened && (
        <section aria-label={`Decrypted ${opened.name}`} className="decrypted-record">
          <h2>{opened.name}</h2>
          <p className="muted">
            {opened.contentType} ·{' '}
            <a href={opened.url} download={opened.name}>
              Save a copy
            </a>
          </p>
          {opened.text !== undefined ? (
            <pre className="mono">{opened.text}</pre>
          ) : (
            <p className="notice">This file type is not shown here: save a copy to open it.</p>
          )}
        </section>
      )}
    </Page>
  );
}
