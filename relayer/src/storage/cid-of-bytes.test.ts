// cidOfBytes gives kubo's CIDs: known vectors, chunking of the input does not matter, and a multi-chunk input
// becomes a dag-pb root over raw 256 KiB leaves.
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { describe, expect, it } from 'vitest';
import { cidOfBytes, KUBO_CHUNK_BYTES } from './cid-of-bytes.ts';
import { chunksOf, deterministicBytes } from './test-bytes.ts';

const DAG_PB_CODE = 0x70;
const MULTI_CHUNK_BYTES = 1024 * 1024 + 1;
// Computed once with cidOfBytes and pinned: a change means CIDs no longer match what was stored before.
const MULTI_CHUNK_CID = 'bafybeic3l4f52jpwwbx6d4zhmhts7dxho5bmvureymyx3tocpaptu52yfq';
const ODD_CHUNK_BYTES = 7919;

describe('cidOfBytes', () => {
  it('gives kubo’s CID for `hello world` and for no bytes', async () => {
    expect(await cidOfBytes(new TextEncoder().encode('hello world'))).toEqual({
      cid: 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
      size: 11,
    });
    expect(await cidOfBytes(new Uint8Array(0))).toEqual({
      cid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
      size: 0,
    });
  });

  it('gives a multi-chunk input a stable dag-pb CID, however the input is cut', async () => {
    const bytes = deterministicBytes(MULTI_CHUNK_BYTES);
    const whole = await cidOfBytes(bytes);
    expect(whole).toEqual({ cid: MULTI_CHUNK_CID, size: MULTI_CHUNK_BYTES });
    expect(whole.cid.startsWith('bafybei')).toBe(true);
    expect(CID.parse(whole.cid).code).toBe(DAG_PB_CODE);
    expect(await cidOfBytes(chunksOf(bytes, ODD_CHUNK_BYTES))).toEqual(whole);
    expect(await cidOfBytes([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(whole);
  });

  it('builds the root over raw leaves, one per 256 KiB slice, in order', async () => {
    const bytes = deterministicBytes(MULTI_CHUNK_BYTES);
    const blocks = new Map<string, Uint8Array>();
    const recorder = {
      put: async (cid: CID, block: unknown) => {
        blocks.set(cid.toString(), block as Uint8Array);
        return cid;
      },
    };
    let root: CID | undefined;
    for await (const entry of importer([{ content: bytes }], recorder, {
      cidVersion: 1,
      rawLeaves: true,
      chunker: fixedSize({ chunkSize: KUBO_CHUNK_BYTES }),
    })) {
      root = entry.cid;
    }
    expect(root?.toString()).toBe(MULTI_CHUNK_CID);

    const leaves: CID[] = [];
    for (let offset = 0; offset < bytes.byteLength; offset += KUBO_CHUNK_BYTES) {
      const slice = bytes.subarray(offset, offset + KUBO_CHUNK_BYTES);
      leaves.push(CID.createV1(raw.code, await sha256.digest(slice)));
    }
    expect(leaves).toHaveLength(Math.ceil(MULTI_CHUNK_BYTES / KUBO_CHUNK_BYTES));
    expect([...blocks.keys()].sort()).toEqual([...leaves.map(String), MULTI_CHUNK_CID].sort());
    // The root links to every leaf, in order.
    const rootBlock = Buffer.from(blocks.get(MULTI_CHUNK_CID)!);
    const positions = leaves.map((leaf) => rootBlock.indexOf(leaf.bytes));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('rejects with the error of a failing input', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield deterministicBytes(KUBO_CHUNK_BYTES + 1);
      throw new Error('client went away');
    }
    await expect(cidOfBytes(failing())).rejects.toThrow('client went away');
  });
});
