import { LoadState } from '../../../components/LoadState.tsx';
import type { RelayerData } from '../../../hooks/use-relayer-data.ts';
import type { Grant } from '../../../relayer/api-types.ts';
import { GrantCard } from './GrantCard.tsx';

/** Who may see the patient's records now, emergency access included. */
export function GrantsPanel({ grants }: { grants: RelayerData<{ grants: Grant[] }> }) {
  const list = grants.data?.grants ?? [];
  return (
    <section aria-labelledby="grants-heading" aria-busy={grants.loading}>
      <h2 id="grants-heading" className="panel-heading">
        Who has access
      </h2>
      <LoadState
        loading={grants.loading}
        error={grants.error}
        empty={list.length === 0}
        emptyText="Nobody has access to your records."
        what="grants"
      >
        <ul className="card-list">
          {list.map((grant) => (
            <GrantCard key={`${grant.kind}-${grant.grantee}`} grant={grant} />
          ))}
        </ul>
      </LoadState>
    </section>
  );
}
