import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  accountKeyMessage,
  accountKeyPairFromSecretKey,
  assertX25519PublicKey,
  deriveAccountKeyPair,
  generateAccountKeyPair,
} from './account-keys.ts';
import { fromHex, toBase64Url, toHex } from './encoding.ts';
import type { CryptoErrorCode } from './errors.ts';

// anvil's well-known development keys: public, never for real funds.
const patient = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const doctor = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');

async function signKeyMessage(account: typeof patient): Promise<Hex> {
  return account.signMessage({ message: accountKeyMessage(account.address) });
}

async function expectCode(promise: Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'CryptoError', code });
}

describe('accountKeyMessage', () => {
  it('is a fixed text naming the checksummed address, whatever case it is given in', () => {
    const message = accountKeyMessage(patient.address.toLowerCase());
    expect(message.split('\n')[0]).toBe('MediCrypt encryption key v1');
    expect(message).toContain('Signing this message derives your MediCrypt encryption key.');
    expect(message.endsWith(`\n\nAddress: ${patient.address}`)).toBe(true);
    expect(accountKeyMessage(patient.address)).toBe(message);
  });
});

describe('deriveAccountKeyPair', () => {
  it('derives the same key pair from the same wallet every time (RFC 6979 signatures)', async () => {
    const first = await deriveAccountKeyPair({
      address: patient.address,
      signature: await signKeyMessage(patient),
    });
    const again = await deriveAccountKeyPair({
      address: patient.address,
      signature: await signKeyMessage(patient),
    });
    expect(again).toEqual(first);
    expect(first.secretKey.length).toBe(32);
    expect(first.publicKey).toEqual(x25519.getPublicKey(first.secretKey));
  });

  it('derives different keys for different accounts', async () => {
    const a = await deriveAccountKeyPair({
      address: patient.address,
      signature: await signKeyMessage(patient),
    });
    const b = await deriveAccountKeyPair({
      address: doctor.address,
      signature: await signKeyMessage(doctor),
    });
    expect(a.publicKey).not.toEqual(b.publicKey);
  });

  it('gives the same key whether the wallet encodes v as 27/28 or 0/1, and for the high-s twin', async () => {
    const signature = await signKeyMessage(patient);
    const expected = await deriveAccountKeyPair({ address: patient.address, signature });
    const bytes = fromHex(signature);
    const zeroBasedV = bytes.slice();
    zeroBasedV[64] = bytes[64]! - 27;
    expect(await deriveAccountKeyPair({ address: patient.address, signature: toHex(zeroBasedV) })).toEqual(
      expected,
    );

    // (r, n - s) with the other recovery bit is the same signature to ecrecover.
    const s = BigInt(toHex(bytes.subarray(32, 64)));
    const highS = bytes.slice();
    highS.set(fromHex(`0x${(secp256k1.CURVE.n - s).toString(16).padStart(64, '0')}`), 32);
    highS[64] = bytes[64] === 27 ? 28 : 27;
    expect(await deriveAccountKeyPair({ address: patient.address, signature: toHex(highS) })).toEqual(
      expected,
    );
  });

  it('refuses a signature by another account (the wallet switched accounts): INVALID_SIGNATURE', async () => {
    const signature = await doctor.signMessage({ message: accountKeyMessage(patient.address) });
    await expectCode(deriveAccountKeyPair({ address: patient.address, signature }), 'INVALID_SIGNATURE');
  });

  it('refuses a signature over another message: INVALID_SIGNATURE', async () => {
    const signature = await patient.signMessage({ message: 'MediCrypt encryption key v2' });
    await expectCode(deriveAccountKeyPair({ address: patient.address, signature }), 'INVALID_SIGNATURE');
  });

  it('refuses smart-account and malformed signatures: INVALID_SIGNATURE', async () => {
    const valid = await signKeyMessage(patient);
    const erc6492 =
      `${valid}${'00'.repeat(64)}6492649264926492649264926492649264926492649264926492649264926492` as Hex;
    await expectCode(
      deriveAccountKeyPair({ address: patient.address, signature: erc6492 }),
      'INVALID_SIGNATURE',
    );
    await expectCode(
      deriveAccountKeyPair({ address: patient.address, signature: '0x1234' }),
      'INVALID_SIGNATURE',
    );
    await expectCode(
      deriveAccountKeyPair({ address: patient.address, signature: 'not hex' as Hex }),
      'INVALID_SIGNATURE',
    );
  });
});

describe('random and restored key pairs', () => {
  it('generates a different key pair each time', () => {
    const a = generateAccountKeyPair();
    const b = generateAccountKeyPair();
    expect(a.secretKey).not.toEqual(b.secretKey);
    expect(a.publicKey).toEqual(x25519.getPublicKey(a.secretKey));
  });

  it('restores the public key from the secret key, and refuses other lengths: INVALID_KEY', () => {
    const pair = generateAccountKeyPair();
    expect(accountKeyPairFromSecretKey(pair.secretKey)).toEqual(pair);
    expect(() => accountKeyPairFromSecretKey(new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY' }),
    );
  });
});

describe('X25519 interoperability with node:crypto', () => {
  const nodeKeys = (secretKey: Uint8Array, publicKey: Uint8Array) => ({
    privateKey: createPrivateKey({
      key: { kty: 'OKP', crv: 'X25519', d: toBase64Url(secretKey), x: toBase64Url(publicKey) },
      format: 'jwk',
    }),
    publicKey: createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: toBase64Url(publicKey) },
      format: 'jwk',
    }),
  });

  it('computes the public key Node computes for the same secret key', () => {
    const { privateKey } = generateKeyPairSync('x25519');
    const jwk = privateKey.export({ format: 'jwk' });
    const pair = accountKeyPairFromSecretKey(Buffer.from(jwk.d!, 'base64url'));
    expect(toBase64Url(pair.publicKey)).toBe(jwk.x);
  });

  it('agrees with diffieHellman on the shared secret, both ways', async () => {
    const ours = await deriveAccountKeyPair({
      address: patient.address,
      signature: await signKeyMessage(patient),
    });
    const theirs = generateAccountKeyPair();
    const expected = x25519.getSharedSecret(ours.secretKey, theirs.publicKey);
    const a = nodeKeys(ours.secretKey, ours.publicKey);
    const b = nodeKeys(theirs.secretKey, theirs.publicKey);
    expect(new Uint8Array(diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey }))).toEqual(
      expected,
    );
    expect(new Uint8Array(diffieHellman({ privateKey: b.privateKey, publicKey: a.publicKey }))).toEqual(
      expected,
    );
  });
});

describe('assertX25519PublicKey', () => {
  it('accepts real public keys', () => {
    expect(() => assertX25519PublicKey(generateAccountKeyPair().publicKey)).not.toThrow();
  });

  it.each([
    ['zero', '0x0000000000000000000000000000000000000000000000000000000000000000'],
    ['one', '0x0100000000000000000000000000000000000000000000000000000000000000'],
    ['an order-8 point', '0xe0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'],
    ['another order-8 point', '0x5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157'],
    ['p - 1', '0xecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
  ] as const)('refuses the small-order point %s: INVALID_KEY', (_name, hex) => {
    expect(() => assertX25519PublicKey(fromHex(hex))).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY' }),
    );
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => assertX25519PublicKey(new Uint8Array(33))).toThrow(
      expect.objectContaining({ code: 'INVALID_KEY' }),
    );
  });
});
