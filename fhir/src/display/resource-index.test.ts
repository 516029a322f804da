import type { Composition } from 'fhir/r4.js';
import { describe, expect, it } from 'vitest';
import { officialExamples } from '../../examples/index.ts';
import type { FhirResource } from '../fhir-resource.ts';
import { ResourceIndex } from './resource-index.ts';
import { referenceText, resourceLabel, resourceTypeLabel } from './resource-label.ts';

const {
  diagnosticReportBundle: diagnosticReport,
  ipsDocument: ips,
  ipsAllSections,
  medicationRequest,
} = officialExamples;

const indexOf = (value: unknown) => new ResourceIndex(value as FhirResource);

describe('references inside one record', () => {
  it('resolve a contained resource from the resource that holds it', () => {
    const index = indexOf(medicationRequest);
    const medication = index.resolve(medicationRequest.medicationReference, index.root);
    expect(medication).toMatchObject({ resourceType: 'Medication', id: 'med0320' });
    expect(referenceText(medicationRequest.medicationReference, medication)).toBe(
      'Azithromycin 250mg capsule (product)',
    );
    expect(index.resolve({ reference: '#nothing' }, index.root)).toBeUndefined();
  });

  it('resolve relative references against the fullUrl of the entry that holds them (diagnosticreport-example)', () => {
    const index = indexOf(diagnosticReport);
    const report = index.entries[0]!.resource;
    const results = (report.result as { reference: string }[]).map((reference) =>
      index.resolve(reference, report),
    );
    expect(results.map((result) => result?.id)).toEqual(Array.from({ length: 17 }, (_, i) => `r${i + 1}`));
    expect(index.resolve('https://example.com/base/Observation/r3')?.id).toBe('r3');
    expect(index.resolve('https://elsewhere.example/fhir/Observation/r3')).toBeUndefined();
    expect(index.resolve('Patient/pat2', report)).toBeUndefined();
  });

  it('resolve urn:uuid references of the International Patient Summary, and name what they point at', () => {
    const index = indexOf(ips);
    const composition = index.entries[0]!.resource as unknown as Composition;
    const subject = index.resolve(composition.subject, index.root);
    expect(subject?.resourceType).toBe('Patient');
    expect(referenceText(composition.subject, subject)).toBe('Martha DeLarosa');
    const author = index.resolve(composition.author[0], index.root);
    expect(resourceLabel(author)).toBe('Beetje van Hulp');
    const sections = (composition.section ?? []).map((section) =>
      (section.entry ?? []).map((entry) => index.resolve(entry)?.resourceType),
    );
    expect(sections.flat()).not.toContain(undefined);
  });

  it('resolve relative references in a bundle whose fullUrls are RESTful (bundle-ips-all-sections)', () => {
    const index = indexOf(ipsAllSections);
    const composition = index.entries[0]!.resource as { section?: { entry?: { reference: string }[] }[] };
    const referenced = (composition.section ?? []).flatMap((section) => section.entry ?? []);
    expect(referenced.length).toBeGreaterThan(30);
    for (const reference of referenced)
      expect(index.resolve(reference, index.entries[0]!.resource)).toBeDefined();
  });

  it('name resource types in words', () => {
    expect(resourceTypeLabel('AllergyIntolerance')).toBe('Allergy or intolerance');
    expect(resourceTypeLabel('DeviceUseStatement')).toBe('Device use statement');
    expect(resourceTypeLabel(undefined)).toBe('Resource');
  });
});
