// What the user is told about a relayer notification, if anything: its title and text, in words, filtered by
// the notification preferences. Emergency access is always shown.
import { categoriesOf, type PurposeName, purposeName } from '@medicrypt/contracts';
import {
  categoryList,
  formatDateTime,
  formatDuration,
  purposeLabel,
  shortAddress,
} from '../patient/consent-labels.ts';
import type { RelayerNotification } from '../relayer/api-types.ts';
import type { NotificationPreferences } from '../settings/settings.ts';

export interface NotificationContent {
  title: string;
  message: string;
  /** Chrome's 0..2; break-glass is 2 and stays until dismissed. */
  priority: 0 | 1 | 2;
  requireInteraction: boolean;
}

type Preference = keyof NotificationPreferences | 'always';

const text = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));
const who = (value: unknown) => shortAddress(text(value));

function categoriesIn(value: unknown): string {
  try {
    return categoryList(categoriesOf(BigInt(text(value))));
  } catch {
    return 'some records';
  }
}

function purposeIn(value: unknown): string {
  try {
    return purposeLabel(purposeName(Number(value)) as PurposeName).toLowerCase();
  } catch {
    return 'an unknown purpose';
  }
}

const untilDate = (seconds: unknown) => formatDateTime(new Date(Number(seconds) * 1000).toISOString());

/** The content for `notification` as `account` sees it, or undefined when its preference is off. */
export function notificationContent(
  notification: Pick<RelayerNotification, 'type' | 'data'>,
  account: string,
  preferences: NotificationPreferences,
): NotificationContent | undefined {
  const data = notification.data ?? {};
  const asPatient = text(data.patient).toLowerCase() === account.toLowerCase();
  /** `urgent`: shown first and kept; `decision`: kept until dismissed, since it waits for the patient. */
  const make = (
    preference: Preference,
    title: string,
    message: string,
    weight: 'info' | 'decision' | 'urgent' = 'info',
  ): NotificationContent | undefined =>
    preference === 'always' || preferences[preference]
      ? {
          title,
          message,
          priority: weight === 'urgent' ? 2 : weight === 'decision' ? 1 : 0,
          requireInteraction: weight !== 'info',
        }
      : undefined;

  switch (notification.type) {
    case 'access.requested':
      return asPatient
        ? make(
            'accessRequests',
            'New access request',
            `${who(data.doctor)} asks to see ${categoriesIn(data.categories)} for ${purposeIn(data.purpose)}, for ${formatDuration(Number(data.duration))}.`,
            'decision',
          )
        : make('intentStatus', 'Access requested', `Your request to ${who(data.patient)} is recorded.`);
    case 'access.approved':
      return asPatient
        ? make(
            'intentStatus',
            'Access approved',
            `${who(data.grantee)} may see ${categoriesIn(data.categories)} until ${untilDate(data.expiresAt)}.`,
          )
        : make('accessRequests', 'Access granted', `${who(data.patient)} approved your request.`);
    case 'access.denied':
      return asPatient
        ? make('intentStatus', 'Request denied', `You denied ${who(data.grantee)}’s request.`)
        : make('accessRequests', 'Request denied', `${who(data.patient)} denied your request.`);
    case 'access.revoked':
      return asPatient
        ? make('intentStatus', 'Access revoked', `${who(data.grantee)} can no longer see your records.`)
        : make('accessRequests', 'Access revoked', `${who(data.patient)} revoked your access.`);
    case 'breakglass.opened':
      return asPatient
        ? make(
            'always',
            'Emergency access opened',
            `${who(data.doctor)} opened emergency access to ${categoriesIn(data.categories)}: “${text(data.reason)}”. Revoke it in MediCrypt if you did not expect this.`,
            'urgent',
          )
        : make(
            'intentStatus',
            'Emergency access opened',
            `You opened emergency access to ${who(data.patient)}’s records.`,
          );
    case 'record.added':
      return make('newRecords', 'Record added', 'A record was added to your MediCrypt file.');
    case 'record.removed':
      return make('newRecords', 'Record removed', 'A record was removed from your MediCrypt file.');
    case 'delegate.appointed':
      return asPatient
        ? make('intentStatus', 'Delegate appointed', `${who(data.delegate)} may now decide for you.`)
        : make('intentStatus', 'You are a delegate', `${who(data.patient)} appointed you as their delegate.`);
    case 'delegate.revoked':
      return asPatient
        ? make('intentStatus', 'Delegate removed', `${who(data.delegate)} no longer decides for you.`)
        : make('intentStatus', 'Delegation ended', `${who(data.patient)} removed you as their delegate.`);
    case 'research.consent':
      return make(
        'intentStatus',
        'Research consent changed',
        `Research use now covers ${categoriesIn(data.categories)}.`,
      );
    case 'credential.issued':
      return make('intentStatus', 'Credential issued', 'Your MediCrypt credential was issued.');
    case 'credential.revoked':
      return make('intentStatus', 'Credential revoked', 'Your MediCrypt credential was revoked.');
    case 'grant.expiring':
      return make(
        'accessRequests',
        'Access ends soon',
        asPatient
          ? `${who(data.grantee)}’s access to ${categoryList((data.categories as string[] | undefined) ?? [])} ends ${formatDateTime(text(data.expiresAt))}.`
          : `Your access to ${who(data.patient)}’s records ends ${formatDateTime(text(data.expiresAt))}.`,
      );
    default:
      return undefined;
  }
}
