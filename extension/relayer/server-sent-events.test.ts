import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from './server-sent-events.ts';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('reads named events with ids, skipping comments (keepalives)', async () => {
    const events = await collect([
      'event: ready\ndata: {"after":"0"}\n\n',
      ': keepalive\n\n',
      'id: 7\nevent: access.requested\ndata: {"id":"7"}\n\n',
    ]);
    expect(events).toEqual([
      { event: 'ready', data: '{"after":"0"}', id: undefined },
      { event: 'access.requested', data: '{"id":"7"}', id: '7' },
    ]);
  });

  it('joins events split anywhere across chunks, including between \\r and \\n', async () => {
    const text = 'id: 12\r\nevent: status\r\ndata: {"status":"queued"}\r\n\r\n';
    const chunks = [...text].map((character) => character);
    expect(await collect(chunks)).toEqual([{ event: 'status', data: '{"status":"queued"}', id: '12' }]);
  });

  it('joins multi-line data and defaults the event name to "message"', async () => {
    expect(await collect(['data: one\ndata:two\n\n'])).toEqual([
      { event: 'message', data: 'one\ntwo', id: undefined },
    ]);
  });

  it('drops an event the stream ended in the middle of', async () => {
    expect(await collect(['id: 1\nevent: a\ndata: x\n\nid: 2\nevent: b\ndata: y\n'])).toEqual([
      { event: 'a', data: 'x', id: '1' },
    ]);
  });
});
