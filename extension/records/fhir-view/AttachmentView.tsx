// An Attachment carried inside a resource (a report's presentedForm): its bytes shown inline like any decrypted
// file. An attachment that is only a URL is named, never opened: following it would tell its server who reads
// the record.
import type { Attachment } from 'fhir/r4';
import { useMemo } from 'react';
import { InlineMedia } from '../InlineMedia.tsx';

function decodeBase64(data: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(data.replace(/\s+/g, '')), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const bytes = useMemo(
    () => (typeof attachment.data === 'string' ? decodeBase64(attachment.data) : undefined),
    [attachment.data],
  );
  const contentType =
    typeof attachment.contentType === 'string' ? attachment.contentType : 'application/octet-stream';
  const title = typeof attachment.title === 'string' && attachment.title ? attachment.title : 'Attachment';
  return (
    <figure className="fhir-attachment">
      <figcaption>
        <strong>{title}</strong> <span className="muted">{contentType}</span>
      </figcaption>
      {bytes ? (
        <InlineMedia bytes={bytes} contentType={contentType} name={title} />
      ) : typeof attachment.data === 'string' ? (
        <p className="notice">This attachment's data is damaged and cannot be shown.</p>
      ) : typeof attachment.url === 'string' ? (
        <p className="muted">
          Kept elsewhere, at <span className="mono">{attachment.url}</span> (not opened from here).
        </p>
      ) : (
        <p className="muted">This attachment has no content in the record.</p>
      )}
    </figure>
  );
}
