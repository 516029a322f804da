// A decrypted record shown in the records page: FHIR rendered for a clinician, anything else as InlineMedia.
import { useMemo } from 'react';
import { FhirRecordView } from './fhir-view/FhirRecordView.tsx';
import { fileKind } from './file-kind.ts';
import { InlineMedia, type InlineMediaProps } from './InlineMedia.tsx';

export function InlineFile(props: InlineMediaProps) {
  const kind = useMemo(() => fileKind(props.contentType, props.bytes), [props.contentType, props.bytes]);
  return kind === 'fhir' ? <FhirRecordView bytes={props.bytes} /> : <InlineMedia {...props} />;
}
