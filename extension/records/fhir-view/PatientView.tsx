// A Patient: who the record is about, as the header of a summary or an entry of a bundle.
import { conceptText, humanizeCode, humanNameText } from '@medicrypt/fhir';
import type { Patient } from 'fhir/r4';
import { Facts, joined } from './Facts.tsx';
import { useDates } from './fhir-display-context.tsx';
import { useReferenceList } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';

export function PatientView({ resource }: { resource: Patient }) {
  const dates = useDates();
  const references = useReferenceList();
  const identifiers = (resource.identifier ?? []).map((identifier) => {
    const type = conceptText(identifier?.type);
    return identifier?.value ? (type ? `${identifier.value} (${type})` : identifier.value) : undefined;
  });
  const addresses = (resource.address ?? []).map(
    (address) =>
      address?.text ??
      joined([...(address?.line ?? []), address?.city, address?.postalCode, address?.country]),
  );
  return (
    <ResourceCard
      kind="Patient"
      title={humanNameText(resource.name) ?? 'Unnamed patient'}
      tags={[
        resource.deceasedBoolean || resource.deceasedDateTime
          ? { text: 'Deceased', tone: 'warning' }
          : undefined,
      ]}
    >
      <Facts
        facts={[
          ['Born', dates.date(resource.birthDate)],
          ['Gender', typeof resource.gender === 'string' ? humanizeCode(resource.gender) : undefined],
          ['Died', dates.date(resource.deceasedDateTime)],
          ['Identifiers', joined(identifiers)],
          ['Address', joined(addresses)],
          ['Phone or email', joined((resource.telecom ?? []).map((telecom) => telecom?.value))],
          [
            'Language',
            joined((resource.communication ?? []).map((language) => conceptText(language?.language))),
          ],
          ['General practitioner', references(resource.generalPractitioner)],
          ['Organization', references(resource.managingOrganization ? [resource.managingOrganization] : [])],
        ]}
      />
    </ResourceCard>
  );
}
