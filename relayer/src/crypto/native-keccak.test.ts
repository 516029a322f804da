import { randomBytes } from 'node:crypto';
import { categoryMask, createIntentHasher, encodeIntent, intentDigest } from '@medicrypt/contracts';
import { bytesToHex, getAddress, keccak256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { keccak256Bytes, keccakBackend, toChecksumAddress } from './native-keccak.ts';

describe('keccak256Bytes', () => {
  it('uses the native binding on this machine', () => {
    expect(keccakBackend).toBe('native');
  });

  it("agrees with viem's keccak on empty, block-sized and long inputs, called back to back", () => {
    // 135, 136 and 137 bytes straddle the sponge's rate; 40,000 is a large batch transaction.
    for (const size of [0, 1, 32, 64, 135, 136, 137, 1000, 40_000]) {
      const data = randomBytes(size);
      expect(Buffer.from(keccak256Bytes(data)).toString('hex')).toBe(keccak256(data).slice(2));
    }
  });

  it('gives the known digest of the empty string', () => {
    expect(Buffer.from(keccak256Bytes(new Uint8Array())).toString('hex')).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
  });

  it("gives intent digests equal to viem's typed-data hashing when the intent hasher uses it", () => {
    const context = { chainId: 11155111, forwarder: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const };
    const hash = createIntentHasher(context, { keccak256: keccak256Bytes });
    const message = {
      actor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const,
      patient: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const,
      grantee: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const,
      categories: categoryMask(['lab', 'vitals']),
      expiresAt: 1_900_000_000,
      nonce: 7,
      deadline: 1_800_000_000,
    };
    expect(bytesToHex(hash(encodeIntent('approveAccess', message)).digest)).toBe(
      intentDigest(context, 'approveAccess', message),
    );
  });
});

describe('toChecksumAddress', () => {
  it("gives viem's EIP-55 address for lowercase, uppercase and already checksummed input", () => {
    for (let i = 0; i < 200; i++) {
      const lower = bytesToHex(randomBytes(20));
      const expected = getAddress(lower);
      expect(toChecksumAddress(lower)).toBe(expected);
      expect(toChecksumAddress(`0x${lower.slice(2).toUpperCase()}`)).toBe(expected);
      expect(toChecksumAddress(expected)).toBe(expected);
    }
  });

  it('matches the EIP-55 examples', () => {
    for (const address of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ]) {
      expect(toChecksumAddress(address.toLowerCase())).toBe(address);
    }
  });

  it('rejects what is not a 20-byte hex address', () => {
    for (const bad of [
      '',
      '0x',
      '0x1234',
      `0x${'g'.repeat(40)}`,
      `${'a'.repeat(42)}`,
      `0x${'a'.repeat(41)}`,
    ]) {
      expect(() => toChecksumAddress(bad)).toThrow(TypeError);
    }
  });
});
