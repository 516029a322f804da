import { categoryMask, type IntentMessage, purposes } from '@medicrypt/contracts';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FakeProvider, rpcError } from '../testing/fake-provider.ts';
import { UserRejectedRequestError, WrongNetworkError } from '../wallet/errors.ts';
import { OVERLAY_MESSAGE, type OverlaySession } from './overlay-messages.ts';
import { sendDoctorIntent, WalletAccountMismatchError } from './send-doctor-intent.ts';

const doctor = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const other = privateKeyToAccount('0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6');
const session: OverlaySession = {
  account: doctor.address,
  credentials: ['doctor'],
  network: 'local',
  relayerUrl: 'http://127.0.0.1:8545',
};
const message: IntentMessage<'requestAccess'> = {
  actor: doctor.address,
  patient: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  categories: categoryMask(['lab']),
  purpose: purposes.treatment,
  duration: 30 * 86_400,
  nonce: 0,
  deadline: 1_900_000_000,
};

/** The page's wallet: signs as `account` (as MetaMask does, from the JSON) unless told otherwise. */
const pageWallet = (options: { accounts?: Hex[]; chainId?: number; rejectSignature?: boolean } = {}) =>
  new FakeProvider({
    accounts: options.accounts ?? [doctor.address],
    chainId: options.chainId,
    handlers: {
      eth_requestAccounts: async () => options.accounts ?? [doctor.address],
      eth_signTypedData_v4: async (params) => {
        if (options.rejectSignature) throw rpcError(4001, 'User denied message signature.');
        const typedData = JSON.parse((params as [string, string])[1]);
        return doctor.signTypedData(typedData);
      },
    },
  });

describe('sendDoctorIntent', () => {
  let submitted: unknown[];
  beforeEach(() => {
    submitted = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      submitted.push(message);
      return { ok: true, value: { id: 'intent-1', status: 'queued' } };
    });
  });

  it('signs in the page wallet and hands the signed intent to the background', async () => {
    const wallet = pageWallet();
    const intent = await sendDoctorIntent(wallet, session, 'requestAccess', message, 'Request access');
    expect(intent).toMatchObject({ id: 'intent-1' });
    expect(wallet.requests.map((request) => request.method)).toContain('eth_signTypedData_v4');
    expect(submitted).toEqual([
      {
        type: OVERLAY_MESSAGE,
        op: 'submit',
        request: expect.objectContaining({ type: 'requestAccess', label: 'Request access' }),
      },
    ]);
  });

  it('sends nothing when the doctor rejects the signature', async () => {
    const failure = sendDoctorIntent(
      pageWallet({ rejectSignature: true }),
      session,
      'requestAccess',
      message,
      'x',
    );
    await expect(failure).rejects.toBeInstanceOf(UserRejectedRequestError);
    await expect(failure).rejects.toThrow('You rejected the signature request in MetaMask');
    expect(submitted).toEqual([]);
  });

  it('refuses before prompting when the wallet is on another network, and says which', async () => {
    const wallet = pageWallet({ chainId: 1 });
    const failure = sendDoctorIntent(wallet, session, 'requestAccess', message, 'x');
    await expect(failure).rejects.toBeInstanceOf(WrongNetworkError);
    await expect(failure).rejects.toMatchObject({ code: 'WRONG_NETWORK' });
    expect(wallet.requests.map((request) => request.method)).not.toContain('eth_signTypedData_v4');
    expect(submitted).toEqual([]);
  });

  it('refuses a wallet on another account than the signed-in doctor, or one sharing none (locked)', async () => {
    for (const accounts of [[other.address], []]) {
      const wallet = pageWallet({ accounts });
      await expect(sendDoctorIntent(wallet, session, 'requestAccess', message, 'x')).rejects.toBeInstanceOf(
        WalletAccountMismatchError,
      );
      expect(wallet.requests.map((request) => request.method)).not.toContain('eth_signTypedData_v4');
    }
    expect(submitted).toEqual([]);
  });
});
