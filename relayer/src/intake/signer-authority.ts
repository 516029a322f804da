// What the chain (plus intents already queued) says an intent's signer may do: credentials, the issuer role,
// delegations, and ERC-1271 signatures of contract wallets. Checks made together share one JSON-RPC batch.
import { consentRegistryAbi, roles } from '@medicrypt/contracts';
import { type Address, bytesToHex, type Hex } from 'viem';
import type { ChainClient } from '../chain/chain-client.ts';
import { ERC1271_MAGIC, erc1271Abi } from '../chain/erc1271.ts';

export class SignerAuthority {
  private issuerRole: Promise<Hex> | undefined;

  constructor(private readonly chain: ChainClient) {}

  private read(functionName: string, args: readonly unknown[]): Promise<unknown> {
    return this.chain.batchedPublicClient.readContract({
      address: this.chain.registry,
      abi: consentRegistryAbi,
      functionName,
      args,
    } as never);
  }

  isDoctor(account: Address): Promise<boolean> {
    return this.read('isCredentialed', [account, roles.doctor]) as Promise<boolean>;
  }

  isResearcher(account: Address): Promise<boolean> {
    return this.read('isCredentialed', [account, roles.researcher]) as Promise<boolean>;
  }

  async isIssuer(account: Address): Promise<boolean> {
    this.issuerRole ??= this.read('ISSUER_ROLE', []) as Promise<Hex>;
    return this.read('hasRole', [await this.issuerRole, account]) as Promise<boolean>;
  }

  isDelegate(patient: Address, delegate: Address): Promise<boolean> {
    return this.read('isDelegate', [patient, delegate]) as Promise<boolean>;
  }

  /** ERC-1271: asks a contract wallet whether it accepts `signature` for `digest`. False for an EOA. */
  async walletAccepts(account: Address, digest: Uint8Array, signature: Hex): Promise<boolean> {
    const code = await this.chain.batchedPublicClient.getCode({ address: account });
    if (!code || code === '0x') return false;
    try {
      const magic = await this.chain.batchedPublicClient.readContract({
        address: account,
        abi: erc1271Abi,
        functionName: 'isValidSignature',
        args: [bytesToHex(digest), signature],
      });
      return magic === ERC1271_MAGIC;
    } catch {
      return false;
    }
  }
}
