// Reports, bundles and documents against HL7's examples: results found inside the record, the International
// Patient Summary read section by section, and what the page does with what it has no view for.
import { officialExamples } from '@medicrypt/fhir/examples';
import type { Bundle, DiagnosticReport, Observation } from 'fhir/r4';
import { afterEach, describe, expect, it } from 'vitest';
import { click, getButton, text } from '../../testing/render.tsx';
import { card, fact, renderFhir, rows } from '../../testing/render-fhir.tsx';

const { ctReport, diagnosticReportBundle, ipsAllSections, ipsDocument, specimen } = officialExamples;

afterEach(() => document.body.replaceChildren());

const sectionTitles = (container: Element) =>
  [...container.querySelectorAll('.fhir-section > .fhir-section-title')].map(text);

describe('a DiagnosticReport', () => {
  it('diagnosticreport-example: its 17 results from the Bundle as a flagged table, each shown once, and the PDF it was issued as', async () => {
    const { container } = await renderFhir(diagnosticReportBundle);
    const report = card(container, 'Hematology: Complete Blood Count');
    expect(fact(report, 'Performed by')).toBe('Acme Laboratory, Inc');
    expect(fact(report, 'Issued')).toBe('4 Mar 2011, 00:45');
    const results = rows(report.querySelector('table[aria-label="Results"]')!);
    expect(results).toHaveLength(17);
    expect(results[0]).toEqual(['Haemoglobin', '176 g/L', '', '135–180 g/L']);
    expect(results[2]).toEqual(['Haematocrit', '55%', 'High', '38–52%']);
    expect(results[8]).toEqual(['Neutrophils', '0.9 x10*9/L', 'Critically low', '2–7.5 x10*9/L']);
    expect(report.querySelectorAll('tbody tr.fhir-row-abnormal')).toHaveLength(6);
    // The Observations are entries of the Bundle too, but are not listed again beside the report.
    expect(container.querySelectorAll('article.fhir-resource')).toHaveLength(1);
    const form = report.querySelector('section[aria-label="Report as issued"]')!;
    expect(text(form)).toContain('HTML Report application/pdf');
    expect(form.querySelector('iframe')?.getAttribute('src')).toMatch(/^blob:/);
  });

  it('with its results contained in it, and one result missing from the record', async () => {
    const bundle = diagnosticReportBundle as Bundle;
    const report = bundle.entry![0]!.resource as DiagnosticReport;
    const observations = bundle.entry!.slice(1, 3).map((entry) => entry.resource as Observation);
    const { container } = await renderFhir({
      ...report,
      presentedForm: undefined,
      contained: observations,
      result: [
        ...observations.map((observation) => ({ reference: `#${observation.id}` })),
        { reference: 'Observation/gone', display: 'Ferritin' },
      ],
    });
    const shown = card(container, 'Hematology: Complete Blood Count');
    expect(rows(shown.querySelector('table')!)).toEqual([
      ['Haemoglobin', '176 g/L', '', '135–180 g/L'],
      ['Red Cell Count', '5.9 x10*12/L', '', '4.2–6 x10*12/L'],
      ['Ferritin', 'Not included in this record'],
    ]);
  });

  it('diagnosticreport-example-f201: the conclusion and its codes', async () => {
    const { container } = await renderFhir(ctReport);
    const shown = card(container, 'Radiology: CT of head-neck');
    const conclusion = shown.querySelector('section[aria-label="Conclusion"]')!;
    expect([...conclusion.querySelectorAll('p')].map(text)).toEqual([
      'CT brains: large tumor sphenoid/clivus.',
      'Malignant tumor of craniopharyngeal duct',
    ]);
    expect(fact(shown, 'Performed by')).toBe('Blijdorp MC');
  });
});

describe('the International Patient Summary', () => {
  it('IPS-examples-Bundle-01: the Composition leads, the patient follows, then each section in order with its entries', async () => {
    const { container } = await renderFhir(ipsDocument);
    const header = card(container, 'Patient summary Document: Patient Summary as of December 11, 2017 14:30');
    expect(fact(header, 'Author')).toBe('Beetje van Hulp');
    expect(fact(header, 'Confidentiality')).toBe('Normal');
    const patient = card(container, 'Patient: Martha DeLarosa');
    expect(fact(patient, 'Born')).toBe('1 May 1972');
    expect(sectionTitles(container)).toEqual([
      'Active Problems',
      'Medication',
      'Allergies and Intolerances',
      'History of Past Problems',
      'Plan of Treatment',
      'Results',
    ]);
    const medication = container.querySelector('section[aria-label="Medication"]')!;
    // MedicationStatement.medicationReference resolved to the Medication entry by its urn:uuid.
    card(medication, 'Medication: Product containing anastrozole (medicinal product)');
    const allergies = container.querySelector('section[aria-label="Allergies and Intolerances"]')!;
    expect(allergies.querySelectorAll('article')).toHaveLength(2);
    card(allergies, 'Allergy · Medication: Substance with penicillin structure (substance)');
    // A section with no entries shows what its narrative says.
    expect(text(container.querySelector('section[aria-label="Plan of Treatment"]')!)).toContain(
      'Continue hormone medication with Anastrozole for total of 5 years',
    );
    expect(text(container)).not.toContain('not included in this record');
  });

  it('bundle-ips-all-sections: every section, relative references resolved, unknown types read generically', async () => {
    const { container } = await renderFhir(ipsAllSections);
    const titles = sectionTitles(container);
    expect(titles).toHaveLength(16);
    expect(titles.slice(0, 4)).toEqual([
      'Problem List',
      'Allergies and Intolerances',
      'Medication Summary',
      'Immunizations',
    ]);
    expect(
      container.querySelector('section[aria-label="Immunizations"]')!.querySelectorAll('article'),
    ).toHaveLength(8);
    const vitals = container.querySelector('section[aria-label="Vital Signs"]')!;
    expect(text(card(vitals, 'Vital sign: Blood pressure').querySelector('.fhir-value-text')!)).toBe(
      '140/80 mmHg',
    );
    const alert = card(container.querySelector('section[aria-label="Alerts"]')!, 'Flag: Shellfish free diet');
    expect(fact(alert, 'Category')).toBe('Diet');
    expect(text(alert)).not.toContain('Generated Narrative');
    expect(text(container)).not.toContain('not included in this record');
  });
});

describe('what has no view of its own', () => {
  it('specimen-example reads by its elements, dates as dates, references by name', async () => {
    const { container } = await renderFhir(specimen);
    const shown = card(container, 'Specimen: Venous blood specimen');
    expect(fact(shown, 'Subject')).toBe('Peter Patient');
    expect(fact(shown, 'Received time')).toBe('4 Mar 2011, 07:03');
    expect(fact(shown, 'Type')).toBe('Venous blood specimen');
    expect(text(shown)).toContain('Specimen is grossly lipemic');
    expect(text(shown)).not.toMatch(/\[object Object\]|"coding"/);
  });

  it('malformed elements the validator lets through never break the view', async () => {
    const { container } = await renderFhir({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Odd result' },
      // Valid enough for the validator, not what the Observation view expects.
      component: 'not a list',
      referenceRange: [{ low: 'three' }],
      hasMember: 5,
    });
    const shown = card(container, 'Observation: Odd result');
    expect(text(shown)).not.toContain('three');
  });

  it('raw JSON sits behind a toggle', async () => {
    const { container } = await renderFhir(specimen);
    expect(container.querySelector('pre')).toBeNull();
    await click(getButton(container, 'Show the raw JSON'));
    expect(text(container.querySelector('pre')!)).toContain('"resourceType": "Specimen"');
    expect(getButton(container, 'Hide the raw JSON').getAttribute('aria-expanded')).toBe('true');
  });

  it('an invalid record is explained in a sentence, and its text is still there to read', async () => {
    const { container } = await renderFhir({ resourceType: 'Condition', code: { text: 'Asthma' } });
    expect(text(container.querySelector('[role="status"]')!)).toBe(
      'This record is not a valid FHIR R4 record: the Condition has no subject (the patient it is about), which FHIR R4 requires.',
    );
    await click(getButton(container, 'Show the raw JSON'));
    expect(text(container.querySelector('pre')!)).toContain('"Asthma"');
    const broken = await renderFhir('{"resourceType": "Observation",');
    expect(text(broken.container.querySelector('[role="status"]')!)).toBe(
      'This record is not valid JSON, so it cannot be read as a FHIR record.',
    );
  });
});
