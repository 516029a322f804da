// One consent change: the wallet signs the intent (EIP-712), then the relayer takes it and pays its gas. A
// rejected signature throws before anything is sent, so nothing is queued.
import type { IntentMessage, IntentName } from '@medicrypt/contracts';
import { NotDeployedError, type PatientConnection } from '../patient/patient-connection.ts';
import type { IntentView } from '../relayer/api-types.ts';
import { signIntent } from '../wallet/sign-intent.ts';
import { recordIntent, type TrackedIntent } from './intent-activity.ts';

/** How long a signed intent stays valid for the relayer to land it. */
export const INTENT_LIFETIME_SECONDS = 60 * 60;

export function intentDeadline(nowSeconds = Math.floor(Date.now() / 1000)): number {
  return nowSeconds + INTENT_LIFETIME_SECONDS;
}

/**
 * Signs `message` as intent `name` in the wallet and submits it; the intent joins the popup's activity list.
 * @param label what the user sees in the activity list, e.g. "Approve access for 0x12…34".
 * @throws UserRejectedRequestError (nothing sent); RelayerError when the relayer refuses it.
 */
export async function submitIntent<N extends IntentName>(
  { provider, client, account, intents }: PatientConnection,
  name: N,
  message: IntentMessage<N>,
  label: string,
): Promise<TrackedIntent> {
  if (!intents) throw new NotDeployedError();
  const signed = await signIntent(provider, { account, context: intents, name, message });
  const accepted = await client.publicJson<IntentView>('POST', '/v1/intents', { body: signed });
  return recordIntent({
    id: accepted.id,
    type: name,
    label,
    status: accepted.status,
    failure: accepted.failure ? (accepted.failure.reason ?? accepted.failure.code) : undefined,
    submittedAt: Date.now(),
    account,
  });
}
