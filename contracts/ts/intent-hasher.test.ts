import { bytesToHex, concatHex, type Hex, keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { categoryMask, purposes } from './codes.ts';
import { createIntentHasher, MalformedIntentError } from './intent-hasher.ts';
import { encodeIntent, intentDigest } from './intents.ts';

const context = { chainId: 11155111, forwarder: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const };
const hash = createIntentHasher(context);
const actor = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
const patient = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const;

describe('createIntentHasher', () => {
  it('gives the typed-data digest for static intents without decoding them', () => {
    const message = {
      actor,
      patient,
      grantee: actor,
      categories: categoryMask(['lab', 'vitals']),
      expiresAt: 1_900_000_000,
      nonce: 7,
      deadline: 1_800_000_000,
    };
    const { name, digest } = hash(encodeIntent('approveAccess', message));
    expect(name).toBe('approveAccess');
    expect(bytesToHex(digest)).toBe(intentDigest(context, 'approveAccess', message));
  });

  it('gives the typed-data digest for an intent with a string field', () => {
    const message = {
      actor,
      patient,
      categories: 3n,
      duration: 3600,
      reason: 'anaphylaxis',
      nonce: 0,
      deadline: 1_800_000_000,
    };
    expect(bytesToHex(hash(encodeIntent('openBreakGlass', message)).digest)).toBe(
      intentDigest(context, 'openBreakGlass', message),
    );
  });

  it('binds the digest to the chain id and the forwarder', () => {
    const data = encodeIntent('requestAccess', {
      actor,
      patient,
      categories: 1n,
      purpose: purposes.treatment,
      duration: 60,
      nonce: 0,
      deadline: 1,
    });
    const other = createIntentHasher({ ...context, chainId: 1 })(data).digest;
    expect(bytesToHex(other)).not.toBe(bytesToHex(hash(data).digest));
  });

  it('rejects unknown selectors, short calldata and trailing bytes', () => {
    expect(() => hash('0x12')).toThrow(MalformedIntentError);
    expect(() => hash(keccak256(toHex('x')).slice(0, 10) as Hex)).toThrow(/not an intent/);
    const data = encodeIntent('denyAccess', { actor, patient, grantee: actor, nonce: 0, deadline: 1 });
    expect(() => hash(concatHex([data, '0x00']))).toThrow(/argument words/);
  });
});
