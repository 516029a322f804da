// Finding what a reference points at inside one record: a contained resource ("#med0320"), a Bundle entry by
// its fullUrl ("urn:uuid:…"), or a relative reference ("Observation/r1") resolved against the fullUrl of the
// entry that holds it, as FHIR R4 resolves references in bundles (https://hl7.org/fhir/R4/bundle.html#references).
// Nothing outside the record is ever fetched: an unresolved reference is shown by its own display.
import type { Reference } from 'fhir/r4.js';
import type { FhirResource } from '../fhir-resource.ts';

interface Entry {
  fullUrl?: string;
  resource: FhirResource;
}

const RESTFUL = /^(.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

function isResource(value: unknown): value is FhirResource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}

export class ResourceIndex {
  readonly entries: readonly Entry[];
  readonly #byFullUrl = new Map<string, FhirResource>();
  readonly #byTypeAndId = new Map<string, FhirResource>();
  readonly #fullUrlOf = new WeakMap<object, string>();
  readonly #containerOf = new WeakMap<object, FhirResource>();

  /** Indexes `root`: a resource and what it contains, or a Bundle and each of its entries. */
  constructor(readonly root: FhirResource) {
    const entries: Entry[] = [];
    const rawEntries = root.resourceType === 'Bundle' && Array.isArray(root.entry) ? root.entry : [];
    for (const entry of rawEntries as { fullUrl?: unknown; resource?: unknown }[]) {
      if (!entry || !isResource(entry.resource)) continue;
      entries.push({
        resource: entry.resource,
        ...(typeof entry.fullUrl === 'string' ? { fullUrl: entry.fullUrl } : {}),
      });
    }
    this.entries = entries;
    for (const { fullUrl, resource } of entries) {
      if (fullUrl) {
        this.#byFullUrl.set(fullUrl, resource);
        this.#fullUrlOf.set(resource, fullUrl);
      }
      if (typeof resource.id === 'string') {
        const key = `${resource.resourceType}/${resource.id}`;
        if (!this.#byTypeAndId.has(key)) this.#byTypeAndId.set(key, resource);
      }
    }
    for (const resource of [root, ...entries.map((entry) => entry.resource)]) this.#indexContained(resource);
  }

  #indexContained(resource: FhirResource): void {
    const contained = resource.contained;
    if (!Array.isArray(contained)) return;
    for (const inner of contained) if (isResource(inner)) this.#containerOf.set(inner, resource);
  }

  /** The entry's fullUrl of `resource`, if it is a Bundle entry. */
  fullUrlOf(resource: FhirResource): string | undefined {
    return this.#fullUrlOf.get(resource);
  }

  /** Whether `resource` is one of the Bundle's entries. */
  isEntry(resource: FhirResource): boolean {
    return this.entries.some((entry) => entry.resource === resource);
  }

  /**
   * The resource `reference` points at, seen from `holder` (the resource whose element holds the reference):
   * undefined when it is not in this record.
   */
  resolve(reference: Reference | string | undefined, holder?: FhirResource): FhirResource | undefined {
    const target = typeof reference === 'string' ? reference : reference?.reference;
    if (typeof target !== 'string' || target === '') return undefined;
    if (target.startsWith('#')) {
      const container = (holder && this.#containerOf.get(holder)) ?? holder ?? this.root;
      if (target === '#') return container;
      const contained = Array.isArray(container.contained) ? container.contained : [];
      return contained.find(
        (inner): inner is FhirResource => isResource(inner) && inner.id === target.slice(1),
      );
    }
    const exact = this.#byFullUrl.get(target);
    if (exact) return exact;
    const restful = RESTFUL.exec(target);
    if (!restful) return undefined;
    const [, base, type, id] = restful;
    if (!base) {
      // Relative: against the base of the holder's fullUrl when it is a RESTful URL, then by type and id.
      const holderEntry = holder && (this.#fullUrlOf.get(holder) ?? this.#containerFullUrl(holder));
      const holderBase = holderEntry ? RESTFUL.exec(holderEntry)?.[1] : undefined;
      const absolute = holderBase ? this.#byFullUrl.get(`${holderBase}${type}/${id}`) : undefined;
      if (absolute) return absolute;
    }
    const byId = this.#byTypeAndId.get(`${type}/${id}`);
    // An absolute URL only matches an entry whose fullUrl is the same resource on the same server.
    if (base && byId) {
      const fullUrl = this.#fullUrlOf.get(byId);
      return fullUrl === undefined || fullUrl === `${base}${type}/${id}` ? byId : undefined;
    }
    return byId;
  }

  #containerFullUrl(resource: FhirResource): string | undefined {
    const container = this.#containerOf.get(resource);
    return container ? this.#fullUrlOf.get(container) : undefined;
  }
}
