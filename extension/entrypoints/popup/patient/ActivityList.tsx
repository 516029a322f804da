import type { TrackedIntent } from '../../../intents/intent-activity.ts';
import type { IntentStatus } from '../../../relayer/api-types.ts';

const statusText: Record<IntentStatus, string> = {
  received: 'Received',
  queued: 'Queued',
  batched: 'Queued',
  submitted: 'Submitted',
  mined: 'Included',
  confirmed: 'Confirmed',
  failed: 'Failed',
  expired: 'Expired',
};

const MAX_SHOWN = 5;

/** The latest consent changes the user signed and where each one is; announced politely as they move. */
export function ActivityList({ items }: { items: readonly TrackedIntent[] }) {
  if (items.length === 0) return null;
  return (
    <section className="activity" aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="subheading">
        Your recent changes
      </h2>
      <ul className="activity-list" aria-live="polite">
        {items.slice(0, MAX_SHOWN).map((item) => (
          <li key={item.id} data-intent-id={item.id} data-status={item.status}>
            <span className="activity-label">{item.label}</span>
            <span className={`tag tag-intent-${item.status}`}>{statusText[item.status]}</span>
            {item.failure && <span className="activity-failure">{item.failure}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
