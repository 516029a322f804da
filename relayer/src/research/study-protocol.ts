// A study's protocol: what the researcher publishes for patients to read before consenting. The registry stores
// only its hash; the relayer serves the document, and anyone can check it against the hash on chain.
import { type CategoryName, categories, type PurposeName, researchPurposes } from '@medicrypt/contracts';
import { type Hex, keccak256, toBytes } from 'viem';
import { z } from 'zod';

const MAX_TEXT = 4_000;
const MAX_DURATION_DAYS = 5 * 365;

export const studyProtocolSchema = z.strictObject({
  title: z.string().trim().min(3).max(200),
  description: z.string().trim().min(1).max(MAX_TEXT),
  purpose: z.enum(researchPurposes as [PurposeName, ...PurposeName[]]),
  categories: z
    .array(z.enum(Object.keys(categories) as [CategoryName, ...CategoryName[]]))
    .min(1)
    .refine((names) => new Set(names).size === names.length, 'each category once'),
  inclusionCriteria: z.string().trim().min(1).max(MAX_TEXT),
  durationDays: z.number().int().min(1).max(MAX_DURATION_DAYS),
  ethicsReference: z.string().trim().min(1).max(200),
  contact: z.string().trim().max(200).optional(),
});
export type StudyProtocol = z.infer<typeof studyProtocolSchema>;

/** JSON with object keys sorted at every level: the same document always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** keccak256 of the protocol's canonical JSON: the `protocolHash` of registerStudy. */
export function protocolHashOf(protocol: StudyProtocol): Hex {
  return keccak256(toBytes(canonicalJson(protocol)));
}
