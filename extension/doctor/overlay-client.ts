// The overlay's side of overlay-messages.ts: one typed call per operation.
import { browser } from 'wxt/browser';
import {
  OVERLAY_MESSAGE,
  OverlayError,
  type OverlayOperation,
  type OverlayOperations,
  type OverlayReply,
} from './overlay-messages.ts';

export async function askBackground<K extends OverlayOperation>(
  op: K,
  request: OverlayOperations[K]['request'],
): Promise<OverlayOperations[K]['value']> {
  const reply = (await browser.runtime.sendMessage({ type: OVERLAY_MESSAGE, op, request })) as
    | OverlayReply<K>
    | undefined;
  if (!reply) throw new OverlayError('NO_ANSWER', 'MediCrypt did not answer. Reload the page and try again.');
  if (!reply.ok) throw new OverlayError(reply.error.code, reply.error.message);
  return reply.value;
}
