// An Encounter (a visit or stay): its kind, when and how long, why, who took part, the diagnoses, and the
// admission and discharge when it was a hospital stay.
import { codingText, conceptList, conceptText, formatQuantity, humanizeCode } from '@medicrypt/fhir';
import type { Encounter } from 'fhir/r4';
import { Facts, joined } from './Facts.tsx';
import { useDates } from './fhir-display-context.tsx';
import { useReferenceList, useReferenceText, useRolesText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { statusTag } from './status-tags.ts';

export function EncounterView({ resource }: { resource: Encounter }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const references = useReferenceList();
  const encounterClass = codingText(resource.class);
  const types = conceptList(resource.type);
  const participants = useRolesText()(
    (resource.participant ?? []).map((participant) => ({
      who: participant?.individual,
      role: joined(conceptList(participant?.type)),
    })),
  );
  const diagnoses = [...(resource.diagnosis ?? [])]
    .sort((a, b) => (a?.rank ?? Number.MAX_SAFE_INTEGER) - (b?.rank ?? Number.MAX_SAFE_INTEGER))
    .map((diagnosis) => {
      const what = referenceText(diagnosis?.condition);
      const use = conceptText(diagnosis?.use);
      return what && use ? `${what} (${use})` : what;
    });
  const stay = resource.hospitalization;
  return (
    <ResourceCard
      kind="Encounter"
      title={types[0] ?? (encounterClass ? humanizeCode(encounterClass) : 'Encounter')}
      tags={[statusTag(resource.status)]}
    >
      <Facts
        facts={[
          ['Class', encounterClass],
          ['Type', joined(types)],
          ['Service', conceptText(resource.serviceType)],
          ['Priority', conceptText(resource.priority)],
          ['When', dates.period(resource.period)],
          ['Length', formatQuantity(resource.length)],
          ['Reason', joined([...conceptList(resource.reasonCode), references(resource.reasonReference)])],
          ['Diagnoses', joined(diagnoses)],
          ['Participants', participants],
          ['Admitted from', referenceText(stay?.origin)],
          ['Admission source', conceptText(stay?.admitSource)],
          ['Discharged', conceptText(stay?.dischargeDisposition)],
          ['Discharged to', referenceText(stay?.destination)],
          ['Diet', joined(conceptList(stay?.dietPreference))],
          [
            'Location',
            joined((resource.location ?? []).map((location) => referenceText(location?.location))),
          ],
          ['Service provider', referenceText(resource.serviceProvider)],
          ['Subject', referenceText(resource.subject)],
        ]}
      />
    </ResourceCard>
  );
}
