// An Immunization: the vaccine, when it was given (or why not), the lot, where and how, and by whom.
import { conceptCodes, conceptList, conceptText, formatQuantity } from '@medicrypt/fhir';
import type { Immunization } from 'fhir/r4';
import { Facts, joined } from './Facts.tsx';
import { useDates } from './fhir-display-context.tsx';
import { Notes } from './Notes.tsx';
import { usePerformersText, useReferenceList, useReferenceText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { statusTag } from './status-tags.ts';

export function ImmunizationView({ resource }: { resource: Immunization }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const references = useReferenceList();
  const performers = usePerformersText()(resource.performer);
  const doses = (resource.protocolApplied ?? []).map((protocol) => {
    const number = protocol?.doseNumberPositiveInt ?? protocol?.doseNumberString;
    const series = protocol?.seriesDosesPositiveInt ?? protocol?.seriesDosesString;
    const against = joined(conceptList(protocol?.targetDisease));
    const dose =
      number !== undefined ? `Dose ${number}${series !== undefined ? ` of ${series}` : ''}` : undefined;
    return joined([dose, protocol?.series, against && `against ${against}`]);
  });
  return (
    <ResourceCard
      kind="Immunization"
      title={conceptText(resource.vaccineCode) ?? 'Vaccine'}
      tags={[
        statusTag(resource.status),
        resource.isSubpotent ? { text: 'Subpotent', tone: 'warning' } : undefined,
      ]}
    >
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(resource.vaccineCode))],
          ['Given', dates.date(resource.occurrenceDateTime) ?? resource.occurrenceString],
          ['Not given because', conceptText(resource.statusReason)],
          ['Lot number', resource.lotNumber],
          ['Expires', dates.date(resource.expirationDate)],
          ['Manufacturer', referenceText(resource.manufacturer)],
          ['Dose', formatQuantity(resource.doseQuantity)],
          ['Site', conceptText(resource.site)],
          ['Route', conceptText(resource.route)],
          ['Performed by', performers],
          ['Location', referenceText(resource.location)],
          ['Protocol', joined(doses)],
          ['Reason', joined([...conceptList(resource.reasonCode), references(resource.reasonReference)])],
          ['Recorded', dates.date(resource.recorded)],
          [
            'Source',
            resource.primarySource === true
              ? 'Recorded when given'
              : (conceptText(resource.reportOrigin) ??
                (resource.primarySource === false ? 'Reported later' : undefined)),
          ],
          ['Funding', conceptText(resource.fundingSource)],
          ['Eligibility', joined(conceptList(resource.programEligibility))],
          ['Patient', referenceText(resource.patient)],
        ]}
      />
      <Notes notes={resource.note} />
    </ResourceCard>
  );
}
