// One doctor action from the overlay: the page's wallet (EIP-6963) signs the intent, the background sends it
// to the relayer as the signed-in doctor. The wallet must hold the account MediCrypt is signed in with.
import type { IntentMessage, IntentName } from '@medicrypt/contracts';
import { type Address, getAddress } from 'viem';
import { intentContextOf, NotDeployedError } from '../patient/patient-connection.ts';
import type { IntentView } from '../relayer/api-types.ts';
import { networks } from '../settings/networks.ts';
import type { Eip1193Provider } from '../wallet/eip1193.ts';
import { walletErrorFrom } from '../wallet/errors.ts';
import { signIntent } from '../wallet/sign-intent.ts';
import { askBackground } from './overlay-client.ts';
import type { OverlaySession } from './overlay-messages.ts';

export class WalletAccountMismatchError extends Error {
  override name = 'WalletAccountMismatchError';
  readonly code = 'WALLET_ACCOUNT_MISMATCH';
  readonly shortMessage: string;
  constructor(wallet: Address | undefined, signedIn: Address) {
    super(
      wallet
        ? `The wallet on this page uses ${wallet}, but MediCrypt is signed in as ${signedIn}. Switch accounts in the wallet, or sign in again from the toolbar.`
        : 'The wallet on this page shared no account. Unlock it and try again.',
    );
    this.shortMessage = this.message;
  }
}

/** The wallet's account, asking it to connect this page if needed; it must be the signed-in one. */
export async function walletAccount(wallet: Eip1193Provider, session: OverlaySession): Promise<Address> {
  let accounts: unknown;
  try {
    accounts = await wallet.request({ method: 'eth_requestAccounts' });
  } catch (error) {
    throw walletErrorFrom(error, 'connect');
  }
  const first =
    Array.isArray(accounts) && typeof accounts[0] === 'string' ? getAddress(accounts[0]) : undefined;
  if (!first || first !== getAddress(session.account))
    throw new WalletAccountMismatchError(first, session.account);
  return first;
}

/**
 * Signs `name` in the page's wallet (EIP-6963) and has the background submit it as the signed-in doctor.
 * Nothing reaches the background unless the wallet, on the right account and network, signed.
 */
export async function sendDoctorIntent<N extends IntentName>(
  wallet: Eip1193Provider,
  session: OverlaySession,
  name: N,
  message: IntentMessage<N>,
  label: string,
): Promise<IntentView> {
  const context = intentContextOf(networks[session.network]);
  if (!context) throw new NotDeployedError();
  const account = await walletAccount(wallet, session);
  const signed = await signIntent(wallet, { account, context, name, message });
  return askBackground('submit', { signed, type: name, label });
}
