// What every renderer of one record shares: the index its references resolve in, the resource whose elements
// are being shown (references like "#med0320" are resolved from it), and how dates are written.
import {
  type DateDisplayOptions,
  type FhirResource,
  formatFhirDate,
  formatPeriod,
  ResourceIndex,
} from '@medicrypt/fhir';
import type { Period, Reference } from 'fhir/r4';
import { createContext, type ReactNode, useContext, useMemo } from 'react';

interface FhirDisplay {
  index: ResourceIndex;
  holder: FhirResource | undefined;
  dates: DateDisplayOptions;
}

const emptyIndex = new ResourceIndex({ resourceType: 'Bundle', type: 'collection' });
const Context = createContext<FhirDisplay>({ index: emptyIndex, holder: undefined, dates: {} });

/** The top of one record: indexes `root` for the views inside. `dates` defaults to the reader's locale. */
export function FhirRecordProvider({
  root,
  dates,
  children,
}: {
  root: FhirResource;
  dates?: DateDisplayOptions;
  children: ReactNode;
}) {
  const value = useMemo(
    () => ({ index: new ResourceIndex(root), holder: root, dates: dates ?? {} }),
    [root, dates],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** Marks `resource` as the one whose references the views inside resolve. */
export function HolderProvider({ resource, children }: { resource: FhirResource; children: ReactNode }) {
  const outer = useContext(Context);
  const value = useMemo(() => ({ ...outer, holder: resource }), [outer, resource]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useFhirDisplay(): FhirDisplay {
  return useContext(Context);
}

/** Resolves a reference inside this record, from the current resource. */
export function useResolve(): (reference: Reference | undefined) => FhirResource | undefined {
  const { index, holder } = useContext(Context);
  return (reference) => index.resolve(reference, holder);
}

/** Writes FHIR dates and periods as the reader reads them. */
export function useDates() {
  const { dates } = useContext(Context);
  return {
    date: (value: unknown) => formatFhirDate(value, dates),
    period: (value: Period | undefined) => formatPeriod(value, dates),
  };
}
