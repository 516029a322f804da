// Intents by status with filters and a search box (intent id, signer address, digest or transaction hash).
// Selecting one shows its whole history; a failed one can be retried if its deadline allows.
import { intentNames } from '@medicrypt/contracts';
import { type FormEvent, useState } from 'react';
import type { OperatorApi } from '../api/client.ts';
import {
  type Intent,
  type IntentEvent,
  intentStatuses,
  type StatusCounts,
  type Transaction,
} from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { Field } from '../components/Field.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { dateTime, short } from '../format.ts';
import { useLoad } from '../use-load.ts';

const INTENT_TYPES = ['', ...intentNames];

export function Intents({
  api,
  version,
  initialStatus,
}: {
  api: OperatorApi;
  version: number;
  initialStatus?: string;
}) {
  const [status, setStatus] = useState(initialStatus ?? '');
  const [type, setType] = useState('');
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<string>();
  const list = useLoad(
    () =>
      api.get<{ intents: Intent[]; counts: StatusCounts }>('/v1/operator/intents', {
        status,
        type,
        q,
        limit: 100,
      }),
    [status, type, q, version],
  );
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
  };
  return (
    <div className="split">
      <section className="panel" aria-labelledby="intents-title">
        <h2 id="intents-title">Intents</h2>
        <form className="filters" onSubmit={search} aria-label="Intent filters">
          <Field id="intent-status" label="Status">
            <select id="intent-status" value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">all</option>
              {intentStatuses.map((value) => (
                <option key={value} value={value}>
                  {value} ({list.data?.counts[value] ?? 0})
                </option>
              ))}
            </select>
          </Field>
          <Field id="intent-type" label="Type">
            <select id="intent-type" value={type} onChange={(event) => setType(event.target.value)}>
              {INTENT_TYPES.map((value) => (
                <option key={value} value={value}>
                  {value || 'all'}
                </option>
              ))}
            </select>
          </Field>
          <Field id="intent-search" label="Search" grow>
            <input
              id="intent-search"
              type="search"
              placeholder="intent id, signer 0x…, transaction hash 0x…"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
            />
          </Field>
          <button type="submit" className="secondary">
            Search
          </button>
          {q ? (
            <button
              type="button"
              className="ghost"
              onClick={() => {
                setDraft('');
                setQ('');
              }}
            >
              Clear
            </button>
          ) : null}
        </form>
        {list.error ? <p role="alert">{list.error.message}</p> : null}
        <table aria-label="Intents" aria-busy={list.loading}>
          <thead>
            <tr>
              <th scope="col">Intent</th>
              <th scope="col">Type</th>
              <th scope="col">Signer</th>
              <th scope="col">Status</th>
              <th scope="col">Failure</th>
              <th scope="col">Received</th>
              <th scope="col">Tries</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.intents ?? []).map((intent) => (
              <tr
                key={intent.id}
                className={intent.id === selected ? 'selected' : undefined}
                data-intent={intent.id}
              >
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setSelected(intent.id)}
                    title={intent.id}
                  >
                    {short(intent.id, 8)}
                  </button>
                </td>
                <td>{intent.type}</td>
                <td title={intent.actor}>
                  <code>{short(intent.actor)}</code>
                </td>
                <td>
                  <StatusBadge status={intent.status} />
                </td>
                <td>{intent.failureCode ? <code>{intent.failureCode}</code> : ''}</td>
                <td>{dateTime(intent.timestamps.received)}</td>
                <td>{intent.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data && list.data.intents.length === 0 ? <p className="muted">No intent matches.</p> : null}
      </section>
      {selected ? (
        <IntentDetail api={api} id={selected} version={version} onClose={() => setSelected(undefined)} />
      ) : null}
    </div>
  );
}

function IntentDetail({
  api,
  id,
  version,
  onClose,
}: {
  api: OperatorApi;
  id: string;
  version: number;
  onClose: () => void;
}) {
  const { data, error, reload } = useLoad(
    () =>
      api.get<{ intent: Intent; events: IntentEvent[]; transactions: Transaction[] }>(
        `/v1/operator/intents/${encodeURIComponent(id)}`,
      ),
    [id, version],
  );
  return (
    <aside className="panel detail" aria-label="Intent detail">
      <div className="detail-head">
        <h2>Intent</h2>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close intent detail">
          ×
        </button>
      </div>
      {error ? <p role="alert">{error.message}</p> : null}
      {data ? (
        <>
          <dl className="facts">
            <dt>Id</dt>
            <dd>
              <code>{data.intent.id}</code>
            </dd>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={data.intent.status} />
            </dd>
            <dt>Signer</dt>
            <dd>
              <code>{data.intent.actor}</code>
            </dd>
            <dt>Deadline</dt>
            <dd>{dateTime(new Date(data.intent.deadline * 1000).toISOString())}</dd>
            {data.intent.failureReason ? (
              <>
                <dt>Failure</dt>
                <dd>
                  <code>{data.intent.failureCode}</code> {data.intent.failureReason}
                </dd>
              </>
            ) : null}
          </dl>
          {data.intent.status === 'failed' ? (
            <ConfirmButton
              label="Retry intent"
              onConfirm={() => api.post(`/v1/operator/intents/${encodeURIComponent(id)}/retry`)}
              onDone={reload}
            />
          ) : null}
          <h3>History</h3>
          <ol className="timeline">
            {data.events.map((event) => (
              <li key={event.id}>
                <StatusBadge status={event.status} /> <span className="muted">{dateTime(event.at)}</span>
                {event.details ? <code className="details">{JSON.stringify(event.details)}</code> : null}
              </li>
            ))}
          </ol>
          {data.transactions.length > 0 ? (
            <>
              <h3>Its batch’s transactions</h3>
              <ul className="plain">
                {data.transactions.map((transaction) => (
                  <li key={transaction.id}>
                    <code title={transaction.hash}>{short(transaction.hash)}</code> nonce {transaction.nonce}{' '}
                    <StatusBadge status={transaction.status} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}
