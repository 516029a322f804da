// Results as a table a clinician scans: name, value, interpretation, reference range; a row outside its range
// stands out. Used for a report's results and an observation's components.
import { conceptList, interpretationLevel, observationValueText, referenceRangeText } from '@medicrypt/fhir';
import type { Observation, ObservationComponent } from 'fhir/r4';
import type { ReactNode } from 'react';
import { joined } from './Facts.tsx';
import { useFhirDisplay } from './fhir-display-context.tsx';

export function ResultTable({
  label,
  first,
  children,
}: {
  label: string;
  first: string;
  children: ReactNode;
}) {
  return (
    <table className="fhir-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Value</th>
          <th scope="col">Interpretation</th>
          <th scope="col">Reference range</th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** One result or component: its value flagged by its interpretation, against its reference ranges. */
export function ResultRow({ name, holder }: { name: ReactNode; holder: Observation | ObservationComponent }) {
  const { dates } = useFhirDisplay();
  const level = interpretationLevel(holder.interpretation);
  const ranges = Array.isArray(holder.referenceRange) ? holder.referenceRange.map(referenceRangeText) : [];
  return (
    <tr className={level && level !== 'normal' ? 'fhir-row-abnormal' : undefined}>
      <th scope="row">{name}</th>
      <td>{observationValueText(holder, dates) ?? '—'}</td>
      <td>{joined(conceptList(holder.interpretation)) ?? ''}</td>
      <td>{joined(ranges) ?? ''}</td>
    </tr>
  );
}
