// The background tells open MediCrypt pages that something happened at the relayer, so the popup reloads what
// it shows without opening a stream of its own.

export const RELAYER_EVENT_MESSAGE = 'medicrypt:relayer-event';

export interface RelayerEventMessage {
  type: typeof RELAYER_EVENT_MESSAGE;
  /** The notification type, e.g. `access.requested`. */
  event: string;
}

export function isRelayerEventMessage(message: unknown): message is RelayerEventMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === RELAYER_EVENT_MESSAGE
  );
}
