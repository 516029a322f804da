// The audit log: every operator action, who took it, when, with which parameters, and how it ended.
import { useState } from 'react';
import type { OperatorApi } from '../api/client.ts';
import type { AuditEntry } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { dateTime, short } from '../format.ts';
import { useLoad } from '../use-load.ts';

const ACTIONS = [
  '',
  'intake.pause',
  'intake.resume',
  'intake.drain',
  'intent.retry',
  'transaction.cancel',
  'signer.fill-gap',
  'signer.retire',
  'signer.activate',
];

export function Audit({ api, version }: { api: OperatorApi; version: number }) {
  const [action, setAction] = useState('');
  const { data, error } = useLoad(
    () => api.get<{ entries: AuditEntry[] }>('/v1/operator/audit', { action, limit: 100 }),
    [action, version],
  );
  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="filters">
        <Field id="audit-action" label="Action">
          <select id="audit-action" value={action} onChange={(event) => setAction(event.target.value)}>
            {ACTIONS.map((value) => (
              <option key={value} value={value}>
                {value || 'all'}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {error ? <p role="alert">{error.message}</p> : null}
      <table aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Parameters</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {(data?.entries ?? []).map((entry) => (
            <tr key={entry.id}>
              <td>{dateTime(entry.at)}</td>
              <td title={entry.operator}>
                {short(entry.operator, 10)} <span className="muted small">({entry.auth})</span>
              </td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                <code className="details">{JSON.stringify(entry.parameters)}</code>
              </td>
              <td>
                <StatusBadge status={entry.outcome} />
                {entry.errorCode ? <code> {entry.errorCode}</code> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.entries.length === 0 ? <p className="muted">No action yet.</p> : null}
    </section>
  );
}
