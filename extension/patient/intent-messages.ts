// The intents a patient signs, built from what the relayer reports (requests, grants, settings) and what the
// user chose. The registry's rules are checked here first, so the wallet never shows something that would fail:
// an approval grants a non-empty subset of the requested categories, for at most the requested time, and every
// decision carries the pair's current consent nonce.
import {
  type CategoryName,
  categoryMask,
  type IntentMessage,
  type PurposeName,
  purposes,
  recordKeyOf,
} from '@medicrypt/contracts';
import { type Address, getAddress } from 'viem';
import type { AccessRequest, Grant, PatientSettings, RecordView, StudyView } from '../relayer/api-types.ts';

/** The chain may run a little behind this device's clock: an approval ends this much before the limit. */
export function expiryMargin(durationSeconds: number): number {
  return Math.min(300, Math.floor(durationSeconds / 10));
}

export class InvalidChoiceError extends Error {
  override name = 'InvalidChoiceError';
  get shortMessage() {
    return this.message;
  }
}

export interface Signer {
  account: Address;
  deadline: number;
}

export function approveMessage(
  { account, deadline }: Signer,
  request: AccessRequest,
  choice: { categories: readonly CategoryName[]; durationSeconds: number },
  nowSeconds: number,
): IntentMessage<'approveAccess'> {
  if (choice.categories.length === 0)
    throw new InvalidChoiceError('Choose at least one kind of record to share.');
  const outside = choice.categories.filter((name) => !request.categories.includes(name));
  if (outside.length > 0) throw new InvalidChoiceError(`The doctor did not ask for ${outside.join(', ')}.`);
  if (!(choice.durationSeconds > 0) || choice.durationSeconds > request.durationSeconds)
    throw new InvalidChoiceError('Access can last at most as long as the doctor asked.');
  const limit = request.durationSeconds - expiryMargin(request.durationSeconds);
  return {
    actor: account,
    patient: account,
    grantee: getAddress(request.doctor),
    categories: categoryMask(choice.categories),
    expiresAt: nowSeconds + Math.min(choice.durationSeconds, limit),
    nonce: request.nonce,
    deadline,
  };
}

export function denyMessage(
  { account, deadline }: Signer,
  request: AccessRequest,
): IntentMessage<'denyAccess'> {
  return {
    actor: account,
    patient: account,
    grantee: getAddress(request.doctor),
    nonce: request.nonce,
    deadline,
  };
}

export function revokeMessage({ account, deadline }: Signer, grant: Grant): IntentMessage<'revokeAccess'> {
  return {
    actor: account,
    patient: account,
    grantee: getAddress(grant.grantee),
    nonce: grant.nonce,
    deadline,
  };
}

export function registerMessage(
  { account, deadline }: Signer,
  record: Pick<RecordView, 'cid' | 'category'>,
): IntentMessage<'registerRecord'> {
  const { digest, codec } = recordKeyOf(record.cid);
  return {
    actor: account,
    patient: account,
    digest,
    codec,
    category: record.category,
    encrypted: true,
    deadline,
  };
}

export function updateMessage(
  { account, deadline }: Signer,
  previous: Pick<RecordView, 'cid'>,
  record: Pick<RecordView, 'cid' | 'category'>,
): IntentMessage<'updateRecord'> {
  const { digest, codec } = recordKeyOf(record.cid);
  return {
    actor: account,
    patient: account,
    previousDigest: recordKeyOf(previous.cid).digest,
    digest,
    codec,
    category: record.category,
    encrypted: true,
    deadline,
  };
}

export function breakGlassMessage(
  { account, deadline }: Signer,
  settings: PatientSettings,
  allowed: boolean,
): IntentMessage<'setBreakGlassAllowed'> {
  return { actor: account, patient: account, allowed, nonce: settings.settingsNonce, deadline };
}

function delegationNonce(settings: PatientSettings, delegate: Address): number {
  const key = delegate.toLowerCase();
  const active = settings.delegates.find((entry) => entry.delegate.toLowerCase() === key);
  return active?.nonce ?? settings.delegationNonces[key] ?? 0;
}

export function appointDelegateMessage(
  { account, deadline }: Signer,
  settings: PatientSettings,
  delegate: string,
): IntentMessage<'appointDelegate'> {
  let address: Address;
  try {
    address = getAddress(delegate.trim());
  } catch {
    throw new InvalidChoiceError(
      'Enter the delegate’s wallet address: 0x followed by 40 hexadecimal digits.',
    );
  }
  if (address.toLowerCase() === account.toLowerCase())
    throw new InvalidChoiceError('You cannot appoint yourself as your delegate.');
  if (settings.delegates.some((entry) => entry.delegate.toLowerCase() === address.toLowerCase()))
    throw new InvalidChoiceError('This account is already your delegate.');
  return {
    actor: account,
    patient: account,
    delegate: address,
    nonce: delegationNonce(settings, address),
    deadline,
  };
}

export function revokeDelegateMessage(
  { account, deadline }: Signer,
  settings: PatientSettings,
  delegate: string,
): IntentMessage<'revokeDelegate'> {
  const address = getAddress(delegate);
  return {
    actor: account,
    patient: account,
    delegate: address,
    nonce: delegationNonce(settings, address),
    deadline,
  };
}

/** The purposes research consent and studies may name (the registry refuses treatment and emergency). */
export const researchPurposes = [
  'research',
  'clinicalTrial',
  'publicHealth',
] as const satisfies readonly PurposeName[];
export type ResearchPurpose = (typeof researchPurposes)[number];

export function researchConsentMessage(
  { account, deadline }: Signer,
  settings: PatientSettings,
  purpose: ResearchPurpose,
  categories: readonly CategoryName[],
): IntentMessage<'setResearchConsent'> {
  const current = settings.research.find((entry) => entry.purpose === purpose);
  return {
    actor: account,
    patient: account,
    purpose: purposes[purpose],
    categories: categoryMask(categories),
    nonce: current?.nonce ?? 0,
    deadline,
  };
}

/**
 * Consent to a study, or its withdrawal, carrying the consent's current nonce. A study that has ended takes no new
 * consent (the registry would refuse it); withdrawing is always possible.
 */
export function studyConsentMessage(
  { account, deadline }: Signer,
  study: StudyView,
  granted: boolean,
): IntentMessage<'setStudyConsent'> {
  if (granted && !study.active)
    throw new InvalidChoiceError('This study has ended and takes no new consent.');
  return {
    actor: account,
    patient: account,
    studyId: study.studyId as `0x${string}`,
    granted,
    nonce: study.myConsent.nonce,
    deadline,
  };
}
