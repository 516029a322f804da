// The patient's standing choices, each one signed intent: break-glass access allowed or not, delegates, and
// research consent per research purpose.
import type { CategoryName } from '@medicrypt/contracts';
import type { TrackedIntent } from '../intents/intent-activity.ts';
import { intentDeadline, submitIntent } from '../intents/submit-intent.ts';
import type { PatientSettings } from '../relayer/api-types.ts';
import { purposeLabel, shortAddress } from './consent-labels.ts';
import {
  appointDelegateMessage,
  breakGlassMessage,
  type ResearchPurpose,
  researchConsentMessage,
  revokeDelegateMessage,
} from './intent-messages.ts';
import type { PatientConnection } from './patient-connection.ts';

const signer = (connection: PatientConnection) => ({
  account: connection.account,
  deadline: intentDeadline(),
});

export function setBreakGlassAllowed(
  connection: PatientConnection,
  settings: PatientSettings,
  allowed: boolean,
): Promise<TrackedIntent> {
  return submitIntent(
    connection,
    'setBreakGlassAllowed',
    breakGlassMessage(signer(connection), settings, allowed),
    allowed ? 'Allow emergency access' : 'Turn off emergency access',
  );
}

export function appointDelegate(
  connection: PatientConnection,
  settings: PatientSettings,
  delegate: string,
): Promise<TrackedIntent> {
  const message = appointDelegateMessage(signer(connection), settings, delegate);
  return submitIntent(connection, 'appointDelegate', message, `Appoint ${shortAddress(message.delegate)}`);
}

export function revokeDelegate(
  connection: PatientConnection,
  settings: PatientSettings,
  delegate: string,
): Promise<TrackedIntent> {
  const message = revokeDelegateMessage(signer(connection), settings, delegate);
  return submitIntent(connection, 'revokeDelegate', message, `Remove delegate ${shortAddress(delegate)}`);
}

export function setResearchConsent(
  connection: PatientConnection,
  settings: PatientSettings,
  purpose: ResearchPurpose,
  categories: readonly CategoryName[],
): Promise<TrackedIntent> {
  return submitIntent(
    connection,
    'setResearchConsent',
    researchConsentMessage(signer(connection), settings, purpose, categories),
    categories.length === 0
      ? `Opt out of ${purposeLabel(purpose).toLowerCase()}`
      : `Share with ${purposeLabel(purpose).toLowerCase()}`,
  );
}
