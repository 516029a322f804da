// Human names for the on-chain codes generated from ConsentCodes.sol.
import { consentCodes } from '../generated/codes.ts';

type CodeName<P extends string> = {
  [K in keyof typeof consentCodes]: K extends `${P}_${infer N}` ? N : never;
}[keyof typeof consentCodes];

const slug = (constantName: string) =>
  constantName.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

function namesWithPrefix(prefix: string, exclude: string[] = []): Record<string, number> {
  const entries = Object.entries(consentCodes)
    .filter(([name]) => name.startsWith(`${prefix}_`) && !exclude.includes(name))
    .map(([name, value]) => [slug(name.slice(prefix.length + 1)), value] as const);
  return Object.fromEntries(entries);
}

/** Record categories by name (`lab`, `imaging`, `mentalHealth`, ...) → bit position. */
export const categories = namesWithPrefix('CATEGORY', ['CATEGORY_COUNT']) as Record<CategoryName, number>;
export type CategoryName = Exclude<CamelCase<CodeName<'CATEGORY'>>, 'count'>;
export const categoryCount = consentCodes.CATEGORY_COUNT;
/** Every category name, in bit order: the choices a form offers. */
export const categoryNames = Object.keys(categories) as CategoryName[];

/** Purposes of use (HL7 v3 PurposeOfUse) by name → code. */
export const purposes = namesWithPrefix('PURPOSE', ['PURPOSE_COUNT']) as Record<PurposeName, number>;
export type PurposeName = Exclude<CamelCase<CodeName<'PURPOSE'>>, 'count'>;
export const carePurposes = (Object.keys(purposes) as PurposeName[]).filter(
  (name) => purposes[name] < consentCodes.PURPOSE_RESEARCH,
);
export const researchPurposes = (Object.keys(purposes) as PurposeName[]).filter(
  (name) => purposes[name] >= consentCodes.PURPOSE_RESEARCH,
);

/** Credential roles. */
export const roles = { doctor: consentCodes.ROLE_DOCTOR, researcher: consentCodes.ROLE_RESEARCHER } as const;
export type RoleName = keyof typeof roles;

export const recordStatus = {
  current: consentCodes.RECORD_CURRENT,
  superseded: consentCodes.RECORD_SUPERSEDED,
  removed: consentCodes.RECORD_REMOVED,
} as const;

/** The uint64 bitmask the contract stores for a set of categories. */
export function categoryMask(names: readonly CategoryName[]): bigint {
  let mask = 0n;
  for (const name of names) {
    const bit = categories[name];
    if (bit === undefined) throw new RangeError(`unknown category: ${name}`);
    mask |= 1n << BigInt(bit);
  }
  return mask;
}

/** The category names in a bitmask, in code order; unknown bits are rejected. */
export function categoriesOf(mask: bigint): CategoryName[] {
  if (mask < 0n || mask >> BigInt(categoryCount) !== 0n)
    throw new RangeError(`unknown category bits in ${mask}`);
  return (Object.keys(categories) as CategoryName[])
    .filter((name) => (mask >> BigInt(categories[name])) & 1n)
    .sort((a, b) => categories[a] - categories[b]);
}

export function purposeName(code: number): PurposeName {
  const name = (Object.keys(purposes) as PurposeName[]).find((key) => purposes[key] === code);
  if (!name) throw new RangeError(`unknown purpose code: ${code}`);
  return name;
}

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}`
  : Lowercase<S>;
