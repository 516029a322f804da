// What the EMR overlay (a content script) asks MediCrypt's background, which holds the doctor's relayer session.
// The session and the encryption key never reach the page's process: the overlay gets answers, not tokens.
import type { IntentName } from '@medicrypt/contracts';
import type { Address } from 'viem';
import type { AccessStanding, IntentView } from '../relayer/api-types.ts';
import type { NetworkName } from '../settings/networks.ts';
import type { SignIntentReturnType } from '../wallet/sign-intent.ts';

export const OVERLAY_MESSAGE = 'medicrypt:overlay';

export interface OverlaySession {
  account: Address;
  credentials: string[];
  network: NetworkName;
  relayerUrl: string;
}

export interface OverlayOperations {
  /** The signed-in account, or null when signed out (the doctor signs in from the toolbar popup). */
  session: { request: Record<string, never>; value: OverlaySession | null };
  standing: { request: { patient: Address }; value: AccessStanding };
  /** An ENS name's address, resolved on the configured network. */
  resolveName: { request: { name: string }; value: Address };
  /** Sends a signed intent to the relayer; it joins the activity list the popup shows. */
  submit: { request: { signed: SignIntentReturnType; type: IntentName; label: string }; value: IntentView };
  intent: { request: { id: string }; value: IntentView };
  /** Opens the patient's granted records, decrypted, in an extension page. */
  openRecords: { request: { patient: Address }; value: null };
}

export type OverlayOperation = keyof OverlayOperations;

/** The operation's fields travel under `request`, so none of them can shadow `type` or `op`. */
export type OverlayMessage = {
  [K in OverlayOperation]: { type: typeof OVERLAY_MESSAGE; op: K; request: OverlayOperations[K]['request'] };
}[OverlayOperation];

export type OverlayReply<K extends OverlayOperation> =
  | { ok: true; value: OverlayOperations[K]['value'] }
  | { ok: false; error: { code: string; message: string } };

export function isOverlayMessage(message: unknown): message is OverlayMessage {
  return (message as { type?: unknown } | null)?.type === OVERLAY_MESSAGE;
}

/** An error the background reported, with the relayer's or wallet's stable code and a sentence for people. */
export class OverlayError extends Error {
  override name = 'OverlayError';
  constructor(
    readonly code: string,
    readonly shortMessage: string,
  ) {
    super(shortMessage);
  }
}
