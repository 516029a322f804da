import { bytesToHex, hexToBytes, keccak256, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { BadSignatureError, recoverSigner, recoveryBackend } from './recover-signer.ts';

const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const account = privateKeyToAccount(generatePrivateKey());
const digest = keccak256(toHex('an intent'));

describe('recoverSigner', () => {
  it('uses the native libsecp256k1 binding on this machine', () => {
    expect(recoveryBackend).toBe('libsecp256k1');
  });

  it('recovers the signing account', async () => {
    const signature = await account.sign({ hash: digest });
    expect(await recoverSigner(hexToBytes(digest), signature)).toBe(account.address);
  });

  it('rejects the malleable high-s twin of a valid signature', async () => {
    const signature = hexToBytes(await account.sign({ hash: digest }));
    const s = BigInt(bytesToHex(signature.subarray(32, 64)));
    const twin = new Uint8Array(signature);
    twin.set(hexToBytes(toHex(ORDER - s, { size: 32 })), 32);
    twin[64] = signature[64] === 27 ? 28 : 27;
    await expect(recoverSigner(hexToBytes(digest), twin)).rejects.toThrow(/upper half/);
  });

  it('rejects a wrong length and a bad recovery byte', async () => {
    await expect(recoverSigner(hexToBytes(digest), new Uint8Array(64))).rejects.toBeInstanceOf(
      BadSignatureError,
    );
    const signature = hexToBytes(await account.sign({ hash: digest }));
    signature[64] = 30;
    await expect(recoverSigner(hexToBytes(digest), signature)).rejects.toThrow(/recovery byte/);
  });

  it('recovers another address for another digest', async () => {
    const signature = await account.sign({ hash: digest });
    expect(await recoverSigner(hexToBytes(keccak256(toHex('other'))), signature)).not.toBe(account.address);
  });
});
