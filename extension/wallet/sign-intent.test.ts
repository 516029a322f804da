import { categoryMask, encodeIntent, type IntentMessage, intentTypedData } from '@medicrypt/contracts';
import { type Hex, verifyTypedData } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { FakeProvider, rpcError } from '../testing/fake-provider.ts';
import { signIntent } from './sign-intent.ts';
import { intentTypedDataJson } from './typed-data-json.ts';

const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const context = { chainId: 11155111, forwarder: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } as const;
const message: IntentMessage<'approveAccess'> = {
  actor: patient.address,
  patient: patient.address,
  grantee: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  categories: categoryMask(['lab', 'imaging']),
  expiresAt: 2_000_000_000,
  nonce: 0,
  deadline: 1_900_000_000,
};
const parameters = { account: patient.address, context, name: 'approveAccess', message } as const;

/** Signs the way MetaMask does: from the JSON, with integers given as strings read back as integers. */
async function signLikeMetaMask(params: unknown): Promise<Hex> {
  const [, json] = params as [string, string];
  const typedData = JSON.parse(json);
  typedData.message.categories = BigInt(typedData.message.categories);
  return patient.signTypedData(typedData);
}

describe('signIntent', () => {
  it('sends [account, typed data JSON] to eth_signTypedData_v4 and returns a relayer submission', async () => {
    const provider = new FakeProvider({ handlers: { eth_signTypedData_v4: signLikeMetaMask } });
    const signed = await signIntent(provider, parameters);

    const signRequest = provider.requests.find((request) => request.method === 'eth_signTypedData_v4');
    expect(signRequest?.params).toEqual([
      patient.address,
      intentTypedDataJson(context, 'approveAccess', message),
    ]);
    expect(signed).toMatchObject({ ...context, data: encodeIntent('approveAccess', message) });
    const typedData = intentTypedData(context, 'approveAccess', message);
    expect(
      await verifyTypedData({ address: patient.address, ...typedData, signature: signed.signature } as never),
    ).toBe(true);
  });

  it('maps the user’s rejection (4001) to a typed error with a clear message', async () => {
    const provider = new FakeProvider({
      handlers: {
        eth_signTypedData_v4: () => Promise.reject(rpcError(4001, 'User denied message signature.')),
      },
    });
    const failure = signIntent(provider, parameters);
    await expect(failure).rejects.toMatchObject({
      name: 'UserRejectedRequestError',
      code: 'USER_REJECTED',
      action: 'sign',
      message: 'You rejected the signature request in MetaMask, so nothing was signed or sent.',
      details: 'User denied message signature.',
    });
  });

  it('refuses before prompting when the wallet is on another chain', async () => {
    const provider = new FakeProvider({ chainId: 1, handlers: { eth_signTypedData_v4: signLikeMetaMask } });
    await expect(signIntent(provider, parameters)).rejects.toMatchObject({
      code: 'WRONG_NETWORK',
      expectedChainId: 11155111,
      actualChainId: 1,
    });
    expect(provider.methods()).toEqual(['eth_chainId']);
  });

  it('rejects an answer that is not a 65-byte signature', async () => {
    const provider = new FakeProvider({ handlers: { eth_signTypedData_v4: () => '0x1234' } });
    await expect(signIntent(provider, parameters)).rejects.toMatchObject({ code: 'WALLET_REQUEST_FAILED' });
  });
});
