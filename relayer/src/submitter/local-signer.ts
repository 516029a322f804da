// The relayer's own signer: a key from config. It signs with libsecp256k1 and hashes with native keccak where
// their prebuilt bindings load (a batch transaction carries tens of KB of calldata, which viem's pure-JS keccak
// hashes ~20x slower), else with viem's account; both give the same bytes (RFC 6979 nonces, low s).
import {
  bytesToHex,
  type Hex,
  hexToBytes,
  serializeTransaction,
  type TransactionSerializableEIP1559,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { keccak256OfHex } from '../crypto/native-keccak.ts';
import { nativeSecp256k1 as native } from '../crypto/native-secp256k1.ts';
import type { LocalSigner } from './signer-backend.ts';

type Transaction = Parameters<LocalSigner['signTransaction']>[0];

const eip1559 = ({ to, data, gas, fees, nonce, chainId }: Transaction): TransactionSerializableEIP1559 => ({
  type: 'eip1559',
  chainId,
  to,
  data,
  gas,
  nonce,
  value: 0n,
  maxFeePerGas: fees.maxFeePerGas,
  maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
});

export function createLocalSigner(privateKey: Hex): LocalSigner {
  const account = privateKeyToAccount(privateKey);
  const key = hexToBytes(privateKey);
  return {
    kind: 'local',
    address: account.address,
    signTransaction: async (transaction) => {
      const unsigned = eip1559(transaction);
      if (!native) return account.signTransaction(unsigned);
      const { signature, recid } = native.ecdsaSign(keccak256OfHex(serializeTransaction(unsigned)), key);
      return serializeTransaction(unsigned, {
        r: bytesToHex(signature.subarray(0, 32)),
        s: bytesToHex(signature.subarray(32, 64)),
        yParity: recid,
      });
    },
  };
}
