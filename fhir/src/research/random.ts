// Random numbers for synthetic data and differential-privacy noise. Seeded (reproducible) for tests and
// synthetic cohorts; unseeded (from the platform CSPRNG) for real releases, since noise that can be recomputed
// from a known seed can also be subtracted.
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** A source of uniform numbers in [0, 1) with 53 bits of precision. */
export type Rng = () => number;

const SEED_DOMAIN = 'medicrypt/research/rng:';
const TWO_POW_26 = 2 ** 26;
const TWO_POW_53 = 2 ** 53;
const WARM_UP_ROUNDS = 12;

/**
 * A small fast generator (SFC32) whose 128-bit state is SHA-256 of the seed, or random bytes without a seed.
 * Not for keys; for noise only when unseeded.
 */
export function createRng(seed?: string | number): Rng {
  const bytes =
    seed === undefined
      ? randomBytes(16)
      : sha256(utf8ToBytes(`${SEED_DOMAIN}${String(seed)}`)).subarray(0, 16);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  let a = view.getUint32(0);
  let b = view.getUint32(4);
  let c = view.getUint32(8);
  let d = view.getUint32(12);
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let round = 0; round < WARM_UP_ROUNDS; round++) next32();
  // 27 high bits and 26 low bits make one 53-bit fraction (as in the Mersenne Twister's genrand_res53).
  return () => ((next32() >>> 5) * TWO_POW_26 + (next32() >>> 6)) / TWO_POW_53;
}

/** A uniform integer in [min, max] (both inclusive). */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** A uniform pick from a non-empty list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/**
 * A sample of the Laplace distribution centred on 0 with the given scale b (variance 2b²), by inverse CDF:
 * −b·sgn(u)·ln(1 − 2|u|) for u uniform in (−½, ½).
 */
export function laplace(rng: Rng, scale: number): number {
  if (!(scale >= 0) || !Number.isFinite(scale))
    throw new RangeError(`Laplace scale must be ≥ 0, got ${scale}`);
  let u = rng() - 0.5;
  while (u === -0.5) u = rng() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}
