// A Condition: the diagnosis, whether it is active and confirmed, how severe, since when.
import { conceptCodes, conceptList, conceptText } from '@medicrypt/fhir';
import type { Condition } from 'fhir/r4';
import { Facts, joined } from './Facts.tsx';
import { useDates } from './fhir-display-context.tsx';
import { Notes } from './Notes.tsx';
import { whenText } from './onset-text.ts';
import { useReferenceList, useReferenceText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { conceptTag } from './status-tags.ts';

export function ConditionView({ resource }: { resource: Condition }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const references = useReferenceList();
  const categories = conceptList(resource.category);
  return (
    <ResourceCard
      kind={categories[0] ?? 'Condition'}
      title={conceptText(resource.code) ?? 'Condition'}
      tags={[conceptTag(resource.clinicalStatus), conceptTag(resource.verificationStatus)]}
    >
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(resource.code))],
          ['Severity', conceptText(resource.severity)],
          ['Onset', whenText(resource, 'onset', dates)],
          ['Abated', whenText(resource, 'abatement', dates)],
          ['Recorded', dates.date(resource.recordedDate)],
          ['Body site', joined(conceptList(resource.bodySite))],
          ['Stage', joined((resource.stage ?? []).map((stage) => conceptText(stage?.summary)))],
          ['Category', joined(categories)],
          ['Recorded by', referenceText(resource.recorder)],
          ['Asserted by', referenceText(resource.asserter)],
          [
            'Evidence',
            joined(
              (resource.evidence ?? []).flatMap((evidence) => [
                ...conceptList(evidence?.code),
                references(evidence?.detail),
              ]),
            ),
          ],
          ['Subject', referenceText(resource.subject)],
        ]}
      />
      <Notes notes={resource.note} />
    </ResourceCard>
  );
}
