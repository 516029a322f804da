// createContentStore picks Pinata when a JWT is set and the local store otherwise, and the store it builds works.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { startPinataStandIn } from '../testing/pinata-stand-in.ts';
import { createContentStore } from './create-content-store.ts';
import { LocalIpfsStore } from './local-ipfs-store.ts';
import { PinataStore } from './pinata-store.ts';
import { chunksOf, deterministicBytes } from './test-bytes.ts';

const CONTENT_BYTES = 100;
const noPinata = { jwt: '', gateway: '', apiUrl: '', uploadUrl: '' };

describe('createContentStore', () => {
  it('gives the local store without a Pinata JWT', async () => {
    const ipfsDataDir = await mkdtemp(join(tmpdir(), 'create-content-store-'));
    try {
      const store = createContentStore({ pinata: noPinata, ipfsDataDir });
      expect(store).toBeInstanceOf(LocalIpfsStore);
      expect(store.kind).toBe('local');
      const { cid } = await store.put(chunksOf(deterministicBytes(CONTENT_BYTES), CONTENT_BYTES), {
        maxBytes: CONTENT_BYTES,
      });
      expect(await new LocalIpfsStore({ dataDir: ipfsDataDir }).has(cid)).toBe(true);
    } finally {
      await rm(ipfsDataDir, { recursive: true, force: true });
    }
  });

  it('gives the Pinata store with a JWT, on the configured endpoints', async () => {
    const standIn = await startPinataStandIn();
    try {
      const store = createContentStore({
        pinata: {
          jwt: standIn.jwt,
          gateway: standIn.gatewayUrl,
          apiUrl: standIn.apiUrl,
          uploadUrl: standIn.uploadUrl,
        },
        ipfsDataDir: '/nonexistent',
      });
      expect(store).toBeInstanceOf(PinataStore);
      expect(store.kind).toBe('pinata');
      const { cid } = await store.put(chunksOf(deterministicBytes(CONTENT_BYTES), CONTENT_BYTES), {
        maxBytes: CONTENT_BYTES,
      });
      expect(standIn.files().map((file) => file.cid)).toEqual([cid]);
    } finally {
      await standIn.stop();
    }
  });

  it('names PINATA_GATEWAY when a JWT comes without it', () => {
    expect(() =>
      createContentStore({ pinata: { ...noPinata, jwt: 'jwt' }, ipfsDataDir: '.data/ipfs' }),
    ).toThrow(ConfigError);
    expect(() =>
      createContentStore({ pinata: { ...noPinata, jwt: 'jwt' }, ipfsDataDir: '.data/ipfs' }),
    ).toThrow(/PINATA_GATEWAY/);
  });
});
