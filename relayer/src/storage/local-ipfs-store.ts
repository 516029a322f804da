// The embedded IPFS store: content-addressed blobs in a data directory, one file per CID at
// `<dataDir>/blobs/<cid>`. An upload is spooled to `<dataDir>/tmp/` while its CID is computed, then renamed into
// place, so a blob file is always complete; being plain files, the store survives restarts.
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { canonicalCid } from './canonical-cid.ts';
import type { ByteSource, ContentStore, StoredContent } from './content-store.ts';
import { spoolToFile } from './spool-to-file.ts';

const BLOBS_FOLDER = 'blobs';
const TMP_FOLDER = 'tmp';

/** Where a LocalIpfsStore keeps its files. */
export interface LocalIpfsStoreOptions {
  dataDir: string;
}

/** A ContentStore in a local data directory (PINATA_JWT unset). Folders are created on the first put. */
export class LocalIpfsStore implements ContentStore {
  readonly kind = 'local';
  readonly #blobsDir: string;
  readonly #tmpDir: string;

  constructor(options: LocalIpfsStoreOptions) {
    this.#blobsDir = join(options.dataDir, BLOBS_FOLDER);
    this.#tmpDir = join(options.dataDir, TMP_FOLDER);
  }

  async put(source: ByteSource, options: { maxBytes: number; name?: string }): Promise<StoredContent> {
    await Promise.all([mkdir(this.#tmpDir, { recursive: true }), mkdir(this.#blobsDir, { recursive: true })]);
    const spooled = join(this.#tmpDir, randomUUID());
    const stored = await spoolToFile(source, spooled, options);
    try {
      // Same content, same CID, same path: a rename over an existing blob replaces it with identical bytes.
      await rename(spooled, this.#blobPath(stored.cid));
    } catch (error) {
      await rm(spooled, { force: true });
      throw error;
    }
    return stored;
  }

  async get(cid: string): Promise<{ size: number; body: ReadableStream<Uint8Array> } | undefined> {
    const path = this.#blobPath(canonicalCid(cid));
    // Open first, then size the open file: a remove in between cannot turn into a failed read.
    const file = await open(path, 'r').catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (!file) return undefined;
    try {
      const { size } = await file.stat();
      const body = Readable.toWeb(file.createReadStream()) as ReadableStream<Uint8Array>;
      return { size, body };
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async has(cid: string): Promise<boolean> {
    try {
      return (await stat(this.#blobPath(canonicalCid(cid)))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async remove(cid: string): Promise<void> {
    await rm(this.#blobPath(canonicalCid(cid)), { force: true });
  }

  // Only ever called with a canonical CID (base32 letters and digits), so the path stays inside blobs/.
  #blobPath(cid: string): string {
    return join(this.#blobsDir, cid);
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
