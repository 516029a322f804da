import { useState } from 'react';
import { LoadState } from '../../../components/LoadState.tsx';
import type { RelayerData } from '../../../hooks/use-relayer-data.ts';
import type { AccessRequest } from '../../../relayer/api-types.ts';
import { type DecisionOutcome, RequestCard } from './RequestCard.tsx';

/** Requests waiting for the patient's decision, newest first. */
export function RequestsPanel({ requests }: { requests: RelayerData<{ requests: AccessRequest[] }> }) {
  const list = requests.data?.requests ?? [];
  const [outcome, setOutcome] = useState<DecisionOutcome>();
  return (
    <section aria-labelledby="requests-heading" aria-busy={requests.loading}>
      <h2 id="requests-heading" className="panel-heading">
        Access requests
      </h2>
      <div aria-live="polite" className="decision-outcome">
        {outcome && <p className="notice">{outcome.text}</p>}
        {outcome?.warning && <p className="notice notice-warning">{outcome.warning}</p>}
      </div>
      <LoadState
        loading={requests.loading}
        error={requests.error}
        empty={list.length === 0}
        emptyText="No one is asking for access right now."
        what="requests"
      >
        <ul className="card-list">
          {list.map((request) => (
            <RequestCard key={request.id} request={request} onDecided={setOutcome} />
          ))}
        </ul>
      </LoadState>
    </section>
  );
}
