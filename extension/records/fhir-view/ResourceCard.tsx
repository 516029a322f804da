// The frame every resource is shown in: what kind of entry it is, its name, its status tags, then its details.
import type { ReactNode } from 'react';

export interface Tag {
  text: string;
  tone?: 'danger' | 'warning' | 'muted';
}

export function ResourceCard({
  kind,
  title,
  tags = [],
  children,
}: {
  kind: string;
  title: string;
  tags?: readonly (Tag | undefined)[];
  children?: ReactNode;
}) {
  const shown = tags.filter((tag): tag is Tag => tag !== undefined && tag.text !== '');
  return (
    <article className="fhir-resource" aria-label={`${kind}: ${title}`}>
      <header className="fhir-resource-header">
        <p className="fhir-kind muted">{kind}</p>
        <h3 className="fhir-title">{title}</h3>
        {shown.length > 0 && (
          <p className="fhir-tags">
            {shown.map((tag, index) => (
              <span key={tag.text}>
                {index > 0 && ' '}
                <span className={`tag${tag.tone ? ` fhir-tag-${tag.tone}` : ''}`}>{tag.text}</span>
              </span>
            ))}
          </p>
        )}
      </header>
      {children}
    </article>
  );
}
