// Reading a text/event-stream body. EventSource cannot send an Authorization header and does not exist in a
// service worker, so MediCrypt reads its streams with fetch and parses the events here (the WHATWG format:
// `field: value` lines, a blank line ends an event, lines starting with `:` are comments).

export interface ServerSentEvent {
  /** `event:`; "message" when the server named none. */
  event: string;
  data: string;
  /** `id:` of this event, if it had one. */
  id: string | undefined;
}

/** Yields each event of the stream as it arrives; ends when the stream ends. */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event: { event?: string; data: string[]; id?: string } = { data: [] };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        if (end < 0) break;
        // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
        if (buffer[end] === '\r' && end === buffer.length - 1) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (event.data.length > 0 || event.event !== undefined || event.id !== undefined) {
            yield { event: event.event ?? 'message', data: event.data.join('\n'), id: event.id };
          }
          event = { data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) text = text.slice(1);
        if (field === 'data') event.data.push(text);
        else if (field === 'event') event.event = text;
        else if (field === 'id' && !text.includes('\0')) event.id = text;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
