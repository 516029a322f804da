// The Pinata store: record bytes pinned on Pinata's *private* IPFS network (`upload.private.file`), so they are
// never served by a public gateway and are read back only through short-lived signed access links. The CID is
// computed locally while the upload is spooled to a scratch file, and Pinata's answer must match it.
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileListItem, PinataError, PinataSDK } from 'pinata';
import { canonicalCid } from './canonical-cid.ts';
import type { ByteSource, ContentStore, StoredContent } from './content-store.ts';
import { spoolToFile } from './spool-to-file.ts';
import { StorageError } from './storage-error.ts';

// How long a signed gateway link stays valid: it is used at once, to start the download.
const ACCESS_LINK_TTL_SECONDS = 60;
const SCRATCH_PREFIX = 'medicrypt-pinata-';
const SCRATCH_FILE = 'content';
const CONTENT_TYPE = 'application/octet-stream';
const HTTP_NOT_FOUND = 404;
// The status the SDK reports for a delete that succeeded (it reports a failure as a message instead of throwing).
const DELETED_STATUS = 'OK';
// Files listed per CID: one upload makes one file; a few more only after concurrent puts of the same content.
const MAX_FILES_PER_CID = 100;

/** How to reach Pinata. `apiUrl` and `uploadUrl` override the SDK's endpoints (a stand-in); empty: the real ones. */
export interface PinataStoreOptions {
  jwt: string;
  /** The account's gateway domain (`example.mypinata.cloud`); a scheme is accepted and dropped. */
  gateway: string;
  apiUrl?: string;
  uploadUrl?: string;
  /** Where uploads are spooled before they go to Pinata; default the system's temporary folder. */
  scratchDir?: string;
}

/** A ContentStore on Pinata (PINATA_JWT set). Every Pinata or network failure is STORAGE_UNAVAILABLE. */
export class PinataStore implements ContentStore {
  readonly kind = 'pinata';
  readonly #pinata: PinataSDK;
  readonly #scratchDir: string;

  constructor(options: PinataStoreOptions) {
    // The SDK puts `https://` before any gateway that does not start with it, so it is given the bare host.
    const gatewayHost = options.gateway.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    if (!gatewayHost) throw new Error('PinataStore needs the gateway domain');
    this.#scratchDir = options.scratchDir ?? tmpdir();
    this.#pinata = new PinataSDK({
      pinataJwt: options.jwt,
      pinataGateway: gatewayHost,
      endpointUrl: options.apiUrl || undefined,
      uploadUrl: options.uploadUrl || undefined,
    });
  }

  async put(source: ByteSource, options: { maxBytes: number; name?: string }): Promise<StoredContent> {
    // The bytes are needed twice (CID, then upload), so they are spooled to a scratch file, never to memory.
    const scratchDir = await mkdtemp(join(this.#scratchDir, SCRATCH_PREFIX));
    try {
      const scratchFile = join(scratchDir, SCRATCH_FILE);
      const stored = await spoolToFile(source, scratchFile, options);
      return await this.#call('upload', async () => {
        if ((await this.#filesOf(stored.cid)).length > 0) return stored;
        const blob = await openAsBlob(scratchFile, { type: CONTENT_TYPE });
        const name = options.name ?? stored.cid;
        const uploaded = await this.#pinata.upload.private
          .file(new File([blob], name, { type: CONTENT_TYPE }))
          .name(name)
          .cidVersion('v1');
        if (uploaded.cid !== stored.cid) {
          await this.#pinata.files.private.delete([uploaded.id]);
          throw new StorageError(
            'CID_MISMATCH',
            `Pinata addressed the upload as ${uploaded.cid}, the relayer computed ${stored.cid}`,
          );
        }
        return stored;
      });
    } finally {
      await rm(scratchDir, { recursive: true, force: true });
    }
  }

  async get(cid: string): Promise<{ size: number; body: ReadableStream<Uint8Array> } | undefined> {
    const key = canonicalCid(cid);
    return this.#call('download', async () => {
      const [file] = await this.#filesOf(key);
      if (!file) return undefined;
      const link = await this.#pinata.gateways.private.createAccessLink({
        cid: key,
        expires: ACCESS_LINK_TTL_SECONDS,
      });
      const response = await fetch(link);
      if (response.status === HTTP_NOT_FOUND) return undefined;
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new StorageError('STORAGE_UNAVAILABLE', `Pinata gateway answered HTTP ${response.status}`);
      }
      return { size: file.size, body: response.body };
    });
  }

  async has(cid: string): Promise<boolean> {
    const key = canonicalCid(cid);
    return this.#call('lookup', async () => (await this.#filesOf(key)).length > 0);
  }

  async remove(cid: string): Promise<void> {
    const key = canonicalCid(cid);
    await this.#call('delete', async () => {
      const files = await this.#filesOf(key);
      if (files.length === 0) return;
      const results = await this.#pinata.files.private.delete(files.map((file) => file.id));
      if (results.every((result) => result.status === DELETED_STATUS)) return;
      // The SDK does not throw for a failed delete: whatever is still listed was not deleted.
      if ((await this.#filesOf(key)).length > 0) {
        const statuses = results.map((result) => result.status).join('; ');
        throw new StorageError('STORAGE_UNAVAILABLE', `Pinata did not delete ${key}: ${statuses}`);
      }
    });
  }

  // The Pinata files (one per upload) holding this CID. One page: following page tokens could loop.
  async #filesOf(cid: string): Promise<FileListItem[]> {
    return (await this.#pinata.files.private.list().cid(cid).limit(MAX_FILES_PER_CID)).files;
  }

  async #call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError('STORAGE_UNAVAILABLE', `Pinata ${what} failed: ${explain(error)}`, {
        cause: error,
      });
    }
  }
}

function explain(error: unknown): string {
  if (error instanceof PinataError && error.statusCode) return `HTTP ${error.statusCode}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
