// An Observation as a clinician reads a result: the value with its unit, flagged against its reference range
// and interpretation, when it was taken and by whom; components (a blood pressure's systolic and diastolic) as a
// table, and a panel's members resolved inside the record.
import {
  bloodPressureText,
  conceptCodes,
  conceptList,
  conceptText,
  formatQuantity,
  interpretationLevel,
  observationValueText,
  referenceRangeText,
  timingText,
} from '@medicrypt/fhir';
import type { Observation, ObservationComponent, ObservationReferenceRange } from 'fhir/r4';
import { Concept } from './Concept.tsx';
import { Facts, joined } from './Facts.tsx';
import { useDates, useFhirDisplay, useResolve } from './fhir-display-context.tsx';
import { Notes } from './Notes.tsx';
import { useReferenceList, useReferenceText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { ResultRow, ResultTable } from './ResultTable.tsx';
import { statusTag } from './status-tags.ts';

const categoryKinds: Record<string, string> = {
  'vital-signs': 'Vital sign',
  laboratory: 'Lab result',
  imaging: 'Imaging result',
  'social-history': 'Social history',
  survey: 'Survey',
  exam: 'Examination',
  procedure: 'Procedure result',
  therapy: 'Therapy',
  activity: 'Activity',
};

function kindOf(observation: Observation): string {
  const codes = (observation.category ?? []).flatMap((category) =>
    (category?.coding ?? []).map((coding) => coding?.code),
  );
  for (const code of codes) if (typeof code === 'string' && categoryKinds[code]) return categoryKinds[code];
  return 'Observation';
}

function rangesText(ranges: readonly ObservationReferenceRange[] | undefined): string | undefined {
  return joined(Array.isArray(ranges) ? ranges.map(referenceRangeText) : []);
}

/** The value, large, with its interpretation flag and reference range beside it. */
export function ObservationValue({ holder }: { holder: Observation | ObservationComponent }) {
  const { dates } = useFhirDisplay();
  const value = observationValueText(holder, dates);
  const level = interpretationLevel(holder.interpretation);
  const interpretation = joined(conceptList(holder.interpretation));
  const ranges = rangesText(holder.referenceRange);
  if (!value && !interpretation) return null;
  return (
    <p className={`fhir-value${level ? ` fhir-value-${level}` : ''}`}>
      {value && <strong className="fhir-value-text">{value}</strong>}{' '}
      {interpretation && (
        <span className={`tag${level === 'normal' ? '' : ' fhir-tag-danger'}`}>{interpretation}</span>
      )}{' '}
      {ranges && <span className="muted">Reference range {ranges}</span>}
    </p>
  );
}

function Components({ components }: { components: readonly ObservationComponent[] }) {
  return (
    <ResultTable label="Components" first="Component">
      {components.map((component, index) => (
        <ResultRow
          // biome-ignore lint/suspicious/noArrayIndexKey: components have no identity of their own
          key={index}
          name={<Concept concept={component.code} fallback="Component" />}
          holder={component}
        />
      ))}
    </ResultTable>
  );
}

/** When an observation was made, whichever of effective[x] it has. */
export function useEffectiveText() {
  const { date, period } = useDates();
  return (resource: {
    effectiveDateTime?: string;
    effectivePeriod?: Observation['effectivePeriod'];
    effectiveInstant?: string;
    effectiveTiming?: Observation['effectiveTiming'];
  }) =>
    date(resource.effectiveDateTime) ??
    period(resource.effectivePeriod) ??
    date(resource.effectiveInstant) ??
    timingText(resource.effectiveTiming);
}

export function ObservationView({ resource }: { resource: Observation }) {
  const { date } = useDates();
  const effective = useEffectiveText();
  const references = useReferenceList();
  const referenceText = useReferenceText();
  const resolve = useResolve();
  const title = conceptText(resource.code) ?? 'Observation';
  const components = Array.isArray(resource.component) ? resource.component : [];
  const pressure = bloodPressureText(resource);
  const members = (Array.isArray(resource.hasMember) ? resource.hasMember : []).map((reference) => ({
    reference,
    member: resolve(reference) as Observation | undefined,
  }));
  return (
    <ResourceCard kind={kindOf(resource)} title={title} tags={[statusTag(resource.status)]}>
      {pressure && (
        <p className="fhir-value">
          <strong className="fhir-value-text">{pressure}</strong>
        </p>
      )}
      <ObservationValue holder={resource} />
      {components.length > 0 && <Components components={components} />}
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(resource.code))],
          ['When', effective(resource)],
          ['Issued', date(resource.issued)],
          ['Performer', references(resource.performer)],
          ['Body site', conceptText(resource.bodySite)],
          ['Method', conceptText(resource.method)],
          ['Specimen', referenceText(resource.specimen)],
          ['Device', referenceText(resource.device)],
          ['Category', joined(conceptList(resource.category))],
          ['Subject', referenceText(resource.subject)],
        ]}
      />
      {members.length > 0 && (
        <ul className="fhir-members">
          {members.map(({ reference, member }, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same member may be listed twice
            <li key={index}>
              {member
                ? `${conceptText(member.code) ?? 'Observation'}: ${observationValueText(member) ?? formatQuantity(member.valueQuantity) ?? '—'}`
                : (referenceText(reference) ?? 'A result not included in this record')}
            </li>
          ))}
        </ul>
      )}
      <Notes notes={resource.note} />
    </ResourceCard>
  );
}
