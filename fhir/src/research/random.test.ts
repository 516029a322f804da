import { describe, expect, it } from 'vitest';
import { createRng, laplace, pick, randomInt } from './random.ts';

describe('createRng', () => {
  it('repeats a seeded sequence and differs between seeds', () => {
    const first = createRng('study-1');
    const again = createRng('study-1');
    const other = createRng('study-2');
    const a = Array.from({ length: 5 }, first);
    expect(Array.from({ length: 5 }, again)).toEqual(a);
    expect(Array.from({ length: 5 }, other)).not.toEqual(a);
    expect(createRng(7)()).toBe(createRng('7')());
  });

  it('is uniform in [0, 1) and unseeded generators differ', () => {
    const rng = createRng(1);
    const samples = Array.from({ length: 20_000 }, rng);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(1);
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    expect(createRng()()).not.toBe(createRng()());
  });

  it('picks integers in range and items from a list', () => {
    const rng = createRng('ints');
    const ints = new Set(Array.from({ length: 500 }, () => randomInt(rng, 3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    expect(['a', 'b']).toContain(pick(rng, ['a', 'b']));
  });
});

describe('laplace', () => {
  it('has mean 0 and mean absolute deviation equal to its scale', () => {
    const rng = createRng('laplace');
    const scale = 3;
    const samples = Array.from({ length: 50_000 }, () => laplace(rng, scale));
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    const meanAbs = samples.reduce((sum, x) => sum + Math.abs(x), 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(meanAbs).toBeGreaterThan(scale * 0.97);
    expect(meanAbs).toBeLessThan(scale * 1.03);
  });

  it('is zero for scale 0 and rejects a negative scale', () => {
    expect(Math.abs(laplace(createRng(1), 0))).toBe(0);
    expect(() => laplace(createRng(1), -1)).toThrow(RangeError);
  });
});
