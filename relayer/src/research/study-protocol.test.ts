import { describe, expect, it } from 'vitest';
import { canonicalJson, protocolHashOf, studyProtocolSchema } from './study-protocol.ts';

const protocol = studyProtocolSchema.parse({
  title: 'HbA1c and LDL in adults',
  description: 'Trends of glycated haemoglobin and LDL cholesterol by age band.',
  purpose: 'research',
  categories: ['lab', 'medication'],
  inclusionCriteria: 'Adults with at least one HbA1c result.',
  durationDays: 365,
  ethicsReference: 'EB-2026-17',
});

describe('study protocols', () => {
  it('hash the same whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(protocol).reverse()) as typeof protocol;
    expect(canonicalJson(reordered)).toBe(canonicalJson(protocol));
    expect(protocolHashOf(reordered)).toBe(protocolHashOf(protocol));
    expect(protocolHashOf({ ...protocol, title: 'Another study' })).not.toBe(protocolHashOf(protocol));
    expect(canonicalJson({ b: [1, { d: 2, c: undefined, a: 'x' }], a: null })).toBe(
      '{"a":null,"b":[1,{"a":"x","d":2}]}',
    );
  });

  it('take only research purposes, known categories once, and no unknown fields', () => {
    expect(studyProtocolSchema.safeParse({ ...protocol, purpose: 'treatment' }).success).toBe(false);
    expect(studyProtocolSchema.safeParse({ ...protocol, categories: ['lab', 'lab'] }).success).toBe(false);
    expect(studyProtocolSchema.safeParse({ ...protocol, categories: ['horoscope'] }).success).toBe(false);
    expect(studyProtocolSchema.safeParse({ ...protocol, sponsor: 'x' }).success).toBe(false);
  });
});
