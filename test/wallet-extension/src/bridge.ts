// The test wallet's bridge in web pages (isolated world): carries the page provider's requests (src/inpage.ts)
// to the service worker on a port, in MetaMask's stream framing, and the answers and events back.
import { BRIDGE_TARGET, INFO_FRAME, INPAGE_TARGET, STREAM_NAME } from './protocol.ts';

interface BridgePort {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
}
const { runtime } = (globalThis as unknown as { chrome: { runtime: { connect(info: object): BridgePort } } })
  .chrome;

const port = runtime.connect({ name: 'page-provider' });
port.onMessage.addListener((frame) => {
  const { name, data } = (frame ?? {}) as { name?: unknown; data?: unknown };
  if (name === STREAM_NAME) window.postMessage({ target: INPAGE_TARGET, data }, '*');
  else if (name === INFO_FRAME) window.postMessage({ target: INPAGE_TARGET, info: data }, '*');
});
window.addEventListener('message', (event) => {
  if (event.source !== window || event.data?.target !== BRIDGE_TARGET) return;
  port.postMessage({ name: STREAM_NAME, data: event.data.data });
});
