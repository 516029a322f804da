// The shapes the relayer's API answers with (relayer/src/*/…-router.ts), as the extension reads them.
// Addresses come back lowercase; category and purpose names are @medicrypt/contracts' names.
import type { CategoryName, PurposeName } from '@medicrypt/contracts';
import type { Address } from 'viem';

export interface TokensResponse {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  account: Address;
  credentials: string[];
}

export type RequestStatus = 'pending' | 'approved' | 'denied' | 'superseded';

export interface AccessRequest {
  id: string;
  patient: string;
  doctor: string;
  categories: CategoryName[];
  purpose: PurposeName | string;
  durationSeconds: number;
  /** The consent nonce after this request: the one the patient's decision must carry. */
  nonce: number;
  status: RequestStatus;
  requestedAt: string | null;
  decidedAt: string | null;
  granted: { categories: CategoryName[]; expiresAt: string } | null;
  decidedBy: string | null;
}

export interface Grant {
  patient: string;
  grantee: string;
  kind: 'consent' | 'break-glass';
  categories: CategoryName[];
  categoryMask: string;
  expiresAt: string;
  grantedAt: string | null;
  reason: string | null;
  /** The pair's consent nonce now: the one a revoke must carry. */
  nonce: number;
}

/** A doctor's standing with one patient (GET /v1/access/standing). */
export interface AccessStanding {
  patient: string;
  doctor: string;
  /** The consent nonce the doctor's next `requestAccess` carries. */
  nonce: number;
  /** The break-glass nonce the doctor's next `openBreakGlass` carries. */
  breakGlassNonce: number;
  breakGlassAllowed: boolean;
  latestRequest: AccessRequest | null;
  grants: Grant[];
}

export type RecordStatus = 'unregistered' | 'current' | 'superseded' | 'removed';

export interface RecordView {
  cid: string;
  digest: string;
  codec: number;
  patient: string;
  recordId: string;
  version: number;
  contentType: string;
  /** The category's bit position (`categories[name]`). */
  category: number;
  name: string;
  size: number;
  uploadedAt: string;
  status: RecordStatus;
}

export interface PatientSettings {
  breakGlassAllowed: boolean;
  settingsNonce: number;
  delegates: { delegate: string; since: string | null; nonce: number }[];
  /** Ended delegations: the nonce a new appointment of the same delegate carries. */
  delegationNonces: Record<string, number>;
  research: { purpose: PurposeName | string; categories: CategoryName[]; nonce: number }[];
}

export interface RelayerNotification {
  /** The indexed event's id: Last-Event-ID of the notification stream. */
  id: string;
  type: string;
  at: string | null;
  blockNumber: string;
  transactionHash: string;
  data: Record<string, unknown>;
}

export interface AccessLog {
  opened: { accessor: string; cid: string; action: string; at: string }[];
  consentEvents: RelayerNotification[];
}

export type IntentStatus =
  | 'received'
  | 'queued'
  | 'batched'
  | 'submitted'
  | 'mined'
  | 'confirmed'
  | 'failed'
  | 'expired';

export const finalIntentStatuses: readonly IntentStatus[] = ['confirmed', 'failed', 'expired'];

export interface IntentView {
  id: string;
  type: string;
  actor: string;
  status: IntentStatus;
  failure: { code: string; reason: string | null } | null;
}

/** A research study registered on chain, with its published protocol and the viewer's consent. */
export interface StudyView {
  studyId: string;
  researcher: string;
  purpose: PurposeName | string;
  categories: CategoryName[];
  endsAt: string;
  protocolHash: string;
  /** The protocol the researcher published (title, summary, ethics reference, …), when published here. */
  protocol: StudyProtocol | null;
  registeredAt: string | null;
  active: boolean;
  /** The viewer's own consent, with the nonce their next setStudyConsent intent carries. */
  myConsent: { granted: boolean; nonce: number };
}

/** What the researcher published (the relayer checked its shape; the chain holds its hash). */
export interface StudyProtocol {
  title: string;
  description: string;
  purpose: PurposeName;
  categories: CategoryName[];
  inclusionCriteria: string;
  durationDays: number;
  ethicsReference: string;
  contact?: string;
}
