// A FIFO of byte chunks that hands out exact lengths without re-concatenating everything it holds: streams
// deliver chunks of any size and segments are cut at fixed sizes across them.

interface Chunk {
  bytes: Uint8Array;
  /** A copy made by the queue; otherwise a view of the caller's buffer. */
  owned: boolean;
}

export class ByteQueue {
  #chunks: Chunk[] = [];
  /** Bytes of the first chunk already read. */
  #offset = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** Queues `chunk` without copying it: see `own`. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push({ bytes: chunk, owned: false });
    this.#length += chunk.length;
  }

  /**
   * Copies whatever is still queued from callers' buffers, so they may reuse them. Each byte is copied at
   * most once, however many times this is called.
   */
  own(): void {
    this.#chunks.forEach((chunk, i) => {
      if (chunk.owned) return;
      const start = i === 0 ? this.#offset : 0;
      this.#chunks[i] = { bytes: chunk.bytes.slice(start), owned: true };
      if (i === 0) this.#offset = 0;
    });
  }

  /** The next `length` bytes (a view when they lie in one chunk, a copy otherwise). */
  read(length: number): Uint8Array {
    if (length > this.#length) throw new RangeError(`cannot read ${length} bytes of ${this.#length}`);
    const first = this.#chunks[0]?.bytes;
    if (first && first.length - this.#offset >= length) {
      const view = first.subarray(this.#offset, this.#offset + length);
      this.#advance(length);
      return view;
    }
    const out = new Uint8Array(length);
    let written = 0;
    while (written < length) {
      const chunk = this.#chunks[0]!.bytes;
      const take = Math.min(chunk.length - this.#offset, length - written);
      out.set(chunk.subarray(this.#offset, this.#offset + take), written);
      written += take;
      this.#advance(take);
    }
    return out;
  }

  /** The next `length` bytes (or fewer when fewer are queued), without consuming them. */
  peek(length: number): Uint8Array {
    const out = new Uint8Array(Math.min(length, this.#length));
    let written = 0;
    for (let i = 0; written < out.length; i++) {
      const chunk = this.#chunks[i]!.bytes.subarray(i === 0 ? this.#offset : 0);
      const take = Math.min(chunk.length, out.length - written);
      out.set(chunk.subarray(0, take), written);
      written += take;
    }
    return out;
  }

  /** Everything left. */
  readAll(): Uint8Array {
    return this.read(this.#length);
  }

  #advance(length: number): void {
    this.#offset += length;
    this.#length -= length;
    if (this.#offset === this.#chunks[0]!.bytes.length) {
      this.#chunks.shift();
      this.#offset = 0;
    }
  }
}
