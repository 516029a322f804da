import { describe, expect, it } from 'vitest';
import { clinicalFacts } from './clinical-facts.ts';
import { parseCsv } from './csv.ts';
import { CSV_COLUMNS, exportStudy, parseNdjson, toNdjson, toStudyCsv } from './export.ts';
import { type DeidentifiedRecord, deidentify } from './safe-harbor.ts';
import { syntheticPatients } from './synthetic-patients.ts';

const studyKey = new Uint8Array(32).fill(9);
const asOf = new Date('2025-07-01T00:00:00Z');
const patients = syntheticPatients(1_000);
const contributions = patients.map((patient) =>
  deidentify(patient.bundle, { studyId: 'export-test', studyKey, patientAddress: patient.address, asOf }),
);
const study = exportStudy(contributions);

describe('NDJSON', () => {
  it('writes one resource per line, every line parses back', () => {
    const lines = study.ndjson.split('\n');
    expect(lines.pop()).toBe('');
    const resources = study.records.flatMap((record) => record.resources);
    expect(lines).toHaveLength(resources.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(resources);
    expect(parseNdjson(study.ndjson)).toEqual(resources);
  });

  it('keeps line breaks inside values escaped', () => {
    const record: DeidentifiedRecord = {
      subject: 's',
      quasi: { ageBand: '40-44', sex: 'male', zip3: '021' },
      resources: [{ resourceType: 'Observation', valueString: 'one\ntwo\r\nthree' }],
      omitted: [],
    };
    expect(toNdjson([record]).split('\n')).toHaveLength(2);
    expect(parseNdjson(toNdjson([record]))).toEqual(record.resources);
  });

  it('rejects lines that are not resources', () => {
    expect(() => parseNdjson('{"resourceType":"Patient"}\n[1]\n')).toThrow(/line 2/);
    expect(() => parseNdjson('{')).toThrow(SyntaxError);
  });
});

describe('CSV', () => {
  it('has one row per observation value, condition and medication, with the subject’s quasi-identifiers', () => {
    const [header, ...rows] = parseCsv(study.csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    const expected = study.records.flatMap((record) =>
      clinicalFacts(record.resources).map((fact) => [
        record.subject,
        record.quasi.ageBand,
        record.quasi.sex,
        record.quasi.zip3,
        fact.resourceType,
        fact.system ?? '',
        fact.code ?? '',
        fact.display ?? '',
        fact.value === undefined ? '' : String(fact.value),
        fact.unit ?? '',
        fact.year === undefined ? '' : String(fact.year),
      ]),
    );
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((row) => row[4]))).toEqual(
      new Set(['Observation', 'Condition', 'MedicationStatement']),
    );
    const hba1c = rows.find((row) => row[6] === '4548-4')!;
    expect(hba1c[8]).toMatch(/^\d+(\.\d)?$/);
    expect(hba1c[9]).toBe('%');
    expect(hba1c[10]).toMatch(/^\d{4}$/);
  });

  it('escapes displays and values with quotes, commas and line breaks (RFC 4180) and reads them back', () => {
    const tricky = 'Dx "A, B"\nsecond line\r\nthird';
    const record: DeidentifiedRecord = {
      subject: 'subject-1',
      quasi: { ageBand: '40-44', sex: 'female', zip3: '021' },
      resources: [
        {
          resourceType: 'Condition',
          code: { coding: [{ system: 'http://snomed.info/sct', code: '1', display: tricky }] },
          recordedDate: '2020',
        },
        { resourceType: 'Observation', code: { text: 'note' }, valueString: '"quoted", and, commas' },
      ],
      omitted: [],
    };
    const csv = toStudyCsv([record]);
    expect(csv).toContain('"Dx ""A, B""\nsecond line\r\nthird"');
    const [, condition, observation] = parseCsv(csv);
    expect(condition![7]).toBe(tricky);
    expect(observation![8]).toBe('"quoted", and, commas');
  });
});

describe('exportStudy', () => {
  it('releases only k-anonymous records and reports the rest', () => {
    expect(study.kAnonymity.released + study.kAnonymity.suppressed).toBe(contributions.length);
    expect(study.records).toHaveLength(study.kAnonymity.released);
    expect(study.kAnonymity.classes.every((each) => each.size >= 5)).toBe(true);
  });

  it('leaves a patient who revoked consent out of the next export', () => {
    const revoked = study.records[0]!;
    const revokedIds = revoked.resources.map((resource) => resource.id!);
    const next = exportStudy(contributions.filter((each) => each.subject !== revoked.subject));
    expect(next.kAnonymity.input).toBe(contributions.length - 1);
    expect(next.records.map((record) => record.subject)).not.toContain(revoked.subject);
    for (const id of revokedIds) {
      expect(next.ndjson).not.toContain(id);
      expect(next.csv).not.toContain(id);
    }
    expect(study.ndjson).toContain(revoked.subject);
  });
});
