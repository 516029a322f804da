// A decrypted file or attachment shown in the records page: a PDF in the browser's own viewer, an image or
// text; anything else is offered as a copy to save. (FHIR is rendered by InlineFile.)
import { useMemo, useState } from 'react';
import { fileKind } from './file-kind.ts';
import { useObjectUrl } from './object-url.ts';

export interface InlineMediaProps {
  bytes: Uint8Array;
  contentType: string;
  name: string;
}

function PdfFrame({ bytes, name }: { bytes: Uint8Array; name: string }) {
  // The blob carries exactly application/pdf, whatever parameters the record's type had, so the frame can only
  // ever hold the browser's PDF viewer.
  const url = useObjectUrl(bytes, 'application/pdf');
  if (!url) return null;
  return <iframe className="inline-pdf" src={url} title={`${name} (PDF)`} />;
}

function ImageFile({ bytes, contentType, name }: InlineMediaProps) {
  const url = useObjectUrl(bytes, contentType);
  const [failed, setFailed] = useState(false);
  if (failed) return <p className="notice">This image could not be shown here: save a copy to open it.</p>;
  if (!url) return null;
  return <img className="inline-image" src={url} alt={name} onError={() => setFailed(true)} />;
}

function TextFile({ bytes }: { bytes: Uint8Array }) {
  const text = useMemo(() => new TextDecoder().decode(bytes), [bytes]);
  return <pre className="mono inline-text">{text}</pre>;
}

export function InlineMedia({ bytes, contentType, name }: InlineMediaProps) {
  const kind = useMemo(() => fileKind(contentType, bytes), [contentType, bytes]);
  if (kind === 'pdf') return <PdfFrame bytes={bytes} name={name} />;
  if (kind === 'image') return <ImageFile bytes={bytes} contentType={contentType} name={name} />;
  if (kind === 'text' || kind === 'fhir') return <TextFile bytes={bytes} />;
  return (
    <p className="notice">
      {contentType === 'application/pdf'
        ? 'This file says it is a PDF but is not one, so it is not shown here: save a copy to look at it.'
        : `This kind of file (${contentType}) is not shown here: save a copy to open it.`}
    </p>
  );
}
