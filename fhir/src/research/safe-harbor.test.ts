import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { parseFhir, recordResourceTypes } from '../fhir-resource.ts';
import { isKnownCodeSystem } from './allow-list.ts';
import {
  type DeidentifiedRecord,
  deidentify,
  type FreeTextPolicy,
  SAFE_HARBOR_IDENTIFIERS,
  type SafeHarborIdentifier,
} from './safe-harbor.ts';
import { syntheticPatients } from './synthetic-patients.ts';

const COHORT_SIZE = 1_000;
const studyId = 'hba1c-outcomes-2025';
const studyKey = sha256(new TextEncoder().encode('test study key'));
const asOf = new Date('2025-07-01T00:00:00Z');
const patients = syntheticPatients(COHORT_SIZE);

function deidentifyAll(freeText: FreeTextPolicy, study = studyId): DeidentifiedRecord[] {
  return patients.map((patient) =>
    deidentify(patient.bundle, { studyId: study, studyKey, patientAddress: patient.address, asOf, freeText }),
  );
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * A search for planted values in the output: whole words, case-insensitive, also in digits-only form. The
 * output's words are indexed once; a value is looked for only where its rarest word stands.
 */
function leakSearch(output: string): (values: readonly string[]) => string[] {
  const text = output.toLowerCase();
  const positions = new Map<string, number[]>();
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const list = positions.get(match[0]);
    if (list) list.push(match.index);
    else positions.set(match[0], [match.index]);
  }
  const occurs = (form: string) => {
    const needle = form.toLowerCase();
    const parts = [...needle.matchAll(/[\p{L}\p{N}]+/gu)].map((part) => ({
      offset: part.index,
      at: positions.get(part[0]) ?? [],
    }));
    if (parts.length === 0 || parts.some((part) => part.at.length === 0)) return false;
    const rarest = parts.reduce((best, part) => (part.at.length < best.at.length ? part : best));
    return rarest.at.some((at) => {
      const start = at - rarest.offset;
      return (
        start >= 0 &&
        text.startsWith(needle, start) &&
        !WORD_CHAR.test(text[start - 1] ?? ' ') &&
        !WORD_CHAR.test(text[start + needle.length] ?? ' ')
      );
    });
  };
  return (values) =>
    [...new Set(values)].filter((value) => {
      const digitsOnly = value.replace(/\D/g, '');
      return occurs(value) || (digitsOnly.length >= 7 && digitsOnly !== value && occurs(digitsOnly));
    });
}

const planted = (kind: SafeHarborIdentifier) => patients.flatMap((patient) => patient.planted[kind]);

/** Every object in the records, with the key it sits under. */
function* objects(value: unknown, key = ''): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(value)) for (const item of value) yield* objects(item, key);
  else if (typeof value === 'object' && value !== null) {
    yield [key, value as Record<string, unknown>];
    for (const [name, member] of Object.entries(value)) yield* objects(member, name);
  }
}
const keysIn = (records: DeidentifiedRecord[]) =>
  new Set(
    [...objects(records.map((record) => record.resources))].flatMap(([, object]) => Object.keys(object)),
  );

describe.each(['drop', 'scrub'] as const)(
  `Safe Harbor over ${COHORT_SIZE} synthetic patients, free text: %s`,
  (freeText) => {
    const started = performance.now();
    const records = deidentifyAll(freeText);
    const elapsed = performance.now() - started;
    const leaked = leakSearch(JSON.stringify(records));
    const output = JSON.stringify(records);
    const keys = keysIn(records);

    it(`de-identifies ${COHORT_SIZE} patients in seconds`, () => {
      expect(records).toHaveLength(COHORT_SIZE);
      expect(elapsed).toBeLessThan(30_000);
      console.info(
        `de-identified ${COHORT_SIZE} patients (free text ${freeText}) in ${Math.round(elapsed)} ms`,
      );
    });

    it.each(Object.keys(SAFE_HARBOR_IDENTIFIERS) as SafeHarborIdentifier[])(
      '(%s) leaves none of the planted values',
      (kind) => {
        const values = planted(kind);
        expect(values.length).toBeGreaterThanOrEqual(COHORT_SIZE);
        expect(leaked(values)).toEqual([]);
      },
    );

    it('(C) keeps no date finer than a year and no age over 89', () => {
      expect(output).not.toMatch(/\d{4}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}|T\d{2}:\d{2}/);
      for (const [key, object] of objects(records.map((record) => record.resources))) {
        for (const name of [
          'birthDate',
          'deceasedDateTime',
          'effectiveDateTime',
          'issued',
          'recordedDate',
          'date',
        ])
          if (typeof object[name] === 'string') expect(object[name]).toMatch(/^\d{4}$/);
        if (key.endsWith('Age') || object.code === 'a')
          expect(object.value as number).toBeLessThanOrEqual(90);
      }
      const oldest = patients.flatMap((patient, index) => (patient.age >= 90 ? [records[index]!] : []));
      expect(oldest.length).toBeGreaterThan(20);
      for (const record of oldest) {
        // The birth year goes whenever the patient would be 90 or older now; the band is their age at death.
        expect(record.resources[0]).not.toHaveProperty('birthDate');
        if (record.resources[0]!.deceasedDateTime === undefined) expect(record.quasi.ageBand).toBe('90+');
        else expect(record.quasi.ageBand).toMatch(/^(85-89|90\+)$/);
      }
      if (freeText === 'scrub') expect(output).not.toMatch(/\b9\d\s*years/);
    });

    it('(B, D–F, G–K, M) keeps no address, telecom, identifier or device number elements', () => {
      for (const key of [
        'name',
        'line',
        'city',
        'district',
        'telecom',
        'identifier',
        'udiCarrier',
        'serialNumber',
        'lotNumber',
        'photo',
        'data',
      ])
        expect(keys).not.toContain(key);
      for (const record of records) {
        const address = record.resources[0]!.address as { postalCode: string }[] | undefined;
        expect(address?.[0]?.postalCode ?? '000').toBe(record.quasi.zip3);
        expect(record.quasi.zip3).toMatch(/^\d{3}$/);
      }
    });

    it('(N) keeps no URL but code systems; (O) no IP address', () => {
      const urls = new Set(output.match(/[a-z]+:\/\/[^"\s]+/g) ?? []);
      expect([...urls].filter((url) => !isKnownCodeSystem(url))).toEqual([]);
      expect(output).not.toMatch(/\b(?:\d{1,3}\.){3}\d{1,3}\b/);
    });

    it('(P, Q) keeps no images, binaries or biometric data', () => {
      const types = new Set(
        records.flatMap((record) => record.resources.map((resource) => resource.resourceType)),
      );
      expect(types).not.toContain('Media');
      expect(types).not.toContain('Binary');
      expect(types).not.toContain('Coverage');
    });

    it('(R) replaces every id, rewrites every reference and drops narrative and extensions', () => {
      for (const record of records) {
        expect(record.resources[0]!.id).toBe(record.subject);
        for (const resource of record.resources.slice(1)) expect(resource.id).toMatch(/^[0-9a-f]{32}$/);
      }
      for (const [key, object] of objects(records.map((record) => record.resources))) {
        if (object.reference === undefined) continue;
        expect(Object.keys(object), key).toEqual(['reference']);
        expect(object.reference, key).toMatch(/^[A-Z][A-Za-z]+\/(?:[0-9a-f]{32}|[0-9a-f]{64})$/);
      }
      for (const key of ['div', 'extension', 'meta', 'contained', 'fullUrl']) expect(keys).not.toContain(key);
      expect(
        records.every((record) => record.resources.every((resource) => resource.text === undefined)),
      ).toBe(true);
    });

    it('keeps the clinical content and valid FHIR R4', () => {
      const record = records[0]!;
      const observation = record.resources.find((resource) => resource.resourceType === 'Observation')!;
      expect(observation).toMatchObject({
        status: 'final',
        subject: { reference: `Patient/${record.subject}` },
      });
      expect(observation.code).toEqual({ coding: [expect.objectContaining({ system: 'http://loinc.org' })] });
      const supported = new Set<string>(recordResourceTypes);
      for (const resource of records.slice(0, 100).flatMap((each) => each.resources))
        if (supported.has(resource.resourceType))
          expect(() => parseFhir(JSON.stringify(resource))).not.toThrow();
    });
  },
);

describe('study pseudonyms', () => {
  const sample = patients.slice(0, 50);
  const run = (study: string) =>
    sample.map((patient) =>
      deidentify(patient.bundle, { studyId: study, studyKey, patientAddress: patient.address, asOf }),
    );

  it('are stable within a study: same subject and resource ids on every export', () => {
    const [first, again] = [run('study-a'), run('study-a')];
    expect(again.map((record) => record.subject)).toEqual(first.map((record) => record.subject));
    expect(again.map((record) => record.resources.map((resource) => resource.id))).toEqual(
      first.map((record) => record.resources.map((resource) => resource.id)),
    );
    expect(new Set(first.map((record) => record.subject)).size).toBe(sample.length);
  });

  it('differ across studies, for subjects and every resource id', () => {
    const ids = (records: DeidentifiedRecord[]) =>
      records.flatMap((record) => record.resources.map((resource) => resource.id));
    const a = new Set(ids(run('study-a')));
    const b = ids(run('study-b'));
    expect(b.filter((id) => a.has(id))).toEqual([]);
  });
});

describe('deidentify', () => {
  const address = '0x52908400098527886E0F7030069857D2E4169EE7';
  const options = { studyId, studyKey, patientAddress: address, asOf };
  const patient = (extra: Record<string, unknown>) => ({ resourceType: 'Patient', id: 'p1', ...extra });
  const bundle = (...resources: Record<string, unknown>[]) => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ resource: resource as { resourceType: string } })),
  });

  it('keeps the birth year and 3-digit ZIP, 000 for restricted areas, nothing for ages over 89', () => {
    const young = deidentify(
      patient({ gender: 'female', birthDate: '1980-05-06', address: [{ postalCode: '02139', state: 'MA' }] }),
      options,
    );
    expect(young.quasi).toEqual({ ageBand: '45-49', sex: 'female', zip3: '021' });
    expect(young.resources[0]).toEqual({
      resourceType: 'Patient',
      id: young.subject,
      gender: 'female',
      birthDate: '1980',
      address: [{ state: 'MA', postalCode: '021' }],
    });
    const old = deidentify(patient({ birthDate: '1930-01-01', address: [{ postalCode: '05901' }] }), options);
    expect(old.quasi).toEqual({ ageBand: '90+', sex: 'unknown', zip3: '000' });
    expect(old.resources[0]).not.toHaveProperty('birthDate');
  });

  it('bands the deceased by their age at death, keeps the year of death, no birth year if over 89 now', () => {
    const record = deidentify(
      patient({ birthDate: '1950-03-01', deceasedDateTime: '2010-02-01T10:00:00Z' }),
      options,
    );
    expect(record.quasi.ageBand).toBe('55-59');
    expect(record.resources[0]).toMatchObject({ birthDate: '1950', deceasedDateTime: '2010' });
    const older = deidentify(patient({ birthDate: '1920-03-01', deceasedDateTime: '1990-02' }), options);
    expect(older.quasi.ageBand).toBe('65-69');
    expect(older.resources[0]).toEqual({
      resourceType: 'Patient',
      id: older.subject,
      deceasedDateTime: '1990',
    });
  });

  it('takes a home address that is still current', () => {
    const record = deidentify(
      patient({
        address: [
          { use: 'home', postalCode: '94107', period: { end: '2020' } },
          { use: 'work', postalCode: '10001' },
          { use: 'home', postalCode: '60601' },
        ],
      }),
      options,
    );
    expect(record.quasi.zip3).toBe('606');
  });

  it('rewrites references through fullUrls, ids and absolute URLs, and drops the rest', () => {
    const record = deidentify(
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { fullUrl: 'urn:uuid:d1', resource: { resourceType: 'Device', status: 'active' } },
          {
            resource: {
              resourceType: 'Observation',
              id: 'o1',
              status: 'final',
              code: { text: 'x' },
              device: { reference: 'urn:uuid:d1' },
              subject: {
                reference: 'https://ehr.example.org/fhir/Patient/p9/_history/2',
                display: 'Jane Doe',
              },
              hasMember: [
                { reference: 'Observation/o2' },
                { reference: '#contained' },
                { identifier: { value: 'x' } },
              ],
            },
          },
          { resource: { resourceType: 'Observation', id: 'o2', status: 'final', code: { text: 'y' } } },
        ],
      },
      options,
    );
    const [, device, observation, member] = record.resources;
    expect(observation).toMatchObject({
      device: { reference: `Device/${device!.id}` },
      subject: { reference: `Patient/${record.subject}` },
      hasMember: [{ reference: `Observation/${member!.id}` }],
    });
  });

  it('keeps codings of known terminologies only, and a concept’s text only without them', () => {
    const record = deidentify(
      bundle({
        resourceType: 'Condition',
        subject: { reference: 'Patient/p1' },
        code: {
          coding: [
            { system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertension', version: '2024' },
            { system: 'https://hospital.example.org/local-codes', code: 'HTN-7' },
            { system: 'http://hl7.org/fhir/sid/us-ssn', code: '123-45-6789' },
          ],
          text: 'High blood pressure per Jane',
        },
        severity: { text: 'mild, call 617-555-0123' },
      }),
      options,
    );
    expect(record.resources[1]).toMatchObject({
      code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertension' }] },
      severity: { text: 'mild, call [PHONE]' },
    });
  });

  it('aggregates ages over 89 in quantities and ranges', () => {
    const record = deidentify(
      bundle({
        resourceType: 'Condition',
        subject: { reference: 'Patient/p1' },
        onsetAge: { value: 93, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' },
        abatementRange: { low: { value: 91, unit: 'a' }, high: { value: 95, unit: 'a' } },
      }),
      options,
    );
    expect(record.resources[1]).toMatchObject({
      onsetAge: { value: 90, comparator: '>=', unit: 'years' },
      abatementRange: { low: { value: 90, unit: 'a' } },
    });
    expect(record.resources[1]!.abatementRange).not.toHaveProperty('high');
  });

  it('leaves out resource types off the allow-list, modified or erroneous resources, unconsented categories', () => {
    const record = deidentify(
      bundle(
        patient({ gender: 'male' }),
        patient({ id: 'p2' }),
        { resourceType: 'Practitioner', name: [{ family: 'House' }] },
        {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'a' },
          modifierExtension: [{ url: 'x' }],
        },
        { resourceType: 'Observation', status: 'entered-in-error', code: { text: 'b' } },
        { resourceType: 'Condition', subject: { reference: 'Patient/p1' } },
        {
          resourceType: 'Observation',
          status: 'final',
          category: [{ coding: [{ code: 'laboratory' }] }],
          code: { text: 'c' },
        },
      ),
      { ...options, categories: ['lab'] },
    );
    expect(record.resources.map((resource) => resource.resourceType)).toEqual(['Patient', 'Observation']);
    expect(record.omitted).toEqual([
      { resourceType: 'Patient', reason: 'another Patient' },
      { resourceType: 'Practitioner', reason: 'not on the allow-list' },
      { resourceType: 'Observation', reason: 'has a modifier extension' },
      { resourceType: 'Observation', reason: 'entered in error' },
      { resourceType: 'Condition', reason: 'no research consent for its category' },
    ]);
  });

  it('de-identifies a lone resource, with an empty Patient when there is none', () => {
    const record = deidentify(
      { resourceType: 'Observation', id: 'x', status: 'final', code: { text: 'HbA1c' } },
      options,
    );
    expect(record.quasi).toEqual({ ageBand: 'unknown', sex: 'unknown', zip3: '000' });
    expect(record.resources).toEqual([
      { resourceType: 'Patient', id: record.subject },
      {
        resourceType: 'Observation',
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        status: 'final',
        code: { text: 'HbA1c' },
      },
    ]);
  });
});
