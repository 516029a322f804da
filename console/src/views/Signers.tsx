// Each signer key: balance (alarm below MIN_SIGNER_BALANCE_WEI) and runway at the last hour's spend; nonce as the
// chain sees it (latest, pending) and as the relayer leases it, with an alarm on a gap (fill it); retire a key
// (no new batches, what it holds is finished) or add it back.
import type { OperatorApi } from '../api/client.ts';
import type { Signer } from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { duration, eth } from '../format.ts';
import { TIME_DRIVEN_REFRESH_MS, useLoad } from '../use-load.ts';

export function Signers({ api, version }: { api: OperatorApi; version: number }) {
  const { data, error, reload } = useLoad(
    () => api.get<{ signers: Signer[]; minBalanceWei: string }>('/v1/operator/signers'),
    [version],
    TIME_DRIVEN_REFRESH_MS,
  );
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <section className="panel" aria-labelledby="signers-page-title">
      <h2 id="signers-page-title">Signer keys</h2>
      <p className="muted">Low-balance alarm below {eth(data.minBalanceWei)}.</p>
      <table aria-label="Signer keys">
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Status</th>
            <th scope="col">Balance</th>
            <th scope="col">Spent (1 h)</th>
            <th scope="col">Runway</th>
            <th scope="col">Chain nonce (latest / pending)</th>
            <th scope="col">Relayer next nonce</th>
            <th scope="col">Gap</th>
            <th scope="col">In flight</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {data.signers.map((signer) => (
            <tr key={signer.address} data-signer={signer.address}>
              <td>
                <code>{signer.address}</code>
                {signer.heldHere ? null : <span className="muted small"> (another instance)</span>}
              </td>
              <td>
                <StatusBadge status={signer.status} />
              </td>
              <td className={signer.lowBalance ? 'alarm' : undefined}>
                {eth(signer.balanceWei)}
                {signer.lowBalance ? <strong> low</strong> : null}
              </td>
              <td>{eth(signer.spentWeiLastHour)}</td>
              <td>{signer.runwaySeconds === null ? 'no spend' : duration(signer.runwaySeconds)}</td>
              <td>
                {signer.chainNonce
                  ? `${signer.chainNonce.latest} / ${signer.chainNonce.pending}`
                  : 'unreadable'}
              </td>
              <td>{signer.relayerNextNonce ?? '—'}</td>
              <td className={signer.nonceGap ? 'alarm' : undefined}>
                {signer.nonceGap ? `missing ${signer.missingNonces.slice(0, 5).join(', ')}` : 'none'}
              </td>
              <td>
                {signer.inFlight}
                {signer.oldestPendingSeconds !== null
                  ? ` (oldest ${duration(signer.oldestPendingSeconds)})`
                  : ''}
              </td>
              <td className="actions">
                {signer.nonceGap ? (
                  <ConfirmButton
                    label="Fill gap"
                    confirmLabel={`Fill nonce ${signer.missingNonces[0]}`}
                    disabled={!signer.heldHere}
                    onConfirm={() => api.post(`/v1/operator/signers/${signer.address}/fill-gap`)}
                    onDone={reload}
                  />
                ) : null}
                {signer.status === 'active' ? (
                  <ConfirmButton
                    label="Retire"
                    danger
                    onConfirm={() => api.post(`/v1/operator/signers/${signer.address}/retire`)}
                    onDone={reload}
                  />
                ) : (
                  <ConfirmButton
                    label="Add back"
                    onConfirm={() => api.post(`/v1/operator/signers/${signer.address}/activate`)}
                    onDone={reload}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Keys come from each instance’s RELAYER_PRIVATE_KEYS: a new key joins (active) when an instance that
        holds it starts. Retiring stops new batches for the key; what it already holds is finished.
      </p>
    </section>
  );
}
