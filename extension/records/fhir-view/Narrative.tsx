// A resource's or section's XHTML narrative as plain text. The markup comes from whoever wrote the record, so it
// is never put into this page: it is parsed into an inert document (no scripts run, nothing loads) and only
// its text is kept, one line per block.
const BLOCKS = new Set([
  'P',
  'DIV',
  'BR',
  'LI',
  'TR',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TABLE',
  'UL',
  'OL',
]);

export function narrativeText(xhtml: unknown): string | undefined {
  if (typeof xhtml !== 'string' || xhtml.trim() === '' || typeof DOMParser === 'undefined') return undefined;
  const body = new DOMParser().parseFromString(xhtml, 'text/html').body;
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : undefined;
    if (element && (element.tagName === 'SCRIPT' || element.tagName === 'STYLE')) return;
    if (element?.tagName === 'TD' || element?.tagName === 'TH') parts.push(' ');
    node.childNodes.forEach(walk);
    if (element && BLOCKS.has(element.tagName)) parts.push('\n');
  };
  walk(body);
  const text = parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  return text || undefined;
}

export function Narrative({ xhtml, label = 'As written in the record' }: { xhtml: unknown; label?: string }) {
  const text = narrativeText(xhtml);
  if (!text) return null;
  return (
    <figure className="fhir-narrative">
      <figcaption className="muted">{label}</figcaption>
      <p>{text}</p>
    </figure>
  );
}
