// The relayer's own signer: a viem local account from a private key in config.
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { LocalSigner } from './signer-backend.ts';

export function createLocalSigner(privateKey: Hex): LocalSigner {
  const account = privateKeyToAccount(privateKey);
  return {
    kind: 'local',
    address: account.address,
    signTransaction: ({ to, data, gas, fees, nonce, chainId }) =>
      account.signTransaction({
        type: 'eip1559',
        chainId,
        to,
        data,
        gas,
        nonce,
        value: 0n,
        maxFeePerGas: fees.maxFeePerGas,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
      }),
  };
}
