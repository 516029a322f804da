// Transactions that need an eye: stuck ones (cancel: a 0-value self-transfer at the same nonce with a higher fee,
// after which the batch's intents are batched again), replaced and dropped ones, and the operators' own
// cancels and gap fills.
import type { OperatorApi } from '../api/client.ts';
import type { OperatorTransaction, StuckTransaction, Transaction } from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { dateTime, duration, eth, gwei, short } from '../format.ts';
import { TIME_DRIVEN_REFRESH_MS, useLoad } from '../use-load.ts';

interface Problems {
  stuck: StuckTransaction[];
  replaced: Transaction[];
  dropped: Transaction[];
  operator: OperatorTransaction[];
  stuckAfterSeconds: number;
}

export function Transactions({ api, version }: { api: OperatorApi; version: number }) {
  const { data, error, reload } = useLoad(
    () => api.get<Problems>('/v1/operator/transactions'),
    [version],
    TIME_DRIVEN_REFRESH_MS,
  );
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="stuck-title">
        <h2 id="stuck-title">Stuck (pending longer than {duration(data.stuckAfterSeconds)})</h2>
        {data.stuck.length === 0 ? (
          <p className="ok-text">No stuck transaction.</p>
        ) : (
          <table aria-label="Stuck transactions">
            <thead>
              <tr>
                <th scope="col">Hash</th>
                <th scope="col">Signer</th>
                <th scope="col">Nonce</th>
                <th scope="col">Waiting</th>
                <th scope="col">Sent</th>
                <th scope="col">Max fee</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {data.stuck.map((transaction) => (
                <tr key={transaction.id} data-transaction={transaction.id}>
                  <td title={transaction.hash}>
                    <code>{short(transaction.hash, 10)}</code>
                  </td>
                  <td title={transaction.signer}>
                    <code>{short(transaction.signer)}</code>
                  </td>
                  <td>{transaction.nonce}</td>
                  <td>{duration(transaction.waitingSeconds)}</td>
                  <td>{transaction.attempts}×</td>
                  <td>{gwei(transaction.maxFeePerGas)}</td>
                  <td>
                    <ConfirmButton
                      label="Cancel transaction"
                      confirmLabel={`Cancel nonce ${transaction.nonce}`}
                      danger
                      onConfirm={() => api.post(`/v1/operator/transactions/${transaction.id}/cancel`)}
                      onDone={reload}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="operator-tx-title">
        <h2 id="operator-tx-title">Cancels and gap fills</h2>
        {data.operator.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <table aria-label="Operator transactions">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Hash</th>
                <th scope="col">Signer</th>
                <th scope="col">Nonce</th>
                <th scope="col">Status</th>
                <th scope="col">Fee</th>
                <th scope="col">By</th>
                <th scope="col">At</th>
              </tr>
            </thead>
            <tbody>
              {data.operator.map((transaction) => (
                <tr key={transaction.id}>
                  <td>{transaction.kind}</td>
                  <td title={transaction.hash}>
                    <code>{short(transaction.hash, 10)}</code>
                  </td>
                  <td title={transaction.signer}>
                    <code>{short(transaction.signer)}</code>
                  </td>
                  <td>{transaction.nonce}</td>
                  <td>
                    <StatusBadge status={transaction.status} />
                  </td>
                  <td>{eth(transaction.feeWei)}</td>
                  <td title={transaction.requestedBy}>{short(transaction.requestedBy, 10)}</td>
                  <td>{dateTime(transaction.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <TransactionList title="Replaced" rows={data.replaced} />
      <TransactionList title="Dropped" rows={data.dropped} />
    </div>
  );
}

function TransactionList({ title, rows }: { title: string; rows: Transaction[] }) {
  return (
    <section className="panel" aria-label={`${title} transactions`}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Hash</th>
              <th scope="col">Batch</th>
              <th scope="col">Signer</th>
              <th scope="col">Nonce</th>
              <th scope="col">Max fee</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((transaction) => (
              <tr key={transaction.id}>
                <td title={transaction.hash}>
                  <code>{short(transaction.hash, 10)}</code>
                </td>
                <td title={transaction.batchId}>
                  <code>{short(transaction.batchId, 8)}</code>
                </td>
                <td title={transaction.signer}>
                  <code>{short(transaction.signer)}</code>
                </td>
                <td>{transaction.nonce}</td>
                <td>{gwei(transaction.maxFeePerGas)}</td>
                <td>{dateTime(transaction.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
