import { describe, expect, it } from 'vitest';
import { ageAt } from './quasi-identifiers.ts';
import { SAFE_HARBOR_IDENTIFIERS } from './safe-harbor.ts';
import { SYNTHETIC_AS_OF, SYNTHETIC_LABS, syntheticPatients } from './synthetic-patients.ts';

describe('syntheticPatients', () => {
  const cohort = syntheticPatients(200);

  it('is deterministic for a seed, and patient i does not depend on the cohort size', () => {
    expect(syntheticPatients(5)).toEqual(syntheticPatients(5));
    expect(syntheticPatients(3)).toEqual(syntheticPatients(5).slice(0, 3));
    expect(syntheticPatients(3, { seed: 2 })[0]!.address).not.toBe(syntheticPatients(3)[0]!.address);
    expect(new Set(cohort.map((patient) => patient.address)).size).toBe(cohort.length);
  });

  it('writes every resource the de-identification tests need', () => {
    const types = new Set(
      cohort.flatMap((patient) => patient.bundle.entry!.map((entry) => entry.resource!.resourceType)),
    );
    for (const type of [
      'Patient',
      'Observation',
      'Condition',
      'MedicationStatement',
      'Device',
      'DocumentReference',
      'Encounter',
      'Immunization',
      'Coverage',
      'Media',
      'Binary',
    ])
      expect(types).toContain(type);
    const codes = new Set(
      cohort.flatMap((patient) =>
        patient.bundle.entry!.flatMap((entry) => {
          const code = entry.resource!.code as { coding?: { code: string }[] } | undefined;
          return code?.coding?.map((coding) => coding.code) ?? [];
        }),
      ),
    );
    for (const lab of [SYNTHETIC_LABS.hba1c, SYNTHETIC_LABS.ldl, SYNTHETIC_LABS.bloodPressure])
      expect(codes).toContain(lab.code);
  });

  it('plants every kind of identifier, each value really in the bundle', () => {
    for (const patient of cohort) {
      const json = JSON.stringify(patient.bundle);
      for (const kind of Object.keys(SAFE_HARBOR_IDENTIFIERS) as (keyof typeof SAFE_HARBOR_IDENTIFIERS)[]) {
        expect(patient.planted[kind].length, kind).toBeGreaterThan(0);
        for (const value of patient.planted[kind]) expect(json, `${kind}: ${value}`).toContain(value);
      }
    }
  });

  it('gives each patient the age it reports, some over 89', () => {
    const asOf = new Date(`${SYNTHETIC_AS_OF}T00:00:00Z`);
    for (const patient of cohort) {
      const resource = patient.bundle.entry![0]!.resource!;
      expect(resource.resourceType).toBe('Patient');
      expect(ageAt(resource.birthDate, asOf)).toBe(patient.age);
    }
    expect(cohort.filter((patient) => patient.age >= 90).length).toBeGreaterThan(5);
  });
});
