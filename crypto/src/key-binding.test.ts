import {
  concat,
  createPublicClient,
  custom,
  encodeAbiParameters,
  type Hex,
  hashTypedData,
  keccak256,
  stringToHex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { generateAccountKeyPair } from './account-keys.ts';
import { toHex } from './encoding.ts';
import {
  encryptionKeyDomain,
  encryptionKeyTypedData,
  type KeyBinding,
  type KeyBindingVerifier,
  parseKeyBinding,
  signKeyBinding,
  verifyKeyBinding,
} from './key-binding.ts';

const chainId = 11155111;
const doctor = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const mallory = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const now = 1_750_000_000;

async function bindingOf(overrides: Partial<Parameters<typeof signKeyBinding>[0]> = {}): Promise<KeyBinding> {
  return signKeyBinding({
    chainId,
    account: doctor.address,
    publicKey: generateAccountKeyPair().publicKey,
    issuedAt: now,
    signTypedData: (typedData) => doctor.signTypedData(typedData),
    ...overrides,
  });
}

describe('EncryptionKey typed data', () => {
  it('hashes as EIP-712 EncryptionKey(address account,bytes32 publicKey,uint64 issuedAt) in the MediCrypt domain', () => {
    const publicKey = toHex(new Uint8Array(32).fill(0x11));
    const typedData = encryptionKeyTypedData({ chainId, account: doctor.address, publicKey, issuedAt: now });
    const domainSeparator = keccak256(
      encodeAbiParameters(
        [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }],
        [
          keccak256(stringToHex('EIP712Domain(string name,string version,uint256 chainId)')),
          keccak256(stringToHex('MediCrypt')),
          keccak256(stringToHex('1')),
          BigInt(chainId),
        ],
      ),
    );
    const structHash = keccak256(
      encodeAbiParameters(
        [{ type: 'bytes32' }, { type: 'address' }, { type: 'bytes32' }, { type: 'uint64' }],
        [
          keccak256(stringToHex('EncryptionKey(address account,bytes32 publicKey,uint64 issuedAt)')),
          doctor.address,
          publicKey,
          BigInt(now),
        ],
      ),
    );
    expect(hashTypedData(typedData)).toBe(keccak256(concat(['0x1901', domainSeparator, structHash])));
  });

  it('adds a verifying contract to the domain only when given', () => {
    expect(encryptionKeyDomain({ chainId })).toEqual({ name: 'MediCrypt', version: '1', chainId });
    const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    expect(encryptionKeyDomain({ chainId, verifyingContract: registry }).verifyingContract).toBe(registry);
  });
});

describe('signKeyBinding / verifyKeyBinding (EOA)', () => {
  it('verifies a binding the account signed, also after a JSON round trip', async () => {
    const binding = await bindingOf();
    const verified = await verifyKeyBinding({
      binding: JSON.parse(JSON.stringify(binding)),
      chainId,
      account: doctor.address,
      now,
    });
    expect(verified.account).toBe(doctor.address);
    expect(toHex(verified.publicKey)).toBe(binding.publicKey);
    expect(verified.issuedAt).toBe(now);
  });

  it.each<[string, (binding: KeyBinding) => unknown]>([
    ['another public key', (b) => ({ ...b, publicKey: toHex(generateAccountKeyPair().publicKey) })],
    ['another issuedAt', (b) => ({ ...b, issuedAt: b.issuedAt - 1 })],
    ['another account', (b) => ({ ...b, account: mallory.address })],
    [
      'a signature by another key',
      async (b) => ({ ...b, signature: await mallory.signTypedData(encryptionKeyTypedData(b)) }),
    ],
    [
      'a garbled signature',
      (b) => ({ ...b, signature: `${b.signature.slice(0, 10)}00${b.signature.slice(12)}` }),
    ],
    ['a short signature', (b) => ({ ...b, signature: '0x1234' })],
  ])('rejects a binding with %s: INVALID_BINDING', async (_case, change) => {
    const binding = await change(await bindingOf());
    await expect(verifyKeyBinding({ binding, chainId, now })).rejects.toMatchObject({
      code: 'INVALID_BINDING',
    });
  });

  it('rejects a binding signed for another chain', async () => {
    const binding = await bindingOf({ chainId: 1 });
    await expect(verifyKeyBinding({ binding, chainId, now })).rejects.toMatchObject({
      code: 'INVALID_BINDING',
      shortMessage: 'the key binding was signed for another chain',
    });
  });

  it('rejects a valid binding of another account than the one asked for', async () => {
    const binding = await bindingOf();
    await expect(verifyKeyBinding({ binding, chainId, account: mallory.address, now })).rejects.toMatchObject(
      {
        code: 'INVALID_BINDING',
        shortMessage: 'the key binding is for another account',
      },
    );
  });

  it('requires the verifying contract the verifier expects, and none when it expects none', async () => {
    const registry = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
    const bound = await bindingOf({ verifyingContract: registry });
    expect(
      (await verifyKeyBinding({ binding: bound, chainId, verifyingContract: registry, now })).account,
    ).toBe(doctor.address);
    await expect(verifyKeyBinding({ binding: bound, chainId, now })).rejects.toMatchObject({
      code: 'INVALID_BINDING',
    });
    await expect(
      verifyKeyBinding({ binding: await bindingOf(), chainId, verifyingContract: registry, now }),
    ).rejects.toMatchObject({ code: 'INVALID_BINDING' });
  });

  it('rejects a binding issued in the future beyond the clock skew', async () => {
    const binding = await bindingOf({ issuedAt: now + 601 });
    await expect(verifyKeyBinding({ binding, chainId, now })).rejects.toMatchObject({
      code: 'INVALID_BINDING',
    });
    expect((await verifyKeyBinding({ binding, chainId, now: now + 1 })).issuedAt).toBe(now + 601);
  });

  it('rejects a signed binding of a small-order public key', async () => {
    const zero = new Uint8Array(32);
    const typedData = encryptionKeyTypedData({
      chainId,
      account: doctor.address,
      publicKey: zero,
      issuedAt: now,
    });
    const binding = {
      chainId,
      account: doctor.address,
      publicKey: toHex(zero),
      issuedAt: now,
      signature: await doctor.signTypedData(typedData),
    };
    await expect(verifyKeyBinding({ binding, chainId, now })).rejects.toMatchObject({
      code: 'INVALID_BINDING',
      shortMessage: 'the key binding holds an unusable public key',
    });
  });

  it('will not sign a small-order public key', async () => {
    await expect(bindingOf({ publicKey: new Uint8Array(32) })).rejects.toMatchObject({ code: 'INVALID_KEY' });
  });
});

describe('parseKeyBinding', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'binding'],
    ['a chain id of zero', { chainId: 0 }],
    ['a 31-byte public key', { publicKey: `0x${'11'.repeat(31)}` }],
    ['a fractional issuedAt', { issuedAt: 1.5 }],
    ['a bad account', { account: '0x1234' }],
    ['a signature that is not hex', { signature: 'signature' }],
  ])('rejects %s: INVALID_BINDING', async (_case, change) => {
    const binding = await bindingOf();
    const value = change !== null && typeof change === 'object' ? { ...binding, ...change } : change;
    expect(() => parseKeyBinding(value)).toThrow(expect.objectContaining({ code: 'INVALID_BINDING' }));
  });
});

describe('smart-contract accounts through a PublicClient', () => {
  const wallet = '0x4e59b44847b379578588920cA78FbF26c0B4956C';
  const walletSignature: Hex = `0x${'ab'.repeat(100)}`;

  /** A node whose contract wallet (ERC-1271) accepts `walletSignature` for the hash it was asked to sign. */
  function nodeAccepting(hash: Hex) {
    const calls: string[] = [];
    const client = createPublicClient({
      transport: custom({
        async request({ method, params }: { method: string; params?: unknown }) {
          calls.push(method);
          if (method === 'eth_chainId') return `0x${chainId.toString(16)}`;
          if (method === 'eth_call') {
            // viem's ERC-6492 validator call carries (signer, hash, signature) ABI-encoded.
            const data = ((params as [{ data: Hex }])[0].data ?? '').toLowerCase();
            const ok = data.includes(hash.slice(2)) && data.includes(walletSignature.slice(2));
            return ok ? '0x01' : '0x00';
          }
          throw new Error(`unexpected ${method}`);
        },
      }),
    });
    return { client, calls };
  }

  it('verifies an ERC-1271 signature through the client', async () => {
    const publicKey = generateAccountKeyPair().publicKey;
    const typedData = encryptionKeyTypedData({ chainId, account: wallet, publicKey, issuedAt: now });
    const binding: KeyBinding = {
      chainId,
      account: wallet,
      publicKey: toHex(publicKey),
      issuedAt: now,
      signature: walletSignature,
    };
    const { client, calls } = nodeAccepting(hashTypedData(typedData));
    const verified = await verifyKeyBinding({ binding, chainId, publicClient: client, now });
    expect(verified.account).toBe(wallet);
    expect(calls).toContain('eth_call');
  });

  it('rejects when the contract wallet does not accept the signature: INVALID_BINDING', async () => {
    const binding: KeyBinding = {
      chainId,
      account: wallet,
      publicKey: toHex(generateAccountKeyPair().publicKey),
      issuedAt: now,
      signature: walletSignature,
    };
    // The wallet accepts the signature only for some other hash (not one that ABI padding could contain).
    const { client } = nodeAccepting(`0x${'5a'.repeat(32)}`);
    await expect(verifyKeyBinding({ binding, chainId, publicClient: client, now })).rejects.toMatchObject({
      code: 'INVALID_BINDING',
    });
  });

  it('uses the client for EOAs too', async () => {
    const binding = await bindingOf();
    const publicClient: KeyBindingVerifier = {
      verifyTypedData: async (parameters) => parameters.address === doctor.address,
    } as KeyBindingVerifier;
    expect((await verifyKeyBinding({ binding, chainId, publicClient, now })).account).toBe(doctor.address);
  });
});
