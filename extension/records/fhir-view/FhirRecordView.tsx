// A decrypted FHIR record as a clinician reads it, with its raw JSON behind a toggle. A record that is not
// valid FHIR R4 is explained in a sentence, and its text is still there to read.
import { type DateDisplayOptions, type FhirResource, FhirValidationError, parseFhir } from '@medicrypt/fhir';
import { useId, useMemo, useState } from 'react';
import { FhirRecordProvider } from './fhir-display-context.tsx';
import { ResourceView } from './ResourceView.tsx';

type Parsed = { resource: FhirResource; problem?: undefined } | { resource?: undefined; problem: string };

function parse(bytes: Uint8Array): Parsed {
  try {
    return { resource: parseFhir(bytes) };
  } catch (error) {
    return {
      problem:
        error instanceof FhirValidationError
          ? error.explain('This record')
          : 'This record could not be read as FHIR.',
    };
  }
}

function rawText(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function FhirRecordView({ bytes, dates }: { bytes: Uint8Array; dates?: DateDisplayOptions }) {
  const parsed = useMemo(() => parse(bytes), [bytes]);
  const [showRaw, setShowRaw] = useState(false);
  const rawId = useId();
  return (
    <div className="fhir-record">
      {parsed.resource ? (
        <FhirRecordProvider root={parsed.resource} {...(dates ? { dates } : {})}>
          <ResourceView resource={parsed.resource} />
        </FhirRecordProvider>
      ) : (
        <p className="notice notice-warning" role="status">
          {parsed.problem}
        </p>
      )}
      <p>
        <button
          type="button"
          className="link-button"
          aria-expanded={showRaw}
          aria-controls={rawId}
          onClick={() => setShowRaw((shown) => !shown)}
        >
          {showRaw ? 'Hide the raw JSON' : 'Show the raw JSON'}
        </button>
      </p>
      {showRaw && (
        <pre id={rawId} className="mono fhir-raw">
          {rawText(bytes)}
        </pre>
      )}
    </div>
  );
}
