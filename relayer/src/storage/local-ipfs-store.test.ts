// LocalIpfsStore: the shared ContentStore suite in a temporary data directory, plus its file layout and
// surviving a restart.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeContentStore } from './content-store-suite.ts';
import { LocalIpfsStore } from './local-ipfs-store.ts';
import { chunksOf, deterministicBytes, readAll } from './test-bytes.ts';

const CONTENT_BYTES = 4096;

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

describeContentStore('LocalIpfsStore', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'local-ipfs-store-'));
  return {
    store: new LocalIpfsStore({ dataDir }),
    heldObjects: async () =>
      (await entries(join(dataDir, 'blobs'))).length + (await entries(join(dataDir, 'tmp'))).length,
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
});

describe('LocalIpfsStore', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-ipfs-store-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps one file per CID in blobs/ and nothing in tmp/', async () => {
    const bytes = deterministicBytes(CONTENT_BYTES);
    const { cid } = await new LocalIpfsStore({ dataDir }).put(chunksOf(bytes, CONTENT_BYTES), {
      maxBytes: CONTENT_BYTES,
    });
    expect(await readdir(join(dataDir, 'blobs'))).toEqual([cid]);
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
    expect((await readFile(join(dataDir, 'blobs', cid))).equals(bytes)).toBe(true);
  });

  it('finds what an earlier instance stored (a restart)', async () => {
    const bytes = deterministicBytes(CONTENT_BYTES);
    const { cid } = await new LocalIpfsStore({ dataDir }).put(chunksOf(bytes, CONTENT_BYTES), {
      maxBytes: CONTENT_BYTES,
    });
    const restarted = new LocalIpfsStore({ dataDir });
    expect(await restarted.has(cid)).toBe(true);
    expect(Buffer.from(await readAll((await restarted.get(cid))!.body)).equals(bytes)).toBe(true);
  });

  it('answers has and get on an empty data directory that does not exist yet', async () => {
    const store = new LocalIpfsStore({ dataDir: join(dataDir, 'not-yet') });
    const cid = 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e';
    expect(await store.has(cid)).toBe(false);
    expect(await store.get(cid)).toBeUndefined();
    await store.remove(cid);
  });
});
