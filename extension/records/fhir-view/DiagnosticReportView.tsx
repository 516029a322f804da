// A DiagnosticReport: the report's name and status, its results (Observations contained in it or in the same
// Bundle) as a table flagged against their ranges, the conclusion, and the report as issued (presentedForm:
// a PDF or image shown inline).
import { conceptCodes, conceptList, conceptText } from '@medicrypt/fhir';
import type { DiagnosticReport, Observation, Reference } from 'fhir/r4';
import { AttachmentView } from './AttachmentView.tsx';
import { Facts, joined } from './Facts.tsx';
import { useDates, useResolve } from './fhir-display-context.tsx';
import { useEffectiveText } from './ObservationView.tsx';
import { useReferenceList, useReferenceText } from './Ref.tsx';
import { ResourceCard } from './ResourceCard.tsx';
import { ResultRow, ResultTable } from './ResultTable.tsx';
import { statusTag } from './status-tags.ts';

function ReportResult({ reference }: { reference: Reference }) {
  const resolve = useResolve();
  const referenceText = useReferenceText();
  const result = resolve(reference);
  if (result?.resourceType !== 'Observation')
    return (
      <tr>
        <th scope="row">{referenceText(reference) ?? 'A result'}</th>
        <td colSpan={3} className="muted">
          Not included in this record
        </td>
      </tr>
    );
  const observation = result as unknown as Observation;
  return <ResultRow name={conceptText(observation.code) ?? 'Result'} holder={observation} />;
}

export function DiagnosticReportView({ resource }: { resource: DiagnosticReport }) {
  const dates = useDates();
  const effective = useEffectiveText();
  const references = useReferenceList();
  const referenceText = useReferenceText();
  const results = Array.isArray(resource.result) ? resource.result : [];
  const forms = Array.isArray(resource.presentedForm) ? resource.presentedForm : [];
  return (
    <ResourceCard
      kind={joined(conceptList(resource.category)) ?? 'Diagnostic report'}
      title={conceptText(resource.code) ?? 'Diagnostic report'}
      tags={[statusTag(resource.status)]}
    >
      <Facts
        facts={[
          ['Codes', joined(conceptCodes(resource.code))],
          ['When', effective(resource)],
          ['Issued', dates.date(resource.issued)],
          ['Performed by', references(resource.performer)],
          ['Interpreted by', references(resource.resultsInterpreter)],
          ['Specimen', references(resource.specimen)],
          ['Imaging', references(resource.imagingStudy)],
          ['Subject', referenceText(resource.subject)],
        ]}
      />
      {results.length > 0 && (
        <ResultTable label="Results" first="Result">
          {results.map((reference, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a result may be listed twice
            <ReportResult key={index} reference={reference} />
          ))}
        </ResultTable>
      )}
      {(resource.conclusion || (resource.conclusionCode ?? []).length > 0) && (
        <section aria-label="Conclusion" className="fhir-conclusion">
          <h4 className="fhir-subheading">Conclusion</h4>
          {typeof resource.conclusion === 'string' && <p>{resource.conclusion}</p>}
          {conceptList(resource.conclusionCode).length > 0 && (
            <p className="muted">{joined(conceptList(resource.conclusionCode))}</p>
          )}
        </section>
      )}
      {(resource.media ?? []).length > 0 && (
        <Facts
          facts={[
            [
              'Images',
              joined(
                (resource.media ?? []).map((media) => joined([media?.comment, referenceText(media?.link)])),
              ),
            ],
          ]}
        />
      )}
      {forms.length > 0 && (
        <section aria-label="Report as issued">
          <h4 className="fhir-subheading">Report as issued</h4>
          {forms.map((attachment, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: attachments have no identity of their own
            <AttachmentView key={index} attachment={attachment} />
          ))}
        </section>
      )}
    </ResourceCard>
  );
}
