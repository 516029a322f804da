// @medicrypt/contracts: the one source of the ABIs, EIP-712 intent types, codes and deployed addresses.
export {
  consentRegistryAbi,
  consentRegistryBytecode,
  intentForwarderAbi,
  intentForwarderBytecode,
} from '../generated/abis.ts';
export * from './cid.ts';
export * from './codes.ts';
export * from './deployments.ts';
export * from './intent-hasher.ts';
export * from './intent-objects.ts';
export * from './intents.ts';
export * from './sign-in-message.ts';
export * from './studies.ts';
