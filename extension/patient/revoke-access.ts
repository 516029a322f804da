// Ending a grantee's access at once (their grant and any open break-glass access).

import type { TrackedIntent } from '../intents/intent-activity.ts';
import { intentDeadline, submitIntent } from '../intents/submit-intent.ts';
import type { Grant } from '../relayer/api-types.ts';
import { shortAddress } from './consent-labels.ts';
import { revokeMessage } from './intent-messages.ts';
import type { PatientConnection } from './patient-connection.ts';

export function revokeAccess(connection: PatientConnection, grant: Grant): Promise<TrackedIntent> {
  return submitIntent(
    connection,
    'revokeAccess',
    revokeMessage({ account: connection.account, deadline: intentDeadline() }, grant),
    `Revoke access of ${shortAddress(grant.grantee)}`,
  );
}
