// The current on-chain version (nonce) of the object an intent changes, read from the registry's views. Reads made
// together (a burst of intents) share one JSON-RPC batch.
import { type AnyIntentMessage, consentRegistryAbi } from '@medicrypt/contracts';
import type { ChainClient } from './chain-client.ts';

/** The nonce the registry will require of `intent` now; `null` for record intents, which carry none. */
export async function readObjectNonce(chain: ChainClient, intent: AnyIntentMessage): Promise<number | null> {
  const read = <F extends string>(functionName: F, args: readonly unknown[]) =>
    chain.batchedPublicClient.readContract({
      address: chain.registry,
      abi: consentRegistryAbi,
      functionName,
      args,
    } as never) as Promise<{
      nonce: number;
    }>;
  switch (intent.name) {
    case 'issueCredential':
    case 'revokeCredential':
      return (await read('credentialOf', [intent.message.account, intent.message.role])).nonce;
    case 'requestAccess':
      return (await read('consentOf', [intent.message.patient, intent.message.actor])).nonce;
    case 'approveAccess':
    case 'denyAccess':
    case 'revokeAccess':
      return (await read('consentOf', [intent.message.patient, intent.message.grantee])).nonce;
    case 'openBreakGlass':
      return (await read('breakGlassOf', [intent.message.patient, intent.message.actor])).nonce;
    case 'setBreakGlassAllowed':
      return (await read('settingsOf', [intent.message.patient])).nonce;
    case 'appointDelegate':
    case 'revokeDelegate':
      return (await read('delegationOf', [intent.message.patient, intent.message.delegate])).nonce;
    case 'setResearchConsent':
      return (await read('researchConsentOf', [intent.message.patient, intent.message.purpose])).nonce;
    case 'setStudyConsent':
      return (await read('studyConsentOf', [intent.message.patient, intent.message.studyId])).nonce;
    case 'registerStudy':
    case 'registerRecord':
    case 'updateRecord':
    case 'removeRecord':
      return null;
  }
}
