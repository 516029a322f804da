// Computes the CID kubo's `ipfs add --cid-version=1` gives a file: CIDv1, raw leaves, 256 KiB fixed-size chunks,
// balanced DAG of at most 174 links per node. Streams: blocks go to a black-hole blockstore, so memory stays
// bounded by a few chunks whatever the input size.
import { BlackHoleBlockstore } from 'blockstore-core/black-hole';
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import type { StoredContent } from './content-store.ts';

/** kubo's default chunk size (`size-262144`). */
export const KUBO_CHUNK_BYTES = 256 * 1024;
/** kubo's default fan-out of a balanced DAG node. */
export const KUBO_MAX_LINKS_PER_NODE = 174;
const CID_VERSION = 1;
// Chunks hashed ahead of the DAG builder. The CID does not depend on it; memory is about this many chunks.
const CHUNKS_IN_FLIGHT = 4;

/** The bytes to address: one buffer or a (possibly async) sequence of chunks of any sizes. */
export type CidInput = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** The CID (CIDv1, base32) kubo would give these bytes, and their size. Reads the input once, in order. */
export async function cidOfBytes(input: CidInput): Promise<StoredContent> {
  let size = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of input instanceof Uint8Array ? [input] : input) {
      size += chunk.byteLength;
      yield chunk;
    }
  }
  const root = await lastOf(
    importer([{ content: counted() }], new BlackHoleBlockstore(), {
      cidVersion: CID_VERSION,
      rawLeaves: true,
      reduceSingleLeafToSelf: true,
      chunker: fixedSize({ chunkSize: KUBO_CHUNK_BYTES }),
      layout: balanced({ maxChildrenPerNode: KUBO_MAX_LINKS_PER_NODE }),
      blockWriteConcurrency: CHUNKS_IN_FLIGHT,
    }),
  );
  return { cid: root.cid.toString(), size };
}

async function lastOf<T>(source: AsyncIterable<T>): Promise<T> {
  let last: { value: T } | undefined;
  for await (const value of source) last = { value };
  if (!last) throw new Error('the importer yielded no root');
  return last.value;
}
