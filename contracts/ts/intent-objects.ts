// Which on-chain object each intent changes, and which objects it depends on. Intents on the same object are
// ordered by the object's nonce (the registry's replay protection); an intent must not be applied before the
// intents it depends on. The relayer keys its ordering, conflicts and simulations on these.
import type { Address } from 'viem';
import { roles } from './codes.ts';
import type { AnyIntentMessage } from './intents.ts';
import { studyIdOf } from './studies.ts';

export interface IntentObject {
  /** The storage object the intent changes, e.g. `consent:<patient>:<grantee>`. */
  key: string;
  /** The object version the intent names (`null` for record intents, protected by digest existence instead). */
  nonce: number | null;
  /** Objects whose pending changes must apply first (the actor's credential or delegation). */
  dependsOn: string[];
}

const lower = (address: Address) => address.toLowerCase();

export const objectKeys = {
  consent: (patient: Address, grantee: Address) => `consent:${lower(patient)}:${lower(grantee)}`,
  breakGlass: (patient: Address, doctor: Address) => `breakglass:${lower(patient)}:${lower(doctor)}`,
  credential: (account: Address, role: number) => `credential:${lower(account)}:${role}`,
  delegation: (patient: Address, delegate: Address) => `delegation:${lower(patient)}:${lower(delegate)}`,
  settings: (patient: Address) => `settings:${lower(patient)}`,
  research: (patient: Address, purpose: number) => `research:${lower(patient)}:${purpose}`,
  /** A study exists once: protected by its id's existence, not a nonce. */
  study: (studyId: string) => `study:${studyId.toLowerCase()}`,
  studyConsent: (patient: Address, studyId: string) =>
    `studyconsent:${lower(patient)}:${studyId.toLowerCase()}`,
  /** A patient's record intents are applied in the order received: versions chain through digests. */
  records: (patient: Address) => `records:${lower(patient)}`,
};

/** A patient-side action by someone else depends on that delegation. */
function actingFor(actor: Address, patient: Address): string[] {
  return lower(actor) === lower(patient) ? [] : [objectKeys.delegation(patient, actor)];
}

export function intentObject(intent: AnyIntentMessage): IntentObject {
  switch (intent.name) {
    case 'issueCredential':
    case 'revokeCredential': {
      const { account, role, nonce } = intent.message;
      return { key: objectKeys.credential(account, role), nonce, dependsOn: [] };
    }
    case 'requestAccess': {
      const { actor, patient, nonce } = intent.message;
      return {
        key: objectKeys.consent(patient, actor),
        nonce,
        dependsOn: [objectKeys.credential(actor, roles.doctor)],
      };
    }
    case 'approveAccess':
    case 'denyAccess':
    case 'revokeAccess': {
      const { actor, patient, grantee, nonce } = intent.message;
      return { key: objectKeys.consent(patient, grantee), nonce, dependsOn: actingFor(actor, patient) };
    }
    case 'openBreakGlass': {
      const { actor, patient, nonce } = intent.message;
      return {
        key: objectKeys.breakGlass(patient, actor),
        nonce,
        dependsOn: [objectKeys.credential(actor, roles.doctor), objectKeys.settings(patient)],
      };
    }
    case 'setBreakGlassAllowed': {
      const { actor, patient, nonce } = intent.message;
      return { key: objectKeys.settings(patient), nonce, dependsOn: actingFor(actor, patient) };
    }
    case 'appointDelegate':
    case 'revokeDelegate': {
      const { patient, delegate, nonce } = intent.message;
      return { key: objectKeys.delegation(patient, delegate), nonce, dependsOn: [] };
    }
    case 'setResearchConsent': {
      const { actor, patient, purpose, nonce } = intent.message;
      return { key: objectKeys.research(patient, purpose), nonce, dependsOn: actingFor(actor, patient) };
    }
    case 'registerStudy': {
      const { actor, protocolHash } = intent.message;
      return {
        key: objectKeys.study(studyIdOf(actor, protocolHash)),
        nonce: null,
        dependsOn: [objectKeys.credential(actor, roles.researcher)],
      };
    }
    case 'setStudyConsent': {
      const { actor, patient, studyId, nonce } = intent.message;
      return {
        key: objectKeys.studyConsent(patient, studyId),
        nonce,
        dependsOn: [...actingFor(actor, patient), objectKeys.study(studyId)],
      };
    }
    case 'registerRecord':
    case 'updateRecord':
    case 'removeRecord': {
      const { actor, patient } = intent.message;
      return { key: objectKeys.records(patient), nonce: null, dependsOn: actingFor(actor, patient) };
    }
  }
}
