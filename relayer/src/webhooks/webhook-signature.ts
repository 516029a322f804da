// Webhook signatures: HMAC-SHA256 with WEBHOOK_SECRET over `<timestamp>.<raw body>`, sent as
// `X-MediCrypt-Signature: sha256=<hex>` with the timestamp (Unix seconds) in `X-MediCrypt-Timestamp`. A receiver
// recomputes it over the exact bytes it received and refuses a timestamp older than its tolerance, so a captured
// delivery cannot be replayed later; the event id in the body lets it drop a delivery it already handled.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-medicrypt-signature';
export const TIMESTAMP_HEADER = 'x-medicrypt-timestamp';
export const EVENT_HEADER = 'x-medicrypt-event';
export const DELIVERY_HEADER = 'x-medicrypt-delivery';
/** How old a delivery a receiver should still accept (and how far in the future, for clock skew). */
export const DEFAULT_TOLERANCE_SECONDS = 300;
const SCHEME = 'sha256=';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return SCHEME + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookCheck {
  secret: string;
  /** The raw body as received (before any JSON parsing). */
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/** Whether a delivery is authentic and fresh; compares in constant time. */
export function verifyWebhook(check: WebhookCheck): boolean {
  const { secret, body, timestamp, signature } = check;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = check.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (check.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const presented = Buffer.from(signature);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
