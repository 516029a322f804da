// PinataStore through the real `pinata` SDK against the local stand-in: the shared ContentStore suite, plus
// private uploads, credentials, Pinata answering a different CID, Pinata being unreachable, scratch clean-up.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PinataStandIn, startPinataStandIn } from '../testing/pinata-stand-in.ts';
import { cidOfBytes } from './cid-of-bytes.ts';
import { describeContentStore } from './content-store-suite.ts';
import { PinataStore } from './pinata-store.ts';
import { chunksOf, deterministicBytes, readAll } from './test-bytes.ts';

const CONTENT_BYTES = 4096;
// Uploads are spooled here, so a test can see that none is left behind.
let scratchDir: string;

function storeOn(standIn: PinataStandIn, jwt = standIn.jwt): PinataStore {
  return new PinataStore({
    jwt,
    gateway: standIn.gatewayUrl,
    apiUrl: standIn.apiUrl,
    uploadUrl: standIn.uploadUrl,
    scratchDir,
  });
}

async function scratchDirs(): Promise<string[]> {
  return readdir(scratchDir);
}

beforeAll(async () => {
  scratchDir = await mkdtemp(join(tmpdir(), 'pinata-store-scratch-'));
});
afterAll(async () => {
  await rm(scratchDir, { recursive: true, force: true });
});

describeContentStore('PinataStore', async () => {
  const standIn = await startPinataStandIn();
  return {
    store: storeOn(standIn),
    heldObjects: async () => standIn.files().length + (await scratchDirs()).length,
    close: () => standIn.stop(),
  };
});

describe('PinataStore', () => {
  let standIn: PinataStandIn;
  beforeAll(async () => {
    standIn = await startPinataStandIn({ jwt: 'the-right-jwt' });
  });
  afterAll(async () => {
    await standIn?.stop();
  });

  it('uploads to the private network under the given name and leaves no scratch file', async () => {
    const bytes = deterministicBytes(CONTENT_BYTES, 101);
    const { cid } = await storeOn(standIn).put(chunksOf(bytes, CONTENT_BYTES), {
      maxBytes: CONTENT_BYTES,
      name: 'record-1',
    });
    expect(standIn.files().find((file) => file.cid === cid)).toMatchObject({
      network: 'private',
      name: 'record-1',
      size: CONTENT_BYTES,
    });
    expect(await scratchDirs()).toEqual([]);
  });

  it('fails with STORAGE_UNAVAILABLE on a wrong JWT', async () => {
    const store = storeOn(standIn, 'a-wrong-jwt');
    const bytes = deterministicBytes(CONTENT_BYTES, 102);
    const { cid } = await cidOfBytes(bytes);
    const unauthorized = {
      name: 'StorageError',
      code: 'STORAGE_UNAVAILABLE',
      message: expect.stringContaining('401'),
    };
    await expect(
      store.put(chunksOf(bytes, CONTENT_BYTES), { maxBytes: CONTENT_BYTES }),
    ).rejects.toMatchObject(unauthorized);
    await expect(store.has(cid)).rejects.toMatchObject(unauthorized);
    await expect(store.get(cid)).rejects.toMatchObject(unauthorized);
    await expect(store.remove(cid)).rejects.toMatchObject(unauthorized);
    expect(standIn.files().some((file) => file.cid === cid)).toBe(false);
    expect(await scratchDirs()).toEqual([]);
  });

  it('rejects with CID_MISMATCH, and keeps nothing, when Pinata answers another CID', async () => {
    const lying = await startPinataStandIn({ misreportCids: true });
    try {
      const bytes = deterministicBytes(CONTENT_BYTES, 103);
      await expect(
        storeOn(lying).put(chunksOf(bytes, CONTENT_BYTES), { maxBytes: CONTENT_BYTES }),
      ).rejects.toMatchObject({ code: 'CID_MISMATCH' });
      expect(lying.files()).toEqual([]);
    } finally {
      await lying.stop();
    }
  });

  it('fails with STORAGE_UNAVAILABLE when Pinata cannot be reached', async () => {
    const gone = await startPinataStandIn();
    const store = storeOn(gone);
    await gone.stop();
    const bytes = deterministicBytes(CONTENT_BYTES, 104);
    const { cid } = await cidOfBytes(bytes);
    await expect(store.has(cid)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    await expect(
      store.put(chunksOf(bytes, CONTENT_BYTES), { maxBytes: CONTENT_BYTES }),
    ).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
    });
    expect(await scratchDirs()).toEqual([]);
  });

  it('streams a download through a signed private-gateway link', async () => {
    const bytes = deterministicBytes(CONTENT_BYTES, 105);
    const store = storeOn(standIn);
    const { cid } = await store.put(chunksOf(bytes, CONTENT_BYTES), { maxBytes: CONTENT_BYTES });
    const found = await store.get(cid);
    expect(found?.body).toBeInstanceOf(ReadableStream);
    expect(Buffer.from(await readAll(found!.body)).equals(bytes)).toBe(true);
    // The gateway serves no unsigned reads.
    expect((await fetch(`${standIn.gatewayUrl}/files/${cid}`)).status).toBe(403);
  });

  it('needs a gateway domain', () => {
    expect(() => new PinataStore({ jwt: 'jwt', gateway: '' })).toThrow(/gateway/);
  });
});
