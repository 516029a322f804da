// An AllergyIntolerance: the substance, how dangerous (criticality), its status, and each reaction with what
// happened (manifestation) and how severe it was.
import { conceptCodes, conceptList, conceptText, humanizeCode } from '@medicrypt/fhir';
import type { AllergyIntolerance, AllergyIntoleranceReaction } from 'fhir/r4';
import { Facts, joined } from './Facts.tsx';
import { useDates } from './fhir-display-context.tsx';
import { Notes } from './Notes.tsx';
import { whenText } from './onset-text.ts';
import { useReferenceText } from './Ref.tsx';
import { ResourceCard, type Tag } from './ResourceCard.tsx';
import { conceptTag } from './status-tags.ts';

const criticalityWords: Record<string, Tag> = {
  high: { text: 'High criticality', tone: 'danger' },
  low: { text: 'Low criticality' },
  'unable-to-assess': { text: 'Criticality unknown', tone: 'warning' },
};

function Reaction({ reaction }: { reaction: AllergyIntoleranceReaction }) {
  const dates = useDates();
  const manifestations = joined(conceptList(reaction.manifestation)) ?? 'Reaction';
  return (
    <li className="fhir-reaction">
      <p>
        <strong>{manifestations}</strong>{' '}
        {typeof reaction.severity === 'string' && (
          <span className={`tag${reaction.severity === 'severe' ? ' fhir-tag-danger' : ''}`}>
            {humanizeCode(reaction.severity)}
          </span>
        )}
      </p>
      <Facts
        facts={[
          ['Substance', conceptText(reaction.substance)],
          ['Onset', dates.date(reaction.onset)],
          ['Exposure route', conceptText(reaction.exposureRoute)],
          ['Description', reaction.description],
        ]}
      />
      <Notes notes={reaction.note} />
    </li>
  );
}

export function AllergyIntoleranceView({ resource }: { resource: AllergyIntolerance }) {
  const dates = useDates();
  const referenceText = useReferenceText();
  const reactions = Array.isArray(resource.reaction) ? resource.reaction : [];
  const kind =
    resource.type === 'intolerance'
      ? 'Intolerance'
      : resource.type === 'allergy'
        ? 'Allergy'
        : 'Allergy or intolerance';
  const categories = Array.isArray(resource.category)
    ? resource.category.map((category) => humanizeCode(String(category)))
    : [];
  return (
    <ResourceCard
      kind={categories.length > 0 ? `${kind} · ${categories.join(', ')}` : kind}
      title={conceptText(resource.code) ?? 'Unknown substance'}
      tags={[
        typeof resource.criticality === 'string' ? criticalityWords[resource.criticality] : undefined,
        conceptTag(resource.clinicalStatus),
        conceptTag(resource.verificationStatus),
      ]}
    >
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(resource.code))],
          ['Onset', whenText(resource, 'onset', dates)],
          ['Last occurrence', dates.date(resource.lastOccurrence)],
          ['Recorded', dates.date(resource.recordedDate)],
          ['Recorded by', referenceText(resource.recorder)],
          ['Asserted by', referenceText(resource.asserter)],
          ['Patient', referenceText(resource.patient)],
        ]}
      />
      {reactions.length > 0 && (
        <section aria-label="Reactions">
          <h4 className="fhir-subheading">Reactions</h4>
          <ul className="fhir-reactions">
            {reactions.map((reaction, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: reactions have no identity of their own
              <Reaction key={index} reaction={reaction} />
            ))}
          </ul>
        </section>
      )}
      <Notes notes={resource.note} />
    </ResourceCard>
  );
}
