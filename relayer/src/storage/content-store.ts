// The contract every record content store keeps: content-addressed put, get, has and remove of opaque bytes
// (records arrive already encrypted). Implemented by the embedded LocalIpfsStore and by PinataStore.

/** Where a store's bytes come from: any async source of byte chunks (a web ReadableStream is one). */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** What a put stored: the content's CID and its size in bytes. */
export interface StoredContent {
  cid: string;
  size: number;
}

/** A content-addressed store of record bytes. */
export interface ContentStore {
  kind: 'local' | 'pinata';
  /**
   * Streams bytes in, returns the CID (CIDv1 base32, kubo defaults) and byte size. Rejects with a StorageError
   * code CONTENT_TOO_LARGE once more than maxBytes arrive (and keeps nothing).
   */
  put(source: ByteSource, options: { maxBytes: number; name?: string }): Promise<StoredContent>;
  /** The bytes of a CID as a web ReadableStream, or undefined when not stored. */
  get(cid: string): Promise<{ size: number; body: ReadableStream<Uint8Array> } | undefined>;
  has(cid: string): Promise<boolean>;
  /** Unpins / deletes; idempotent. */
  remove(cid: string): Promise<void>;
}
