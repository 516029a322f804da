// The live stream (GET /v1/operator/stream, server-sent events) read with fetch, so it carries the same
// credentials as every other call (EventSource cannot send headers). Reconnects with a growing pause.
import type { OperatorApi } from './client.ts';
import type { Snapshot } from './types.ts';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 15_000;

export type LiveState = 'connecting' | 'live' | 'offline';

export function followLive(
  api: OperatorApi,
  onSnapshot: (snapshot: Snapshot) => void,
  onState: (state: LiveState) => void,
): () => void {
  const controller = new AbortController();
  let retryMs = FIRST_RETRY_MS;

  const run = async () => {
    while (!controller.signal.aborted) {
      onState('connecting');
      try {
        const response = await api.fetch('/v1/operator/stream', { signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState('live');
        retryMs = FIRST_RETRY_MS;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            let event = '';
            let data = '';
            for (const line of frame.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data += line.slice(5).trimStart();
            }
            if (event === 'snapshot' && data) onSnapshot(JSON.parse(data) as Snapshot);
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      onState('offline');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  };
  void run();
  return () => controller.abort();
}
