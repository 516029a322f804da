import { describe, expect, it } from 'vitest';
import { findPatientInPage, InvalidSelectorError, patientReferenceIn } from './patient-in-page.ts';

const ADDRESS = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function page(html: string): Document {
  document.body.innerHTML = html;
  return document;
}

describe('finding the patient on an EMR page', () => {
  it('reads the element the doctor configured for the site, and only that one', () => {
    const doc = page(
      `<p>Clinic wallet 0x0000000000000000000000000000000000000001</p><span id="mrn">${ADDRESS.toLowerCase()}</span>`,
    );
    expect(findPatientInPage(doc, '#mrn')).toEqual({ kind: 'address', address: ADDRESS, source: '#mrn' });
    expect(findPatientInPage(doc, '#absent')).toBeUndefined();
  });

  it('reads an input’s value, e.g. a patient search box', () => {
    const doc = page(`<input id="who" value="ada.eth">`);
    expect(findPatientInPage(doc, '#who')).toEqual({ kind: 'ens', name: 'ada.eth', source: '#who' });
  });

  it('prefers an element marked data-medicrypt-patient, then the page text', () => {
    expect(
      findPatientInPage(
        page(
          `<p>0x0000000000000000000000000000000000000001</p><b data-medicrypt-patient="${ADDRESS}">Ada</b>`,
        ),
      ),
    ).toMatchObject({ address: ADDRESS, source: '[data-medicrypt-patient]' });
    expect(findPatientInPage(page(`<main>Patient: <code>${ADDRESS}</code></main>`))).toMatchObject({
      kind: 'address',
      address: ADDRESS,
      source: 'page text',
    });
  });

  it('finds nobody on a page without an identifier, and says so when the selector is broken', () => {
    expect(findPatientInPage(page('<p>Schedule for Monday</p>'))).toBeUndefined();
    expect(() => findPatientInPage(page('<p></p>'), '##')).toThrow(InvalidSelectorError);
  });

  it('takes an address before a name, and lowercases names', () => {
    expect(patientReferenceIn(`Ada.ETH ${ADDRESS}`, 'x')).toMatchObject({ kind: 'address' });
    expect(patientReferenceIn('see Ada.Eth today', 'x')).toEqual({
      kind: 'ens',
      name: 'ada.eth',
      source: 'x',
    });
    expect(patientReferenceIn('0x123 is too short', 'x')).toBeUndefined();
  });
});
