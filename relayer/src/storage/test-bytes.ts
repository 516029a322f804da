// Test support: deterministic pseudo-random bytes (xorshift32), so a test's content and its CID are the same on
// every run and machine, and helpers to feed and read them as streams.

const DEFAULT_SEED = 0x9e3779b9;

/** `length` pseudo-random bytes, the same for the same `length` and `seed`. */
export function deterministicBytes(length: number, seed = DEFAULT_SEED): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || DEFAULT_SEED;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/** `bytes` as an async source of chunks of `chunkBytes` (an odd size, to not line up with any block size). */
export async function* chunksOf(bytes: Uint8Array, chunkBytes: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    yield bytes.subarray(offset, offset + chunkBytes);
  }
}

/** `bytes` as a web ReadableStream of chunks of `chunkBytes`; `cancelled()` tells whether a reader gave up. */
export function streamOf(bytes: Uint8Array, chunkBytes: number) {
  let offset = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

/** Everything a web ReadableStream holds, read to the end. */
export async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}
