// Test support: the behaviour every ContentStore must show, as one Vitest suite each store's test file runs
// against a real instance (the local store in a temporary folder, Pinata through the SDK and the stand-in).
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidOfBytes, KUBO_CHUNK_BYTES } from './cid-of-bytes.ts';
import type { ContentStore } from './content-store.ts';
import { chunksOf, deterministicBytes, readAll, streamOf } from './test-bytes.ts';

/** A store under test and a look behind it. */
export interface ContentStoreHarness {
  store: ContentStore;
  /** How many objects the backend holds now (blobs, scratch files, pinned files): to check nothing is kept. */
  heldObjects(): Promise<number>;
  close(): Promise<void>;
}

// More than two chunks, so the CID is a dag-pb root (which also has a CIDv0 spelling).
const LARGE_BYTES = 2 * KUBO_CHUNK_BYTES + 12_345;
const SMALL_BYTES = 1000;
const ODD_CHUNK_BYTES = 65_521;
const NOT_A_CID = ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', 'not-a-cid', '', 'bafy/../../x'];

/** Registers the shared ContentStore suite under `name`; `open` gives a fresh, empty store. */
export function describeContentStore(name: string, open: () => Promise<ContentStoreHarness>): void {
  describe(`${name}: ContentStore contract`, () => {
    let harness: ContentStoreHarness;
    let store: ContentStore;
    let seed = 1;
    // New content for every test, so tests sharing the store do not see each other's objects.
    const freshBytes = (length: number) => deterministicBytes(length, seed++);

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.close();
    });

    it('puts a stream and gets the same bytes back under cidOfBytes’ CID', async () => {
      const bytes = freshBytes(LARGE_BYTES);
      const expected = await cidOfBytes(bytes);
      const stored = await store.put(streamOf(bytes, ODD_CHUNK_BYTES).stream, { maxBytes: LARGE_BYTES });
      expect(stored).toEqual(expected);
      expect(await store.has(stored.cid)).toBe(true);
      const found = await store.get(stored.cid);
      expect(found?.size).toBe(LARGE_BYTES);
      expect(Buffer.from(await readAll(found!.body)).equals(bytes)).toBe(true);
    });

    it('puts an async iterable, and finds content under any spelling of its CID', async () => {
      const bytes = freshBytes(LARGE_BYTES);
      const stored = await store.put(chunksOf(bytes, ODD_CHUNK_BYTES), {
        maxBytes: LARGE_BYTES,
        name: 'record',
      });
      const v0 = CID.parse(stored.cid).toV0().toString();
      expect(v0.startsWith('Qm')).toBe(true);
      expect(await store.has(v0)).toBe(true);
      const found = await store.get(v0);
      expect(Buffer.from(await readAll(found!.body)).equals(bytes)).toBe(true);
    });

    it('keeps the same content once, under one CID', async () => {
      const bytes = freshBytes(SMALL_BYTES);
      const before = await harness.heldObjects();
      const first = await store.put(chunksOf(bytes, SMALL_BYTES), { maxBytes: SMALL_BYTES });
      const second = await store.put(chunksOf(bytes, 1), { maxBytes: SMALL_BYTES });
      expect(second).toEqual(first);
      expect(await harness.heldObjects()).toBe(before + 1);
    });

    it('rejects content over maxBytes with CONTENT_TOO_LARGE, stops reading and keeps nothing', async () => {
      const bytes = freshBytes(LARGE_BYTES);
      const before = await harness.heldObjects();
      await expect(
        store.put(chunksOf(bytes, ODD_CHUNK_BYTES), { maxBytes: LARGE_BYTES - 1 }),
      ).rejects.toMatchObject({ name: 'StorageError', code: 'CONTENT_TOO_LARGE' });
      // Far over the limit: the store gives up on the source instead of reading it to the end.
      const source = streamOf(bytes, ODD_CHUNK_BYTES);
      await expect(store.put(source.stream, { maxBytes: ODD_CHUNK_BYTES })).rejects.toMatchObject({
        code: 'CONTENT_TOO_LARGE',
      });
      expect(source.cancelled()).toBe(true);
      expect(await harness.heldObjects()).toBe(before);
      expect(await store.has((await cidOfBytes(bytes)).cid)).toBe(false);
    });

    it('keeps nothing when the source fails', async () => {
      const before = await harness.heldObjects();
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield freshBytes(KUBO_CHUNK_BYTES + 1);
        throw new Error('client went away');
      }
      await expect(store.put(failing(), { maxBytes: LARGE_BYTES })).rejects.toThrow('client went away');
      expect(await harness.heldObjects()).toBe(before);
    });

    it('answers INVALID_CID for strings that are not CIDs, path traversal included', async () => {
      for (const text of NOT_A_CID) {
        await expect(store.get(text)).rejects.toMatchObject({ code: 'INVALID_CID' });
        await expect(store.has(text)).rejects.toMatchObject({ code: 'INVALID_CID' });
        await expect(store.remove(text)).rejects.toMatchObject({ code: 'INVALID_CID' });
      }
    });

    it('gets undefined for a CID it never stored', async () => {
      const { cid } = await cidOfBytes(freshBytes(SMALL_BYTES));
      expect(await store.get(cid)).toBeUndefined();
      expect(await store.has(cid)).toBe(false);
    });

    it('removes idempotently', async () => {
      const before = await harness.heldObjects();
      const { cid } = await store.put(chunksOf(freshBytes(SMALL_BYTES), SMALL_BYTES), {
        maxBytes: SMALL_BYTES,
      });
      await store.remove(cid);
      await store.remove(cid);
      expect(await store.has(cid)).toBe(false);
      expect(await store.get(cid)).toBeUndefined();
      expect(await harness.heldObjects()).toBe(before);
    });
  });
}
