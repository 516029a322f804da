// Batches with their transactions: the signer key, the intents carried, gas used and the fee paid.
import { Fragment, useState } from 'react';
import type { OperatorApi } from '../api/client.ts';
import type { Batch } from '../api/types.ts';
import { Field } from '../components/Field.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { dateTime, eth, gwei, short } from '../format.ts';
import { useLoad } from '../use-load.ts';

const BATCH_STATUSES = ['', 'open', 'submitted', 'mined', 'confirmed', 'failed', 'cancelled'];

export function Batches({ api, version }: { api: OperatorApi; version: number }) {
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<string>();
  const { data, error } = useLoad(
    () => api.get<{ batches: Batch[] }>('/v1/operator/batches', { status, limit: 50 }),
    [status, version],
  );
  const batches = data?.batches ?? [];
  const totalFees = batches.reduce((sum, batch) => sum + BigInt(batch.feeWei ?? '0'), 0n);
  const totalGas = batches.reduce((sum, batch) => sum + BigInt(batch.gasUsed ?? '0'), 0n);
  return (
    <section className="panel" aria-labelledby="batches-title">
      <h2 id="batches-title">Batches</h2>
      <div className="filters">
        <Field id="batch-status" label="Status">
          <select id="batch-status" value={status} onChange={(event) => setStatus(event.target.value)}>
            {BATCH_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value || 'all'}
              </option>
            ))}
          </select>
        </Field>
        <p className="muted">
          Shown: {batches.length} batches, {totalGas.toString()} gas, {eth(totalFees.toString())} in fees
        </p>
      </div>
      {error ? <p role="alert">{error.message}</p> : null}
      <table aria-label="Batches">
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Signer</th>
            <th scope="col">Status</th>
            <th scope="col">Intents</th>
            <th scope="col">Gas used</th>
            <th scope="col">Fee paid</th>
            <th scope="col">Created</th>
            <th scope="col">Transactions</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <Fragment key={batch.id}>
              <tr>
                <td title={batch.id}>
                  <code>{short(batch.id, 8)}</code>
                </td>
                <td title={batch.signer}>
                  <code>{short(batch.signer)}</code>
                </td>
                <td>
                  <StatusBadge status={batch.status} />
                </td>
                <td>{batch.intentCount}</td>
                <td>{batch.gasUsed ?? '—'}</td>
                <td>{eth(batch.feeWei)}</td>
                <td>{dateTime(batch.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open === batch.id}
                    onClick={() => setOpen(open === batch.id ? undefined : batch.id)}
                  >
                    {batch.transactions.length} {open === batch.id ? '▲' : '▼'}
                  </button>
                </td>
              </tr>
              {open === batch.id ? (
                <tr className="nested">
                  <td colSpan={8}>
                    <table aria-label={`Transactions of batch ${short(batch.id, 8)}`}>
                      <thead>
                        <tr>
                          <th scope="col">Hash</th>
                          <th scope="col">Nonce</th>
                          <th scope="col">Status</th>
                          <th scope="col">Max fee</th>
                          <th scope="col">Gas used</th>
                          <th scope="col">Price paid</th>
                          <th scope="col">Fee</th>
                          <th scope="col">Block</th>
                        </tr>
                      </thead>
                      <tbody>
                        {batch.transactions.map((transaction) => (
                          <tr key={transaction.id}>
                            <td title={transaction.hash}>
                              <code>{short(transaction.hash, 10)}</code>
                            </td>
                            <td>{transaction.nonce}</td>
                            <td>
                              <StatusBadge status={transaction.status} />
                            </td>
                            <td>{gwei(transaction.maxFeePerGas)}</td>
                            <td>{transaction.gasUsed ?? '—'}</td>
                            <td>{gwei(transaction.effectiveGasPrice)}</td>
                            <td>{eth(transaction.feeWei)}</td>
                            <td>{transaction.blockNumber ?? '—'}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}
