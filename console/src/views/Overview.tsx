// The first page: is intake open (pause, resume, drain), what is in the pipeline, what is alarming, how the
// database, RPC and indexer are, the last hour's failures, and live activity.
import { useState } from 'react';
import type { OperatorApi } from '../api/client.ts';
import { intentStatuses, type Overview as OverviewData, type Snapshot } from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { dateTime, duration, eth, percent, short, time } from '../format.ts';
import { TIME_DRIVEN_REFRESH_MS, useLoad } from '../use-load.ts';

export function Overview({
  api,
  version,
  snapshot,
}: {
  api: OperatorApi;
  version: number;
  snapshot?: Snapshot;
}) {
  const { data, error, reload } = useLoad(
    () => api.get<OverviewData>('/v1/operator/overview'),
    [version],
    TIME_DRIVEN_REFRESH_MS,
  );
  if (error) return <p role="alert">Could not load the overview: {error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const counts = snapshot?.counts ?? data.counts;
  return (
    <div className="grid-2">
      <IntakePanel api={api} data={data} onChange={reload} />
      <section className="panel" aria-labelledby="alarms-title">
        <h2 id="alarms-title">Alarms</h2>
        <Alarms data={data} />
      </section>
      <section className="panel wide" aria-labelledby="pipeline-title">
        <h2 id="pipeline-title">Intents by status</h2>
        <div className="counts">
          {intentStatuses.map((status) => (
            <a key={status} className="count" href={`#/intents?status=${status}`} data-status={status}>
              <span className="count-value">{counts[status]}</span>
              <StatusBadge status={status} />
            </a>
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="health-title">
        <h2 id="health-title">Health</h2>
        <dl className="facts">
          <dt>Database ({data.health.database.kind})</dt>
          <dd>
            <StatusBadge status={data.health.database.ok ? 'ok' : 'error'} /> {data.health.database.latencyMs}{' '}
            ms
          </dd>
          <dt>RPC (chain {data.health.rpc.chainId})</dt>
          <dd>
            <StatusBadge status={data.health.rpc.ok ? 'ok' : 'error'} /> {data.health.rpc.latencyMs} ms, block{' '}
            {data.health.rpc.blockNumber ?? '—'}
          </dd>
          <dt>Indexer lag</dt>
          <dd>{data.health.indexer.lagBlocks === null ? '—' : `${data.health.indexer.lagBlocks} blocks`}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="failures-title">
        <h2 id="failures-title">Failures, last hour</h2>
        <p>
          {data.failures.failed} of {data.failures.finished} finished intents (
          {percent(data.failures.failureRate)})
        </p>
        <ul className="plain">
          {data.failures.byCode.slice(0, 5).map((row) => (
            <li key={`${row.code}-${row.status}`}>
              <code>{row.code}</code> {row.count} ({row.status})
            </li>
          ))}
        </ul>
      </section>
      <section className="panel wide" aria-labelledby="signers-title">
        <h2 id="signers-title">Signers</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
              <th scope="col">Balance</th>
              <th scope="col">Runway</th>
              <th scope="col">Nonce (chain / relayer)</th>
            </tr>
          </thead>
          <tbody>
            {data.signers.map((signer) => (
              <tr key={signer.address}>
                <td title={signer.address}>
                  <code>{short(signer.address)}</code>
                </td>
                <td>
                  <StatusBadge status={signer.status} />
                </td>
                <td className={signer.lowBalance ? 'alarm' : undefined}>{eth(signer.balanceWei)}</td>
                <td>{signer.runwaySeconds === null ? 'no spend' : duration(signer.runwaySeconds)}</td>
                <td className={signer.nonceGap ? 'alarm' : undefined}>
                  {signer.chainNonce?.latest ?? '—'} / {signer.relayerNextNonce ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel wide" aria-labelledby="live-title">
        <h2 id="live-title">Live activity</h2>
        <ol className="feed" aria-live="polite">
          {(snapshot?.recent ?? []).map((event) => (
            <li key={event.id} data-intent={event.intentId}>
              <span className="muted">{time(event.at)}</span>{' '}
              <code title={event.intentId}>{short(event.intentId, 8)}</code> {event.type}{' '}
              <StatusBadge status={event.status} />
            </li>
          ))}
        </ol>
        {snapshot ? null : <p className="muted">Waiting for the live stream…</p>}
        <p className="muted small">Intake changed {dateTime(data.intake.changedAt)}</p>
      </section>
    </div>
  );
}

function IntakePanel({
  api,
  data,
  onChange,
}: {
  api: OperatorApi;
  data: OverviewData;
  onChange: () => void;
}) {
  const [reason, setReason] = useState('');
  const { intake } = data;
  return (
    <section className="panel" aria-labelledby="intake-title">
      <h2 id="intake-title">
        Intake <StatusBadge status={intake.mode} />
      </h2>
      <p className="intake-text">
        {intake.mode === 'open'
          ? 'New intents are accepted.'
          : intake.mode === 'paused'
            ? 'New intents get 503 INTAKE_PAUSED; the pipeline carries on.'
            : intake.drained
              ? 'Drained: nothing is in flight. Safe for maintenance.'
              : `Draining: ${intake.inFlight} intents still in flight.`}
        {intake.reason ? ` Reason: ${intake.reason}.` : ''}
        {intake.changedBy ? ` (by ${short(intake.changedBy, 10)})` : ''}
      </p>
      <label htmlFor="intake-reason">Reason (for pause or drain)</label>
      <input
        id="intake-reason"
        value={reason}
        maxLength={200}
        onChange={(event) => setReason(event.target.value)}
      />
      <div className="actions">
        {intake.mode !== 'paused' ? (
          <ConfirmButton
            label="Pause intake"
            danger
            onConfirm={() => api.post('/v1/operator/intake/pause', reason ? { reason } : {})}
            onDone={onChange}
          />
        ) : null}
        {intake.mode !== 'draining' ? (
          <ConfirmButton
            label="Drain for maintenance"
            onConfirm={() => api.post('/v1/operator/intake/drain', reason ? { reason } : {})}
            onDone={onChange}
          />
        ) : null}
        {intake.mode !== 'open' ? (
          <ConfirmButton
            label="Resume intake"
            onConfirm={() => api.post('/v1/operator/intake/resume')}
            onDone={onChange}
          />
        ) : null}
      </div>
    </section>
  );
}

function Alarms({ data }: { data: OverviewData }) {
  const items: { key: string; text: string; href: string }[] = [
    ...data.alarms.lowBalance.map((address) => ({
      key: `low-${address}`,
      text: `Low balance: ${short(address)} is below ${eth(data.minBalanceWei)}`,
      href: '#/signers',
    })),
    ...data.alarms.nonceGap.map((address) => ({
      key: `gap-${address}`,
      text: `Nonce gap: ${short(address)} has leased nonces no transaction fills`,
      href: '#/signers',
    })),
    ...(data.alarms.stuck > 0
      ? [{ key: 'stuck', text: `${data.alarms.stuck} stuck transaction(s)`, href: '#/transactions' }]
      : []),
    ...(!data.health.database.ok ? [{ key: 'db', text: 'The database does not answer', href: '#/' }] : []),
    ...(!data.health.rpc.ok ? [{ key: 'rpc', text: 'The RPC does not answer', href: '#/' }] : []),
  ];
  if (items.length === 0) return <p className="ok-text">No alarms.</p>;
  return (
    <ul className="alarms">
      {items.map((item) => (
        <li key={item.key}>
          <a href={item.href}>{item.text}</a>
        </li>
      ))}
    </ul>
  );
}
