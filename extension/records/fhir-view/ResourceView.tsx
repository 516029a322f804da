// Which view shows a resource, and the two that hold others: a Bundle (its entries, each once) and a
// Composition (a clinical document such as the International Patient Summary: its sections in order, each
// with the entries it references, resolved inside the record). Every view is guarded: a resource its view
// cannot show falls back to the generic view, and that to a sentence.
import { conceptText, type FhirResource, resourceTypeLabel } from '@medicrypt/fhir';
import type { Bundle, Composition, CompositionSection, Reference } from 'fhir/r4';
import type { ComponentType } from 'react';
import { AllergyIntoleranceView } from './AllergyIntoleranceView.tsx';
import { ConditionView } from './ConditionView.tsx';
import { DiagnosticReportView } from './DiagnosticReportView.tsx';
import { EncounterView } from './EncounterView.tsx';
import { Facts, joined } from './Facts.tsx';
import {
  FhirRecordProvider,
  HolderProvider,
  useDates,
  useFhirDisplay,
  useResolve,
} from './fhir-display-context.tsx';
import { GenericResourceView } from './GenericResourceView.tsx';
import { ImmunizationView } from './ImmunizationView.tsx';
import { MedicationRequestView, MedicationStatementView } from './MedicationUseView.tsx';
import { Narrative } from './Narrative.tsx';
import { ObservationView } from './ObservationView.tsx';
import { PatientView } from './PatientView.tsx';
import { ProcedureView } from './ProcedureView.tsx';
import { useReferenceList, useReferenceText } from './Ref.tsx';
import { RenderGuard } from './RenderGuard.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { statusTag } from './status-tags.ts';

// biome-ignore lint/suspicious/noExplicitAny: each view takes its own R4 type; the map is keyed by resourceType
const views: Record<string, ComponentType<{ resource: any }>> = {
  Observation: ObservationView,
  Condition: ConditionView,
  AllergyIntolerance: AllergyIntoleranceView,
  MedicationStatement: MedicationStatementView,
  MedicationRequest: MedicationRequestView,
  Immunization: ImmunizationView,
  Procedure: ProcedureView,
  DiagnosticReport: DiagnosticReportView,
  Encounter: EncounterView,
  Patient: PatientView,
  Composition: CompositionView,
  Bundle: BundleView,
};

function Unshowable({ resource }: { resource: FhirResource }) {
  return (
    <p className="notice">
      Part of this record ({resourceTypeLabel(resource.resourceType)}) could not be shown; it is in the raw
      JSON.
    </p>
  );
}

/** A resource in the view made for its type, or the generic one. */
export function ResourceView({ resource }: { resource: FhirResource }) {
  const View = views[resource.resourceType] ?? GenericResourceView;
  const generic = (
    <RenderGuard fallback={<Unshowable resource={resource} />}>
      <GenericResourceView resource={resource} />
    </RenderGuard>
  );
  return (
    <HolderProvider resource={resource}>
      <RenderGuard fallback={generic}>
        <View resource={resource} />
      </RenderGuard>
    </HolderProvider>
  );
}

/** An entry a section or report points at: its view, or what the reference says when the record lacks it. */
function ReferencedEntry({ reference }: { reference: Reference }) {
  const resolve = useResolve();
  const referenceText = useReferenceText();
  const resource = resolve(reference);
  if (resource) return <ResourceView resource={resource} />;
  return <p className="muted">{referenceText(reference) ?? 'An entry'} (not included in this record)</p>;
}

function Section({ section, level }: { section: CompositionSection; level: number }) {
  const entries = Array.isArray(section.entry) ? section.entry : [];
  const subsections = Array.isArray(section.section) ? section.section : [];
  const title = section.title ?? conceptText(section.code) ?? 'Section';
  const Heading = level === 0 ? 'h3' : 'h4';
  const empty = conceptText(section.emptyReason);
  return (
    <section className="fhir-section" aria-label={title}>
      <Heading className="fhir-section-title">{title}</Heading>
      {entries.map((reference, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a section may list an entry twice
        <ReferencedEntry key={index} reference={reference} />
      ))}
      {entries.length === 0 && empty && <p className="muted">Nothing recorded: {empty}.</p>}
      {entries.length === 0 && <Narrative xhtml={section.text?.div} />}
      {entries.length === 0 && !empty && !section.text?.div && subsections.length === 0 && (
        <p className="muted">Nothing recorded.</p>
      )}
      {subsections.map((subsection, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections have no identity of their own
        <Section key={index} section={subsection} level={level + 1} />
      ))}
    </section>
  );
}

// HL7 v3 Confidentiality codes, which a document's confidentiality is drawn from.
const confidentialityWords: Record<string, string> = {
  U: 'Unrestricted',
  L: 'Low',
  M: 'Moderate',
  N: 'Normal',
  R: 'Restricted',
  V: 'Very restricted',
};

function confidentiality(code: unknown): string | undefined {
  return typeof code === 'string' ? (confidentialityWords[code] ?? code) : undefined;
}

export function CompositionView({ resource }: { resource: Composition }) {
  const dates = useDates();
  const references = useReferenceList();
  const resolve = useResolve();
  const subject = resolve(resource.subject);
  const attesters = (resource.attester ?? []).map((attester) =>
    joined([references(attester?.party ? [attester.party] : []), dates.date(attester?.time)]),
  );
  return (
    <div className="fhir-document">
      <ResourceCard
        kind={conceptText(resource.type) ?? 'Clinical document'}
        title={resource.title ?? conceptText(resource.type) ?? 'Clinical document'}
        tags={[statusTag(resource.status)]}
      >
        <Facts
          facts={[
            ['Date', dates.date(resource.date)],
            ['Author', references(resource.author)],
            ['Attested by', joined(attesters)],
            ['Custodian', references(resource.custodian ? [resource.custodian] : [])],
            ['About', subject ? undefined : references(resource.subject ? [resource.subject] : [])],
            ['Confidentiality', confidentiality(resource.confidentiality)],
          ]}
        />
      </ResourceCard>
      {subject && <ResourceView resource={subject} />}
      {(resource.section ?? []).map((section, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections have no identity of their own
        <Section key={index} section={section} level={0} />
      ))}
    </div>
  );
}

/** The references a resource's own view already shows the targets of (a report's results, a panel's members). */
function shownWithin(resource: FhirResource): Reference[] {
  const element = resource as { result?: unknown; hasMember?: unknown };
  const lists = [element.result, element.hasMember];
  return lists.flatMap((list) => (Array.isArray(list) ? (list as Reference[]) : []));
}

export function BundleView({ resource }: { resource: Bundle }) {
  const { index, dates } = useFhirDisplay();
  const local = index.root === (resource as unknown as FhirResource);
  // A bundle inside a bundle resolves its own entries' references.
  if (!local)
    return (
      <FhirRecordProvider root={resource as unknown as FhirResource} dates={dates}>
        <BundleView resource={resource} />
      </FhirRecordProvider>
    );
  const entries = (resource.entry ?? []).flatMap((entry) =>
    entry?.resource && typeof entry.resource.resourceType === 'string'
      ? [entry.resource as unknown as FhirResource]
      : [],
  );
  const first = entries[0];
  // A document is read through its Composition, which orders everything else.
  if (resource.type === 'document' && first?.resourceType === 'Composition')
    return <ResourceView resource={first} />;
  const inside = new Set<FhirResource>();
  for (const entry of entries)
    for (const reference of shownWithin(entry)) {
      const target = index.resolve(reference, entry);
      if (target && target !== entry) inside.add(target);
    }
  const shown = entries.filter((entry) => !inside.has(entry));
  return (
    <div className="fhir-bundle">
      <p className="muted">
        {resourceTypeLabel('Bundle')} of {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
        {resource.type ? ` (${resource.type})` : ''}
        {inside.size > 0 ? `; ${inside.size} shown inside the report that lists them` : ''}
      </p>
      {shown.map((entry, position) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: entries need not have ids
        <ResourceView key={position} resource={entry} />
      ))}
    </div>
  );
}
