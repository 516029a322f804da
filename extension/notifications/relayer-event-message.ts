// The background tells open MediCrypt pages (and the overlays on EMR sites, doctor/overlay-events.ts) that
// something happened at the relayer, so they reload what they show without opening a stream of their own.

export const RELAYER_EVENT_MESSAGE = 'medicrypt:relayer-event';

export interface RelayerEventMessage {
  type: typeof RELAYER_EVENT_MESSAGE;
  /** The notification type, e.g. `access.requested`. */
  event: string;
  /** The patient the event is about (lower case), when it names one. */
  patient?: string;
}

export function isRelayerEventMessage(message: unknown): message is RelayerEventMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === RELAYER_EVENT_MESSAGE
  );
}
