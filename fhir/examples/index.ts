// HL7's official examples (see README.md for where each comes from), typed as the R4 resources they are, for
// the tests of the validator and of every renderer.
import type {
  AllergyIntolerance,
  Bundle,
  Condition,
  DiagnosticReport,
  Encounter,
  Immunization,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Procedure,
  Specimen,
} from 'fhir/r4.js';
import ipsAllSections from './ips/Bundle-bundle-ips-all-sections.json' with { type: 'json' };
import ipsDocument from './ips/Bundle-IPS-examples-Bundle-01.json' with { type: 'json' };
import allergy from './r4/AllergyIntolerance-example.json' with { type: 'json' };
import diagnosticReportBundle from './r4/Bundle-101.json' with { type: 'json' };
import condition from './r4/Condition-example.json' with { type: 'json' };
import ctReport from './r4/DiagnosticReport-f201.json' with { type: 'json' };
import encounter from './r4/Encounter-example.json' with { type: 'json' };
import inpatientStay from './r4/Encounter-f203.json' with { type: 'json' };
import immunization from './r4/Immunization-example.json' with { type: 'json' };
import medicationRequest from './r4/MedicationRequest-medrx0302.json' with { type: 'json' };
import medicationStatement from './r4/MedicationStatement-example001.json' with { type: 'json' };
import bloodPressure from './r4/Observation-blood-pressure.json' with { type: 'json' };
import glucose from './r4/Observation-f001.json' with { type: 'json' };
import procedure from './r4/Procedure-example.json' with { type: 'json' };
import specimen from './r4/Specimen-101.json' with { type: 'json' };

const as = <T>(value: unknown) => value as T;

export const officialExamples = {
  /** observation-example-f001-glucose */
  glucose: as<Observation>(glucose),
  /** observation-example-bloodpressure */
  bloodPressure: as<Observation>(bloodPressure),
  /** allergyintolerance-example */
  allergy: as<AllergyIntolerance>(allergy),
  /** medicationrequest0302 */
  medicationRequest: as<MedicationRequest>(medicationRequest),
  /** medicationstatementexample1 */
  medicationStatement: as<MedicationStatement>(medicationStatement),
  /** immunization-example */
  immunization: as<Immunization>(immunization),
  /** condition-example */
  condition: as<Condition>(condition),
  /** procedure-example */
  procedure: as<Procedure>(procedure),
  /** diagnosticreport-example: the report and its results in a collection Bundle */
  diagnosticReportBundle: as<Bundle>(diagnosticReportBundle),
  /** diagnosticreport-example-f201 */
  ctReport: as<DiagnosticReport>(ctReport),
  /** encounter-example */
  encounter: as<Encounter>(encounter),
  /** encounter-example-f203 */
  inpatientStay: as<Encounter>(inpatientStay),
  /** specimen-example */
  specimen: as<Specimen>(specimen),
  /** IPS-examples-Bundle-01 (hl7.fhir.uv.ips) */
  ipsDocument: as<Bundle>(ipsDocument),
  /** bundle-ips-all-sections (hl7.fhir.uv.ips) */
  ipsAllSections: as<Bundle>(ipsAllSections),
} as const;

export type OfficialExampleName = keyof typeof officialExamples;
