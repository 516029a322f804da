// A patient's ENS name, as the EMR page shows it, resolved to the address consent is asked of. Resolved
// on the configured network's RPC with Sepolia's ENS contracts (viem's Universal Resolver address for
// Sepolia): both networks answer with Sepolia's chain id; the local anvil chain has no ENS unless a test
// puts one there.
import { type Address, createPublicClient, http } from 'viem';
import { sepolia } from 'viem/chains';
import { normalize } from 'viem/ens';
import type { Network } from '../settings/networks.ts';

/** The overlay shows `shortMessage`; `code` travels in the background's reply (overlay-service.ts). */
export class NameNotResolvedError extends Error {
  readonly code = 'NAME_NOT_RESOLVED';
  readonly shortMessage: string;

  constructor(name: string, networkLabel: string, options?: { cause?: unknown }) {
    const message = `${name} does not resolve to an address on ${networkLabel}.`;
    super(message, options);
    this.name = 'NameNotResolvedError';
    this.shortMessage = message;
  }
}

/**
 * The checksummed address `name` resolves to on `network`, or a NameNotResolvedError.
 *
 * Every failure is NAME_NOT_RESOLVED, on purpose: a name ENS refuses to normalize (invalid characters), a
 * name without a resolver or address, and an RPC that is down or answers garbage all leave the doctor with
 * the same thing to do (check the name, or name the patient by address or QR code), and the overlay shows
 * the message as is. The underlying error is kept as `cause` for the console.
 */
export async function resolvePatientName(
  network: Pick<Network, 'rpcUrl' | 'label'>,
  name: string,
): Promise<Address> {
  const chain = createPublicClient({ chain: sepolia, transport: http(network.rpcUrl) });
  let address: Address | null = null;
  try {
    address = await chain.getEnsAddress({ name: normalize(name) });
  } catch (error) {
    throw new NameNotResolvedError(name, network.label, { cause: error });
  }
  if (!address) throw new NameNotResolvedError(name, network.label);
  return address;
}
