// MedicationStatement (what the patient takes or took) and MedicationRequest (a prescription): the medication,
// resolved from a contained or bundled Medication when referenced; its status; each dosage as the prescriber
// wrote it and as its structured elements say; the period; and for a prescription, what may be dispensed.
import {
  conceptCodes,
  conceptList,
  conceptText,
  dosageSummary,
  formatQuantity,
  formatRatio,
} from '@medicrypt/fhir';
import type {
  CodeableConcept,
  Dosage,
  Medication,
  MedicationRequest,
  MedicationStatement,
  Reference,
} from 'fhir/r4';
import { Facts, joined } from './Facts.tsx';
import { useDates, useResolve } from './fhir-display-context.tsx';
import { Notes } from './Notes.tsx';
import { useReferenceList, useReferenceText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { statusTag } from './status-tags.ts';

interface MedicationChoice {
  medicationCodeableConcept?: CodeableConcept;
  medicationReference?: Reference;
}

/** The medication taken or prescribed, and the Medication resource it refers to when the record holds it. */
function useMedication(resource: MedicationChoice) {
  const resolve = useResolve();
  const referenceText = useReferenceText();
  const medication = resolve(resource.medicationReference) as Medication | undefined;
  const concept = resource.medicationCodeableConcept ?? medication?.code;
  const name = conceptText(concept) ?? referenceText(resource.medicationReference) ?? 'Unnamed medication';
  return { name, concept, medication };
}

function MedicationDetails({ medication }: { medication: Medication | undefined }) {
  const { date } = useDates();
  if (!medication) return null;
  const ingredients = (medication.ingredient ?? []).map((ingredient) => {
    const item = conceptText(ingredient?.itemCodeableConcept) ?? ingredient?.itemReference?.display;
    const strength = formatRatio(ingredient?.strength);
    return item && strength && !item.includes(strength) ? `${item} (${strength})` : item;
  });
  return (
    <Facts
      facts={[
        ['Form', conceptText(medication.form)],
        ['Ingredients', joined(ingredients)],
        ['Amount', formatRatio(medication.amount)],
        ['Lot', medication.batch?.lotNumber],
        ['Expires', date(medication.batch?.expirationDate)],
      ]}
    />
  );
}

function Dosages({ dosages, heading }: { dosages: readonly Dosage[] | undefined; heading: string }) {
  const shown = Array.isArray(dosages)
    ? [...dosages].sort((a, b) => (a?.sequence ?? 0) - (b?.sequence ?? 0))
    : [];
  if (shown.length === 0) return null;
  return (
    <section aria-label={heading}>
      <h4 className="fhir-subheading">{heading}</h4>
      <ul className="fhir-dosages">
        {shown.map((dosage, index) => {
          const summary = dosageSummary(dosage);
          const written = typeof dosage?.text === 'string' && dosage.text !== '' ? dosage.text : undefined;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: dosages have no identity of their own
            <li key={index}>
              {written && <p className="fhir-dosage-text">{written}</p>}
              {summary && <p className={written ? 'muted' : undefined}>{summary}</p>}
              {typeof dosage?.patientInstruction === 'string' && (
                <p className="muted">For the patient: {dosage.patientInstruction}</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function MedicationStatementView({ resource }: { resource: MedicationStatement }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const references = useReferenceList();
  const { name, concept, medication } = useMedication(resource);
  return (
    <ResourceCard kind="Medication" title={name} tags={[statusTag(resource.status)]}>
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(concept))],
          ['Taken', dates.date(resource.effectiveDateTime) ?? dates.period(resource.effectivePeriod)],
          ['Recorded', dates.date(resource.dateAsserted)],
          ['Reason', joined([...conceptList(resource.reasonCode), references(resource.reasonReference)])],
          ['Status reason', joined(conceptList(resource.statusReason))],
          ['Category', conceptText(resource.category)],
          ['Information from', referenceText(resource.informationSource)],
          ['Subject', referenceText(resource.subject)],
        ]}
      />
      <MedicationDetails medication={medication} />
      <Dosages dosages={resource.dosage} heading="Dosage" />
      <Notes notes={resource.note} />
    </ResourceCard>
  );
}

export function MedicationRequestView({ resource }: { resource: MedicationRequest }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const references = useReferenceList();
  const { name, concept, medication } = useMedication(resource);
  const dispense = resource.dispenseRequest;
  const repeats = dispense?.numberOfRepeatsAllowed;
  return (
    <ResourceCard
      kind="Prescription"
      title={name}
      tags={[
        statusTag(resource.status),
        statusTag(resource.intent, 'Intent: '),
        statusTag(resource.priority),
      ]}
    >
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(concept))],
          ['Prescribed', dates.date(resource.authoredOn)],
          ['Prescriber', referenceText(resource.requester)],
          ['Reason', joined([...conceptList(resource.reasonCode), references(resource.reasonReference)])],
          ['Valid', dates.period(dispense?.validityPeriod)],
          ['Quantity', formatQuantity(dispense?.quantity)],
          ['Supply', formatQuantity(dispense?.expectedSupplyDuration)],
          ['Repeats allowed', typeof repeats === 'number' ? String(repeats) : undefined],
          [
            'Substitution',
            resource.substitution
              ? joined([
                  resource.substitution.allowedBoolean === false
                    ? 'Not allowed'
                    : resource.substitution.allowedBoolean
                      ? 'Allowed'
                      : conceptText(resource.substitution.allowedCodeableConcept),
                  conceptText(resource.substitution.reason),
                ])
              : undefined,
          ],
          ['Course', conceptText(resource.courseOfTherapyType)],
          ['Subject', referenceText(resource.subject)],
        ]}
      />
      <MedicationDetails medication={medication} />
      <Dosages dosages={resource.dosageInstruction} heading="Dosage instructions" />
      <Notes notes={resource.note} />
    </ResourceCard>
  );
}
