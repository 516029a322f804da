// Everything a patient action needs: the wallet to sign with, the relayer to talk to, and the intent domain.
import type { IntentContext } from '@medicrypt/contracts';
import type { Address } from 'viem';
import type { RelayerClient } from '../relayer/relayer-client.ts';
import type { Network } from '../settings/networks.ts';
import type { Eip1193Provider } from '../wallet/eip1193.ts';

export interface PatientConnection {
  provider: Eip1193Provider;
  client: RelayerClient;
  /** The signed-in patient (the wallet's account). */
  account: Address;
  chainId: number;
  /** The intent domain, or undefined where MediCrypt's contracts are not deployed. */
  intents: IntentContext | undefined;
}

export class NotDeployedError extends Error {
  override name = 'NotDeployedError';
  readonly shortMessage: string;
  constructor() {
    super("MediCrypt's contracts are not configured for this network in this version of the extension.");
    this.shortMessage = this.message;
  }
}

export function intentContextOf(network: Network): IntentContext | undefined {
  return network.forwarder ? { chainId: network.chainId, forwarder: network.forwarder } : undefined;
}
