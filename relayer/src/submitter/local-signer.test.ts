import { randomBytes } from 'node:crypto';
import { type Hex, keccak256, parseTransaction, recoverTransactionAddress } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { keccak256Hex } from '../crypto/native-keccak.ts';
import { nativeSecp256k1 } from '../crypto/native-secp256k1.ts';
import { createLocalSigner } from './local-signer.ts';

const batch = (data: Hex, nonce: number) => ({
  to: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const,
  data,
  gas: 3_000_000n,
  fees: { maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n },
  nonce,
  chainId: 11155111,
});

describe('createLocalSigner', () => {
  it('signs with the native binding on this machine', () => {
    expect(nativeSecp256k1).toBeDefined();
  });

  it("produces viem's exact bytes, recoverable to its address, for small and batch-sized calldata", async () => {
    const privateKey = generatePrivateKey();
    const account = privateKeyToAccount(privateKey);
    const signer = createLocalSigner(privateKey);
    expect(signer.address).toBe(account.address);
    for (const [size, nonce] of [
      [0, 1],
      [68, 7],
      [40_000, 123_456],
    ] as const) {
      const transaction = batch(`0x${randomBytes(size).toString('hex')}`, nonce);
      const raw = await signer.signTransaction(transaction);
      const viaViem = await account.signTransaction({
        type: 'eip1559',
        chainId: transaction.chainId,
        to: transaction.to,
        data: transaction.data,
        gas: transaction.gas,
        nonce,
        value: 0n,
        ...transaction.fees,
      });
      expect(raw).toBe(viaViem);
      expect(await recoverTransactionAddress({ serializedTransaction: raw as never })).toBe(account.address);
      const parsed = parseTransaction(raw);
      expect(parsed.chainId).toBe(transaction.chainId);
      expect(parsed.data ?? '0x').toBe(transaction.data);
      expect(keccak256Hex(raw)).toBe(keccak256(raw));
    }
  });
});
