import { AccountAddress } from '../../../components/AccountAddress.tsx';
import { LoadState } from '../../../components/LoadState.tsx';
import type { RelayerData } from '../../../hooks/use-relayer-data.ts';
import { formatDateTime } from '../../../patient/consent-labels.ts';
import type { AccessLog, RecordView } from '../../../relayer/api-types.ts';
import { usePatient } from './patient-context.ts';

const actionText: Record<string, string> = { download: 'downloaded', key: 'received the key of' };

const eventText: Record<string, string> = {
  'access.requested': 'asked for access',
  'access.approved': 'was granted access',
  'access.denied': 'was denied access',
  'access.revoked': 'lost access',
  'breakglass.opened': 'opened emergency access',
};

export interface AccessLogPanelProps {
  log: RelayerData<AccessLog>;
  records: readonly RecordView[];
}

/** Who opened which record and when, and the consent events, newest first. The patient's own reads are left out. */
export function AccessLogPanel({ log, records }: AccessLogPanelProps) {
  const { connection } = usePatient();
  const me = connection.account.toLowerCase();
  const nameOf = new Map(records.map((record) => [record.cid, `${record.name} (v${record.version})`]));
  const opened = (log.data?.opened ?? []).filter((entry) => entry.accessor.toLowerCase() !== me);
  const events = log.data?.consentEvents ?? [];
  return (
    <section aria-labelledby="log-heading" aria-busy={log.loading}>
      <h2 id="log-heading" className="panel-heading">
        Access log
      </h2>
      <LoadState
        loading={log.loading}
        error={log.error}
        empty={opened.length === 0 && events.length === 0}
        emptyText="Nobody has opened your records."
        what="the access log"
      >
        <h3 className="subheading">Records opened</h3>
        {opened.length === 0 ? (
          <p className="muted">Nobody has opened your records.</p>
        ) : (
          <ul className="log-list">
            {opened.map((entry) => (
              <li key={`${entry.at}-${entry.cid}-${entry.accessor}-${entry.action}`}>
                <AccountAddress address={entry.accessor} /> {actionText[entry.action] ?? entry.action}{' '}
                {nameOf.get(entry.cid) ?? 'a record'}
                <span className="log-time">{formatDateTime(entry.at)}</span>
              </li>
            ))}
          </ul>
        )}
        <h3 className="subheading">Consent events</h3>
        {events.length === 0 ? (
          <p className="muted">No consent events yet.</p>
        ) : (
          <ul className="log-list">
            {events.map((event) => {
              const other = String(event.data.doctor ?? event.data.grantee ?? '');
              return (
                <li key={event.id}>
                  {other ? <AccountAddress address={other} /> : 'Someone'}{' '}
                  {eventText[event.type] ?? event.type}
                  {typeof event.data.reason === 'string' && event.data.reason && <>: “{event.data.reason}”</>}
                  <span className="log-time">{formatDateTime(event.at)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </LoadState>
    </section>
  );
}
