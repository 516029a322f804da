// Consent as the indexed events tell it: the requests between patients and doctors with their outcome, the active
// grants and break-glass openings, and credentials. A fold over chain_events in event order, mirroring what the
// registry's storage holds, so the API answers `who may read what` from Postgres without calling the chain.
import { categoriesOf, purposes, roles } from '@medicrypt/contracts';
import { type Kysely, sql } from 'kysely';
import type { ChainEventRow, Database } from '../db/schema.ts';

export type RequestStatus = 'pending' | 'approved' | 'denied' | 'superseded';

export interface AccessRequest {
  /** `<patient>:<doctor>:<nonce>`: the registry identifies a request by the pair and the consent nonce. */
  id: string;
  patient: string;
  doctor: string;
  categories: string[];
  purpose: string;
  durationSeconds: number;
  nonce: number;
  status: RequestStatus;
  requestedAt: string | null;
  decidedAt: string | null;
  /** When approved: what the patient granted (possibly narrower and shorter than asked). */
  granted: { categories: string[]; expiresAt: string } | null;
  decidedBy: string | null;
}

export interface Grant {
  patient: string;
  grantee: string;
  kind: 'consent' | 'break-glass';
  categories: string[];
  categoryMask: string;
  expiresAt: string;
  grantedAt: string | null;
  reason: string | null;
  /** The pair's consent nonce now: the one the next approve, deny or revoke intent must carry. */
  nonce: number;
}

/** A patient's settings as the registry holds them, with the nonces their next intents must carry. */
export interface PatientSettings {
  breakGlassAllowed: boolean;
  settingsNonce: number;
  delegates: { delegate: string; since: string | null; nonce: number }[];
  /** Delegations that ended, for the nonce of a new appointment of the same delegate. */
  delegationNonces: Record<string, number>;
  research: { purpose: string; categories: string[]; nonce: number }[];
}

/** Where a doctor stands with one patient: what the doctor's next request or break-glass intent needs. */
export interface AccessStanding {
  patient: string;
  doctor: string;
  /** The pair's consent nonce: the one the doctor's next `requestAccess` must carry. */
  nonce: number;
  /** The pair's break-glass nonce: the one the doctor's next `openBreakGlass` must carry. */
  breakGlassNonce: number;
  /** Whether the patient allows emergency access (the registry refuses `openBreakGlass` otherwise). */
  breakGlassAllowed: boolean;
  /** The doctor's latest request to this patient, decided or not. */
  latestRequest: AccessRequest | null;
  /** Consent and break-glass access the doctor holds now. */
  grants: Grant[];
}

/** The state of one (patient, grantee) pair after folding its events. */
interface PairState {
  nonce: number;
  breakGlassNonce: number;
  pending: AccessRequest | undefined;
  grant: { categories: bigint; expiresAt: number; at: string | null } | undefined;
  breakGlass: { categories: bigint; expiresAt: number; at: string | null; reason: string } | undefined;
  requests: AccessRequest[];
}

const pairEvents = ['AccessRequested', 'AccessApproved', 'AccessDenied', 'AccessRevoked', 'BreakGlassOpened'];
const purposeNames = Object.fromEntries(Object.entries(purposes).map(([name, code]) => [code, name]));

type Args = Record<string, string | number | boolean>;
const lower = (address: string) => address.toLowerCase();
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export class ConsentView {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every request naming the patient and/or doctor, newest first. */
  async requests(filter: { patient?: string; doctor?: string }): Promise<AccessRequest[]> {
    const pairs = await this.fold(filter);
    return [...pairs.values()]
      .flatMap((pair) => pair.requests)
      .sort((a, b) => (b.requestedAt ?? '').localeCompare(a.requestedAt ?? ''));
  }

  /** Grants (consent and break-glass) in force at `now`. */
  async grants(filter: { patient?: string; grantee?: string }, now = new Date()): Promise<Grant[]> {
    const pairs = await this.fold({ patient: filter.patient, doctor: filter.grantee });
    return [...pairs].flatMap(([key, pair]) => grantsOf(key, pair, now));
  }

  /** Where `doctor` stands with `patient`: nonces for the next intents, the latest request, access held. */
  async standing(patient: string, doctor: string, now = new Date()): Promise<AccessStanding> {
    const key = `${lower(patient)}|${lower(doctor)}`;
    const [pairs, settings] = await Promise.all([this.fold({ patient, doctor }), this.settings(patient)]);
    const pair = pairs.get(key);
    return {
      patient: lower(patient),
      doctor: lower(doctor),
      nonce: pair?.nonce ?? 0,
      breakGlassNonce: pair?.breakGlassNonce ?? 0,
      breakGlassAllowed: settings.breakGlassAllowed,
      latestRequest: pair?.requests.at(-1) ?? null,
      grants: pair ? grantsOf(key, pair, now) : [],
    };
  }

  /** Break-glass setting, delegates and research consent of a patient, from the indexed events. */
  async settings(patient: string): Promise<PatientSettings> {
    const events = await this.db
      .selectFrom('chain_events')
      .selectAll()
      .where('event_name', 'in', [
        'BreakGlassSettingChanged',
        'DelegateAppointed',
        'DelegateRevoked',
        'ResearchConsentChanged',
      ])
      .where(sql<boolean>`args @> ${JSON.stringify({ patient: lower(patient) })}::jsonb`)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute();
    const settings: PatientSettings = {
      breakGlassAllowed: true,
      settingsNonce: 0,
      delegates: [],
      delegationNonces: {},
      research: [],
    };
    const delegates = new Map<string, { delegate: string; since: string | null; nonce: number }>();
    const research = new Map<string, { purpose: string; categories: string[]; nonce: number }>();
    for (const event of events) {
      const args = event.args as Args;
      const at = event.block_time ? event.block_time.toISOString() : null;
      const nonce = Number(args.nonce);
      switch (event.event_name) {
        case 'BreakGlassSettingChanged':
          settings.breakGlassAllowed = Boolean(args.allowed);
          settings.settingsNonce = nonce;
          break;
        case 'DelegateAppointed':
          delegates.set(String(args.delegate), { delegate: String(args.delegate), since: at, nonce });
          settings.delegationNonces[String(args.delegate)] = nonce;
          break;
        case 'DelegateRevoked':
          delegates.delete(String(args.delegate));
          settings.delegationNonces[String(args.delegate)] = nonce;
          break;
        case 'ResearchConsentChanged': {
          const purpose = purposeNames[Number(args.purpose)] ?? String(args.purpose);
          research.set(purpose, {
            purpose,
            categories: categoriesOf(BigInt(args.categories as string)),
            nonce,
          });
          break;
        }
      }
    }
    settings.delegates = [...delegates.values()];
    settings.research = [...research.values()];
    return settings;
  }

  /** The patients for whom `delegate` may decide now (an appointment not revoked since). */
  async delegationsOf(delegate: string): Promise<{ patient: string; since: string | null; nonce: number }[]> {
    const events = await this.db
      .selectFrom('chain_events')
      .selectAll()
      .where('event_name', 'in', ['DelegateAppointed', 'DelegateRevoked'])
      .where(sql<boolean>`args @> ${JSON.stringify({ delegate: lower(delegate) })}::jsonb`)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute();
    const active = new Map<string, { patient: string; since: string | null; nonce: number }>();
    for (const event of events) {
      const args = event.args as Args;
      const patient = String(args.patient);
      if (event.event_name === 'DelegateRevoked') active.delete(patient);
      else
        active.set(patient, {
          patient,
          since: event.block_time ? event.block_time.toISOString() : null,
          nonce: Number(args.nonce),
        });
    }
    return [...active.values()];
  }

  /**
   * Whether `grantee` may read the patient's records of `category` at `now`, as the registry's `hasAccess`
   * decides: a grant or break-glass covering the category, and a doctor credential still valid.
   */
  async hasAccess(patient: string, grantee: string, category: number, now = new Date()): Promise<boolean> {
    const bit = 1n << BigInt(category);
    const grants = await this.grants({ patient: lower(patient), grantee: lower(grantee) }, now);
    if (!grants.some((grant) => (BigInt(grant.categoryMask) & bit) !== 0n)) return false;
    return (await this.credentials(grantee, now)).includes('doctor');
  }

  /** The credential roles (`doctor`, `researcher`) the account holds at `now`, from the indexed events. */
  async credentials(account: string, now = new Date()): Promise<string[]> {
    const events = await this.db
      .selectFrom('chain_events')
      .selectAll()
      .where('event_name', 'in', ['CredentialIssued', 'CredentialRevoked'])
      .where(sql<boolean>`args @> ${JSON.stringify({ account: lower(account) })}::jsonb`)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute();
    const expiry = new Map<number, number>();
    for (const event of events) {
      const args = event.args as Args;
      const role = Number(args.role);
      if (event.event_name === 'CredentialIssued') expiry.set(role, Number(args.expiresAt));
      else expiry.delete(role);
    }
    const seconds = Math.floor(now.getTime() / 1000);
    return (Object.entries(roles) as [string, number][])
      .filter(([, role]) => (expiry.get(role) ?? 0) > seconds)
      .map(([name]) => name);
  }

  private async fold(filter: { patient?: string; doctor?: string }): Promise<Map<string, PairState>> {
    let query = this.db
      .selectFrom('chain_events')
      .selectAll()
      .where('event_name', 'in', pairEvents)
      .orderBy('block_number')
      .orderBy('log_index');
    if (filter.patient)
      query = query.where(sql<boolean>`args @> ${JSON.stringify({ patient: lower(filter.patient) })}::jsonb`);
    if (filter.doctor) {
      const doctor = lower(filter.doctor);
      query = query.where(
        sql<boolean>`(args @> ${JSON.stringify({ doctor })}::jsonb or args @> ${JSON.stringify({ grantee: doctor })}::jsonb)`,
      );
    }
    const pairs = new Map<string, PairState>();
    for (const event of await query.execute()) applyEvent(pairs, event);
    return pairs;
  }
}

/** The grants (consent and break-glass) one pair holds at `now`. */
function grantsOf(key: string, pair: PairState, now: Date): Grant[] {
  const [patient, grantee] = key.split('|') as [string, string];
  const seconds = Math.floor(now.getTime() / 1000);
  const grants: Grant[] = [];
  if (pair.grant && pair.grant.expiresAt > seconds && pair.grant.categories !== 0n)
    grants.push({
      patient,
      grantee,
      kind: 'consent',
      categories: categoriesOf(pair.grant.categories),
      categoryMask: pair.grant.categories.toString(),
      expiresAt: iso(pair.grant.expiresAt),
      grantedAt: pair.grant.at,
      reason: null,
      nonce: pair.nonce,
    });
  if (pair.breakGlass && pair.breakGlass.expiresAt > seconds)
    grants.push({
      patient,
      grantee,
      kind: 'break-glass',
      categories: categoriesOf(pair.breakGlass.categories),
      categoryMask: pair.breakGlass.categories.toString(),
      expiresAt: iso(pair.breakGlass.expiresAt),
      grantedAt: pair.breakGlass.at,
      reason: pair.breakGlass.reason,
      nonce: pair.nonce,
    });
  return grants;
}

function applyEvent(pairs: Map<string, PairState>, event: ChainEventRow): void {
  const args = event.args as Args;
  const patient = String(args.patient);
  const grantee = String(args.doctor ?? args.grantee);
  const key = `${patient}|${grantee}`;
  let pair = pairs.get(key);
  if (!pair) {
    pair = {
      nonce: 0,
      breakGlassNonce: 0,
      pending: undefined,
      grant: undefined,
      breakGlass: undefined,
      requests: [],
    };
    pairs.set(key, pair);
  }
  const at = event.block_time ? event.block_time.toISOString() : null;
  // Break-glass has its own nonce (breakGlassOf); every other pair event carries the consent nonce.
  if (event.event_name !== 'BreakGlassOpened') pair.nonce = Number(args.nonce);
  switch (event.event_name) {
    case 'AccessRequested': {
      if (pair.pending) pair.pending.status = 'superseded';
      const request: AccessRequest = {
        id: `${patient}:${grantee}:${args.nonce}`,
        patient,
        doctor: grantee,
        categories: categoriesOf(BigInt(args.categories as string)),
        purpose: purposeNames[Number(args.purpose)] ?? String(args.purpose),
        durationSeconds: Number(args.duration),
        nonce: Number(args.nonce),
        status: 'pending',
        requestedAt: at,
        decidedAt: null,
        granted: null,
        decidedBy: null,
      };
      pair.pending = request;
      pair.requests.push(request);
      break;
    }
    case 'AccessApproved': {
      const categories = BigInt(args.categories as string);
      const expiresAt = Number(args.expiresAt);
      pair.grant = { categories, expiresAt, at };
      if (pair.pending) {
        Object.assign(pair.pending, {
          status: 'approved',
          decidedAt: at,
          decidedBy: String(args.actor),
          granted: { categories: categoriesOf(categories), expiresAt: iso(expiresAt) },
        });
        pair.pending = undefined;
      }
      break;
    }
    case 'AccessDenied':
      if (pair.pending) {
        Object.assign(pair.pending, { status: 'denied', decidedAt: at, decidedBy: String(args.actor) });
        pair.pending = undefined;
      }
      break;
    case 'AccessRevoked':
      pair.grant = undefined;
      pair.breakGlass = undefined;
      break;
    case 'BreakGlassOpened':
      pair.breakGlassNonce = Number(args.nonce);
      pair.breakGlass = {
        categories: BigInt(args.categories as string),
        expiresAt: Number(args.expiresAt),
        at,
        reason: String(args.reason),
      };
      break;
  }
}
