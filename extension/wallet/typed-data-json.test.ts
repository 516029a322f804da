import { categoryMask, type IntentMessage, intentDigest } from '@medicrypt/contracts';
import { describe, expect, it } from 'vitest';
import { intentTypedDataJson, typedDataJson } from './typed-data-json.ts';

const context = { chainId: 11155111, forwarder: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } as const;
const message: IntentMessage<'approveAccess'> = {
  actor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  patient: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  grantee: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  // Above 2^53: it only survives JSON as a string.
  categories: (1n << 60n) | categoryMask(['lab']),
  expiresAt: 2_000_000_000,
  nonce: 7,
  deadline: 1_900_000_000,
};

describe('typed data for eth_signTypedData_v4', () => {
  it('writes bigints as decimal strings and keeps small integers as numbers', () => {
    const json = JSON.parse(intentTypedDataJson(context, 'approveAccess', message));
    expect(json.message.categories).toBe(message.categories.toString());
    expect(json.message).toMatchObject({ expiresAt: 2_000_000_000, nonce: 7, deadline: 1_900_000_000 });
  });

  it('spells out the EIP712Domain type, which MetaMask would otherwise take as empty', () => {
    const json = JSON.parse(intentTypedDataJson(context, 'approveAccess', message));
    expect(json.primaryType).toBe('ApproveAccess');
    expect(json.types.EIP712Domain).toEqual([
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ]);
    expect(json.domain).toEqual({
      name: 'MediCrypt',
      version: '1',
      chainId: 11155111,
      verifyingContract: context.forwarder.toLowerCase(),
    });
  });

  it('describes the same digest the registry checks', async () => {
    const { hashTypedData } = await import('viem');
    const json = JSON.parse(intentTypedDataJson(context, 'approveAccess', message));
    const parsed = { ...json, message: { ...json.message, categories: BigInt(json.message.categories) } };
    expect(hashTypedData(parsed)).toBe(intentDigest(context, 'approveAccess', message));
  });

  it('rejects values that do not fit their type before the wallet sees them', () => {
    expect(() => intentTypedDataJson(context, 'approveAccess', { ...message, expiresAt: 2 ** 41 })).toThrow(
      /40-bit unsigned integer range/,
    );
    expect(() =>
      typedDataJson({
        domain: { chainId: 1 },
        types: { Ping: [{ name: 'who', type: 'address' }] },
        primaryType: 'Ping',
        message: { who: '0x1234' },
      }),
    ).toThrow(/Address "0x1234" is invalid/);
  });
});
