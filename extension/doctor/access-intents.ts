// The intents a doctor signs from the EMR overlay, built from the relayer's standing (the pair's nonces) and
// what the doctor chose. The registry's rules are checked here first, so the wallet never shows an intent the
// chain would refuse: at least one category, a care purpose, a positive duration, a stated emergency reason.
import {
  type CategoryName,
  carePurposes,
  categoryMask,
  type IntentMessage,
  type PurposeName,
  purposes,
} from '@medicrypt/contracts';
import { type Address, getAddress } from 'viem';
import type { AccessStanding } from '../relayer/api-types.ts';

const DAY = 86_400;
const HOUR = 3_600;

/** The durations the request form offers. */
export const requestDurations = [
  { seconds: DAY, label: '1 day' },
  { seconds: 7 * DAY, label: '7 days' },
  { seconds: 30 * DAY, label: '30 days' },
  { seconds: 90 * DAY, label: '90 days' },
  { seconds: 365 * DAY, label: '1 year' },
] as const;

/** The durations emergency access offers (the registry allows at most a day). */
export const breakGlassDurations = [
  { seconds: HOUR, label: '1 hour' },
  { seconds: 4 * HOUR, label: '4 hours' },
  { seconds: 24 * HOUR, label: '24 hours' },
] as const;

export class InvalidRequestChoiceError extends Error {
  override name = 'InvalidRequestChoiceError';
  get shortMessage() {
    return this.message;
  }
}

export interface RequestChoice {
  categories: readonly CategoryName[];
  purpose: PurposeName;
  durationSeconds: number;
}

export interface BreakGlassChoice {
  categories: readonly CategoryName[];
  durationSeconds: number;
  reason: string;
}

export interface Signer {
  account: Address;
  deadline: number;
}

function checkCategories(names: readonly CategoryName[]): void {
  if (names.length === 0) throw new InvalidRequestChoiceError('Choose at least one kind of record.');
}

/** The request form's checks, also made by requestAccessMessage. @throws InvalidRequestChoiceError */
export function checkRequestChoice(choice: RequestChoice): void {
  checkCategories(choice.categories);
  if (!carePurposes.includes(choice.purpose))
    throw new InvalidRequestChoiceError('Choose a care purpose; research goes through research consent.');
  if (!(choice.durationSeconds > 0)) throw new InvalidRequestChoiceError('Choose how long you need access.');
}

/** The emergency form's checks, also made by openBreakGlassMessage. @throws InvalidRequestChoiceError */
export function checkBreakGlassChoice(
  standing: Pick<AccessStanding, 'breakGlassAllowed'>,
  choice: BreakGlassChoice,
): void {
  if (!standing.breakGlassAllowed)
    throw new InvalidRequestChoiceError('This patient has switched emergency access off.');
  checkCategories(choice.categories);
  if (choice.reason.trim().length < 10)
    throw new InvalidRequestChoiceError('State the emergency in a few words: the patient will read it.');
}

export function requestAccessMessage(
  { account, deadline }: Signer,
  standing: Pick<AccessStanding, 'patient' | 'nonce'>,
  choice: RequestChoice,
): IntentMessage<'requestAccess'> {
  checkRequestChoice(choice);
  return {
    actor: account,
    patient: getAddress(standing.patient),
    categories: categoryMask(choice.categories),
    purpose: purposes[choice.purpose],
    duration: choice.durationSeconds,
    nonce: standing.nonce,
    deadline,
  };
}

export function openBreakGlassMessage(
  { account, deadline }: Signer,
  standing: Pick<AccessStanding, 'patient' | 'breakGlassNonce' | 'breakGlassAllowed'>,
  choice: BreakGlassChoice,
): IntentMessage<'openBreakGlass'> {
  checkBreakGlassChoice(standing, choice);
  const reason = choice.reason.trim();
  return {
    actor: account,
    patient: getAddress(standing.patient),
    categories: categoryMask(choice.categories),
    duration: choice.durationSeconds,
    reason,
    nonce: standing.breakGlassNonce,
    deadline,
  };
}
