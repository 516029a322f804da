// Writes a byte source to a new file while computing its CID in the same pass, and stops with
// CONTENT_TOO_LARGE (deleting the file) as soon as more than the allowed bytes arrive. Both stores take
// uploads through it: the local store into its tmp/ folder, the Pinata store into a scratch file it uploads.
import { open, rm } from 'node:fs/promises';
import { cidOfBytes } from './cid-of-bytes.ts';
import type { ByteSource, StoredContent } from './content-store.ts';
import { StorageError } from './storage-error.ts';

/**
 * Streams `source` into a new file at `path` (which must not exist) and returns the content's CID and size.
 * The file is flushed to disk before this resolves; on any failure it is removed and the error rethrown.
 */
export async function spoolToFile(
  source: ByteSource,
  path: string,
  options: { maxBytes: number },
): Promise<StoredContent> {
  const file = await open(path, 'wx');
  try {
    async function* written(): AsyncGenerator<Uint8Array> {
      for await (const chunk of atMost(source, options.maxBytes)) {
        // A write may take fewer bytes than asked (disk full, signals): keep going until the chunk is down.
        for (let offset = 0; offset < chunk.byteLength; ) {
          offset += (await file.write(chunk, offset)).bytesWritten;
        }
        yield chunk;
      }
    }
    const stored = await cidOfBytes(written());
    await file.sync();
    await file.close();
    return stored;
  } catch (error) {
    await file.close().catch(() => {});
    await rm(path, { force: true });
    throw error;
  }
}

// Passes chunks through, failing once their total exceeds maxBytes. Leaving the loop early cancels the source.
async function* atMost(source: ByteSource, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of chunksFrom(source)) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new StorageError('CONTENT_TOO_LARGE', `content exceeds the limit of ${maxBytes} bytes`);
    }
    yield chunk;
  }
}

// The chunks of either kind of source. A web stream is read through a reader, not `for await`: the DOM typings
// of ReadableStream are not async-iterable. Stopping early cancels the stream.
async function* chunksFrom(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (!('getReader' in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let done = false;
  try {
    while (!done) {
      const next = await reader.read();
      done = next.done;
      if (next.value) yield next.value;
    }
  } finally {
    if (done) reader.releaseLock();
    // Cancelling an errored stream rejects with its error: the one already on its way out.
    else await reader.cancel().catch(() => {});
  }
}
