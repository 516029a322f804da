// ERC-1271: how a contract wallet says a signature is its own. One definition for intake and sign-in.

export const erc1271Abi = [
  {
    type: 'function',
    name: 'isValidSignature',
    stateMutability: 'view',
    inputs: [
      { name: 'hash', type: 'bytes32' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [{ name: 'magicValue', type: 'bytes4' }],
  },
] as const;

/** `isValidSignature`'s answer for a valid signature: its own selector. */
export const ERC1271_MAGIC = '0x1626ba7e';
