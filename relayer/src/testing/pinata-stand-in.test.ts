// The Pinata stand-in speaks what the real SDK sends: checked through the SDK itself, and at the wire for the
// resumable (TUS) upload the SDK uses only above 90 MiB and for the refusals (credentials, signed links).
import { AuthenticationError, PinataSDK } from 'pinata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidOfBytes } from '../storage/cid-of-bytes.ts';
import { deterministicBytes } from '../storage/test-bytes.ts';
import { type PinataStandIn, startPinataStandIn } from './pinata-stand-in.ts';

const CONTENT_BYTES = 3000;
const FIRST_PART_BYTES = 1234;
const LINK_TTL_SECONDS = 60;
const SECONDS_PER_HOUR = 3600;
const MS_PER_SECOND = 1000;

describe('Pinata stand-in', () => {
  let standIn: PinataStandIn;
  let pinata: PinataSDK;
  const sdkFor = (jwt: string) =>
    new PinataSDK({
      pinataJwt: jwt,
      pinataGateway: new URL(standIn.gatewayUrl).host,
      endpointUrl: standIn.apiUrl,
      uploadUrl: standIn.uploadUrl,
    });

  beforeAll(async () => {
    standIn = await startPinataStandIn();
    pinata = sdkFor(standIn.jwt);
  });
  afterAll(async () => {
    await standIn?.stop();
  });

  it('uploads, lists, gets, links and deletes through the SDK with real CIDs', async () => {
    const bytes = deterministicBytes(CONTENT_BYTES, 7);
    const { cid } = await cidOfBytes(bytes);
    const uploaded = await pinata.upload.private.file(
      new File([bytes], 'a.bin', { type: 'application/x-test' }),
    );
    expect(uploaded).toMatchObject({ cid, name: 'a.bin', size: CONTENT_BYTES, network: 'private' });

    const listed = await pinata.files.private.list().cid(cid);
    expect(listed.files.map((file) => file.id)).toEqual([uploaded.id]);
    expect(await pinata.files.private.get(uploaded.id)).toMatchObject({
      cid,
      mime_type: 'application/x-test',
    });
    expect((await pinata.files.public.list()).files).toEqual([]);

    const link = await pinata.gateways.private.createAccessLink({ cid, expires: LINK_TTL_SECONDS });
    const response = await fetch(link);
    expect(response.headers.get('content-type')).toBe('application/x-test');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);

    expect(await pinata.files.private.delete([uploaded.id])).toEqual([{ id: uploaded.id, status: 'OK' }]);
    expect((await pinata.files.private.list().cid(cid)).files).toEqual([]);
  });

  it('answers 401 without the JWT', async () => {
    await expect(sdkFor('wrong').files.private.list()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(
      sdkFor('wrong').upload.private.file(new File([deterministicBytes(CONTENT_BYTES)], 'a.bin')),
    ).rejects.toBeInstanceOf(AuthenticationError);
    expect((await fetch(`${standIn.apiUrl}/files/private`)).status).toBe(401);
    expect((await fetch(`${standIn.uploadUrl}/files`, { method: 'POST' })).status).toBe(401);
  });

  it('takes a resumable (TUS) upload as the SDK sends one', async () => {
    const bytes = deterministicBytes(CONTENT_BYTES, 8);
    const auth = { authorization: `Bearer ${standIn.jwt}` };
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const created = await fetch(`${standIn.uploadUrl}/files`, {
      method: 'POST',
      headers: {
        ...auth,
        'Upload-Length': String(CONTENT_BYTES),
        'Upload-Metadata': `filename ${b64('big.bin')},filetype ${b64('')},network ${b64('private')}`,
      },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const patch = (offset: number, body: Uint8Array<ArrayBuffer>) =>
      fetch(location, {
        method: 'PATCH',
        headers: {
          ...auth,
          'Content-Type': 'application/offset+octet-stream',
          'Upload-Offset': String(offset),
        },
        body,
      });

    const first = await patch(0, bytes.subarray(0, FIRST_PART_BYTES));
    expect(first.status).toBe(204);
    expect(first.headers.get('upload-cid')).toBeNull();
    expect((await patch(0, bytes.subarray(FIRST_PART_BYTES))).status).toBe(409);
    const last = await patch(FIRST_PART_BYTES, bytes.subarray(FIRST_PART_BYTES));
    expect(last.status).toBe(204);
    const { cid } = await cidOfBytes(bytes);
    expect(last.headers.get('upload-cid')).toBe(cid);
    expect((await pinata.files.private.list().cid(cid)).files).toMatchObject([{ cid, name: 'big.bin' }]);
  });

  it('serves the gateway only on a valid, unexpired link for its own host', async () => {
    const bytes = deterministicBytes(CONTENT_BYTES, 9);
    const { cid } = await pinata.upload.private.file(new File([bytes], 'c.bin'));
    const link = new URL(await pinata.gateways.private.createAccessLink({ cid, expires: LINK_TTL_SECONDS }));
    expect((await fetch(link)).status).toBe(200);

    const tampered = new URL(link);
    tampered.searchParams.set('X-Expires', String(LINK_TTL_SECONDS * 2));
    expect((await fetch(tampered)).status).toBe(403);

    const hourAgo = Math.floor(Date.now() / MS_PER_SECOND) - SECONDS_PER_HOUR;
    const expired = await pinata.gateways.private.createAccessLink({ cid, expires: 1, date: hourAgo });
    expect((await fetch(expired)).status).toBe(403);

    const foreign = await fetch(`${standIn.apiUrl}/files/private/download_link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${standIn.jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `https://elsewhere.example/files/${cid}`,
        date: hourAgo,
        expires: 1,
        method: 'GET',
      }),
    });
    expect(foreign.status).toBe(400);
  });
});
