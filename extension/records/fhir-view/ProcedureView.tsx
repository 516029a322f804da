// A Procedure: what was done, when, by whom, why, and how it went.
import { conceptCodes, conceptList, conceptText } from '@medicrypt/fhir';
import type { Procedure } from 'fhir/r4';
import { Facts, joined } from './Facts.tsx';
import { useDates } from './fhir-display-context.tsx';
import { Notes } from './Notes.tsx';
import { whenText } from './onset-text.ts';
import { usePerformersText, useReferenceList, useReferenceText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { statusTag } from './status-tags.ts';

export function ProcedureView({ resource }: { resource: Procedure }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const references = useReferenceList();
  const performers = usePerformersText()(resource.performer);
  return (
    <ResourceCard
      kind={conceptText(resource.category) ?? 'Procedure'}
      title={conceptText(resource.code) ?? 'Procedure'}
      tags={[statusTag(resource.status)]}
    >
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(resource.code))],
          ['Performed', whenText(resource, 'performed', dates)],
          ['Not done because', conceptText(resource.statusReason)],
          ['Performed by', performers],
          ['Location', referenceText(resource.location)],
          ['Reason', joined([...conceptList(resource.reasonCode), references(resource.reasonReference)])],
          ['Body site', joined(conceptList(resource.bodySite))],
          ['Outcome', conceptText(resource.outcome)],
          [
            'Complications',
            joined([...conceptList(resource.complication), references(resource.complicationDetail)]),
          ],
          ['Follow-up', joined(conceptList(resource.followUp))],
          ['Report', references(resource.report)],
          ['Recorded by', referenceText(resource.recorder)],
          ['Asserted by', referenceText(resource.asserter)],
          ['Subject', referenceText(resource.subject)],
        ]}
      />
      <Notes notes={resource.note} />
    </ResourceCard>
  );
}
