// Each clinical view against HL7's own R4 examples: what a clinician must be able to read from each.
import { officialExamples } from '@medicrypt/fhir/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { text } from '../../testing/render.tsx';
import { card, fact, renderFhir } from '../../testing/render-fhir.tsx';

const {
  allergy,
  condition,
  encounter,
  immunization,
  inpatientStay,
  medicationRequest,
  medicationStatement,
  procedure,
} = officialExamples;

afterEach(() => document.body.replaceChildren());

const tagsOf = (article: Element) => [...article.querySelectorAll('.fhir-tags .tag')].map(text);

describe('a Condition (condition-example)', () => {
  it('shows the diagnosis, its statuses, severity and onset', async () => {
    const { container } = await renderFhir(condition);
    const shown = card(container, 'Encounter Diagnosis: Burnt Ear');
    expect(tagsOf(shown)).toEqual(['Active', 'Confirmed']);
    expect(fact(shown, 'Severity')).toBe('Severe');
    expect(fact(shown, 'Onset')).toBe('24 May 2012');
    expect(fact(shown, 'Body site')).toBe('Left Ear');
    expect(fact(shown, 'Codes')).toBe('SNOMED CT 39065001');
  });

  it('says a refuted or mistaken diagnosis as a warning', async () => {
    const { container } = await renderFhir({
      ...condition,
      verificationStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' },
        ],
      },
    });
    const tag = [...card(container, 'Encounter Diagnosis').querySelectorAll('.tag')].find(
      (candidate) => text(candidate) === 'Entered in error',
    );
    expect(tag?.className).toContain('fhir-tag-warning');
  });
});

describe('an AllergyIntolerance (allergyintolerance-example)', () => {
  it('shows the substance, criticality first, and each reaction with manifestation and severity', async () => {
    const { container } = await renderFhir(allergy);
    const shown = card(container, 'Allergy · Food: Cashew nuts');
    expect(tagsOf(shown)).toEqual(['High criticality', 'Active', 'Confirmed']);
    expect(shown.querySelector('.fhir-tags .tag')!.className).toContain('fhir-tag-danger');
    expect(fact(shown, 'Onset')).toBe('2004');
    expect(fact(shown, 'Last occurrence')).toBe('June 2012');
    const reactions = [...shown.querySelectorAll('.fhir-reaction')];
    expect(reactions.map((reaction) => text(reaction.querySelector('p')!))).toEqual([
      'Anaphylactic reaction Severe',
      'Urticaria Moderate',
    ]);
    expect(fact(reactions[0]!, 'Substance')).toBe('cashew nut allergenic extract Injectable Product');
    expect(fact(reactions[0]!, 'Exposure route')).toBe('Subcutaneous route');
    expect(fact(reactions[0]!, 'Onset')).toBe('12 Jun 2012');
    expect(text(reactions[1]!)).toContain('within 15 minutes of eating cashews');
  });
});

describe('medications', () => {
  it('a MedicationStatement (medicationstatementexample1): the contained medication, dosage as written and as coded', async () => {
    const { container } = await renderFhir(medicationStatement);
    const shown = card(container, 'Medication: Tylenol PM');
    expect(tagsOf(shown)).toEqual(['Active']);
    expect(fact(shown, 'Taken')).toBe('23 Jan 2015');
    expect(fact(shown, 'Form')).toBe('Film-coated tablet (qualifier value)');
    expect(fact(shown, 'Ingredients')).toBe(
      'Acetaminophen 500 MG (500 mg per 1 Tab), Diphenhydramine Hydrochloride 25 mg (25 mg per 1 Tab)',
    );
    const dosage = shown.querySelector('.fhir-dosages li')!;
    expect(text(dosage.querySelector('.fhir-dosage-text')!)).toBe(
      '1-2 tablets once daily at bedtime as needed for restless legs',
    );
    expect(text(dosage)).toContain('1–2 TAB, once a day, by Oral Route, as needed for Restless Legs');
  });

  it('a MedicationRequest (medicationrequest0302): medication, prescriber, dosage instructions in order, dispense', async () => {
    const { container } = await renderFhir(medicationRequest);
    const shown = card(container, 'Prescription: Azithromycin 250mg capsule (product)');
    expect(tagsOf(shown)).toEqual(['Active', 'Intent: Order']);
    expect(fact(shown, 'Prescribed')).toBe('15 Jan 2015');
    expect(fact(shown, 'Prescriber')).toBe('Patrick Pump');
    expect(fact(shown, 'Reason')).toBe("Traveller's Diarrhea (disorder)");
    expect(fact(shown, 'Valid')).toBe('15 Jan 2015 – 15 Jan 2016');
    expect(fact(shown, 'Quantity')).toBe('6 TAB');
    expect(fact(shown, 'Repeats allowed')).toBe('1');
    expect([...shown.querySelectorAll('.fhir-dosage-text')].map(text)).toEqual([
      'Two tablets at once',
      'One tablet daily for 4 days',
    ]);
    expect(text(shown)).toContain('Patient told to take with food');
  });

  it('a medication that is only referenced shows the reference, not nothing', async () => {
    const { contained: _contained, ...bare } = medicationRequest;
    const { container } = await renderFhir({
      ...bare,
      medicationReference: { reference: 'Medication/x', display: 'Amoxicillin' },
    });
    card(container, 'Prescription: Amoxicillin');
  });
});

describe('an Immunization (immunization-example)', () => {
  it('shows the vaccine, date, lot, site, route and performers', async () => {
    const { container } = await renderFhir(immunization);
    const shown = card(container, 'Immunization: Fluvax (Influenza)');
    expect(tagsOf(shown)).toEqual(['Completed', 'Subpotent']);
    expect(fact(shown, 'Given')).toBe('10 Jan 2013');
    expect(fact(shown, 'Lot number')).toBe('AAJN11K');
    expect(fact(shown, 'Expires')).toBe('15 Feb 2015');
    expect(fact(shown, 'Site')).toBe('left arm');
    expect(fact(shown, 'Route')).toBe('Injection, intramuscular');
    expect(fact(shown, 'Dose')).toBe('5 mg');
    expect(fact(shown, 'Performed by')).toBe(
      'Practitioner/example (Ordering provider), Practitioner/example (Administering provider)',
    );
  });
});

describe('a Procedure (procedure-example)', () => {
  it('shows what was done, when, by whom and why', async () => {
    const { container } = await renderFhir(procedure);
    const shown = card(container, 'Procedure: Appendectomy');
    expect(fact(shown, 'Performed')).toBe('5 Apr 2013');
    expect(fact(shown, 'Performed by')).toBe('Dr Cecil Surgeon');
    expect(fact(shown, 'Reason')).toBe(
      'Generalized abdominal pain 24 hours. Localized in RIF with rebound and guarding',
    );
    expect(text(shown)).toContain('Routine Appendectomy');
  });
});

describe('an Encounter', () => {
  it('the smallest one (encounter-example) still reads as a sentence', async () => {
    const { container } = await renderFhir(encounter);
    const shown = card(container, 'Encounter: Inpatient encounter');
    expect(tagsOf(shown)).toEqual(['In progress']);
  });

  it('an inpatient stay (encounter-example-f203): period, diagnoses by rank, admission and discharge', async () => {
    const { container } = await renderFhir(inpatientStay);
    const shown = card(container, 'Encounter: Inpatient stay for nine days');
    expect(fact(shown, 'When')).toBe('11 Mar 2013 – 20 Mar 2013');
    expect(fact(shown, 'Priority')).toBe('High priority');
    expect(fact(shown, 'Diagnoses')).toBe(
      'Condition/stroke (Admission diagnosis), Condition/f201 (Discharge diagnosis)',
    );
    expect(fact(shown, 'Admission source')).toBe('Clinical Oncology Department');
    expect(fact(shown, 'Subject')).toBe('Roel');
  });
});
