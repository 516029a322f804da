// /v1/records and /v1/keys: encrypted record upload (multipart, streamed), list, metadata, download, key
// envelopes; publishing and reading encryption key bindings. Every route needs a session.
import { Readable } from 'node:stream';
import { type CategoryName, categories } from '@medicrypt/contracts';
import busboy from 'busboy';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { type Address, getAddress } from 'viem';
import { z } from 'zod';
import type { RouteDoc } from '../api/openapi.ts';
import { invalidRequest, parseBody, readJson } from '../api/validate.ts';
import type { AuthedEnv } from '../auth/require-session.ts';
import { RelayerError } from '../errors.ts';
import type { RecordService, RecordUpload } from './record-service.ts';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address');
const cidParam = z.string().regex(/^[a-z2-7]{8,128}$/, 'a CIDv1 in base32');
const categoryNames = Object.keys(categories) as [CategoryName, ...CategoryName[]];
const MAX_FIELD_BYTES = 1_024;
const MAX_FIELDS = 16;

const uploadFields = z.strictObject({
  patient: address.optional(),
  recordId: z.string().min(1).max(256),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 32 - 1)
    .default(1),
  contentType: z.string().min(1).max(256),
  category: z.enum(categoryNames),
  name: z.string().min(1).max(255),
});
const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, '0x-prefixed hex');
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'unpadded base64url');
/** A key envelope as @medicrypt/crypto makes it (checked again, cryptographically, by the library). */
const keyEnvelope = z.strictObject({
  version: z.literal(1),
  algorithm: z.literal('X25519-HKDF-SHA256-A256GCM'),
  context: z.strictObject({
    patient: address,
    recordId: z.string().min(1).max(256),
    version: z.number().int().min(1),
    contentType: z.string().min(1).max(256),
    grantee: address,
  }),
  recipientPublicKey: base64url,
  ephemeralPublicKey: base64url,
  wrappedKey: base64url,
});
const keyBindingBody = z.strictObject({
  chainId: z.number().int().positive(),
  account: address,
  publicKey: hex.length(66),
  issuedAt: z.number().int().nonnegative(),
  signature: hex.max(2 + 2 * 2048),
  verifyingContract: address.optional(),
});
const envelopesBody = z.strictObject({ envelopes: z.array(keyEnvelope).min(1).max(256) });
const listQuery = z.strictObject({ patient: address.optional() });
const cidParams = z.strictObject({ cid: cidParam });
const addressParams = z.strictObject({ address });

export const recordRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/records',
    tag: 'records',
    auth: true,
    summary: 'Upload an encrypted record version (multipart, streamed)',
    description:
      'The fields first, then the ciphertext as the part `file` (a MediCrypt record ciphertext: plaintext is refused). ' +
      'Answers the CID to register on chain with a registerRecord intent.',
    multipart: uploadFields,
    responses: {
      201: 'stored',
      200: 'these bytes were already stored as this record',
      400: 'invalid fields or not encrypted',
      403: 'not your record',
      409: 'the previous version is missing',
      408: 'the upload stalled (UPLOAD_STALLED)',
      413: 'larger than the upload limit',
    },
  },
  {
    method: 'get',
    path: '/v1/records',
    tag: 'records',
    auth: true,
    summary: "A patient's records: all of your own, or those a patient granted you",
    query: listQuery,
    responses: { 200: 'the records with their on-chain status', 400: 'invalid query' },
  },
  {
    method: 'get',
    path: '/v1/records/{cid}',
    tag: 'records',
    auth: true,
    summary: "A record's metadata",
    params: cidParams,
    responses: { 200: 'the record', 400: 'invalid CID', 403: 'no access', 404: 'unknown' },
  },
  {
    method: 'get',
    path: '/v1/records/{cid}/content',
    tag: 'records',
    auth: true,
    summary: "A record's ciphertext (logged in the patient's access log)",
    params: cidParams,
    produces: 'application/octet-stream',
    responses: {
      200: 'the bytes',
      400: 'invalid CID',
      403: 'no access',
      404: 'unknown',
      410: 'removed and unpinned',
    },
  },
  {
    method: 'get',
    path: '/v1/records/{cid}/envelope',
    tag: 'records',
    auth: true,
    summary: 'Your wrapped key of a record, served only while you have access',
    params: cidParams,
    responses: { 200: 'the key envelope', 403: 'no access', 404: 'no envelope for you' },
  },
  {
    method: 'put',
    path: '/v1/records/{cid}/envelopes',
    tag: 'records',
    auth: true,
    summary: "Store the record key wrapped for grantees (the patient's client makes them)",
    params: cidParams,
    body: envelopesBody,
    responses: { 200: 'stored', 400: 'invalid envelope or another record version', 403: 'not your record' },
  },
  {
    method: 'put',
    path: '/v1/keys',
    tag: 'keys',
    auth: true,
    summary: 'Publish your encryption public key, bound to your wallet by its EIP-712 signature',
    body: keyBindingBody,
    responses: { 200: 'the binding now served', 400: 'invalid binding or signature' },
  },
  {
    method: 'get',
    path: '/v1/keys/{address}',
    tag: 'keys',
    auth: true,
    summary: "An account's signed key binding (verify it before wrapping a key to it)",
    params: addressParams,
    responses: { 200: 'the binding', 404: 'not published' },
  },
];

function cidOf(value: string | undefined): string {
  const parsed = cidParam.safeParse(value);
  if (!parsed.success) throw new RelayerError('INVALID_CID', 400, 'the CID is not a CIDv1 in base32');
  return parsed.data;
}

export interface UploadLimits {
  /** A body that sends no bytes for this long is stopped (a slow-upload attack holds a connection open). */
  idleTimeoutMs: number;
}

/**
 * Reads a multipart upload: the metadata fields first, then one part named `file` (the ciphertext), which is
 * handed to `onFile` as a stream while it arrives. Fields after the file are rejected; a body that stalls for
 * longer than `limits.idleTimeoutMs` is stopped with 408 UPLOAD_STALLED, and what arrived of it is discarded.
 */
function readUpload(
  request: Request,
  limits: UploadLimits,
  onFile: (fields: Record<string, string>, file: AsyncIterable<Uint8Array>) => Promise<unknown>,
): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.startsWith('multipart/form-data') || !request.body)
    throw new RelayerError('INVALID_REQUEST', 400, 'send the record as multipart/form-data');
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let handled: Promise<unknown> | undefined;
    const parser = busboy({
      headers: { 'content-type': contentType },
      limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
    });
    let idle: NodeJS.Timeout | undefined;
    let activeFile: import('node:stream').Readable | undefined;
    const fail = (error: unknown) => {
      clearTimeout(idle);
      reject(error);
      source.unpipe(parser);
      source.resume();
    };
    parser.on('field', (name, value, info) => {
      if (handled)
        return fail(new RelayerError('INVALID_REQUEST', 400, 'send the metadata fields before the file'));
      if (info.valueTruncated)
        return fail(new RelayerError('INVALID_REQUEST', 400, `field ${name} is too long`));
      fields[name] = value;
    });
    parser.on('file', (name, file) => {
      if (name !== 'file') {
        file.resume();
        return fail(new RelayerError('INVALID_REQUEST', 400, `unexpected file part ${name}; name it "file"`));
      }
      activeFile = file;
      handled = onFile(fields, file);
      handled.then(resolve, (error) => {
        file.resume();
        fail(error);
      });
    });
    parser.on('error', (error) =>
      fail(new RelayerError('INVALID_REQUEST', 400, `malformed multipart body: ${(error as Error).message}`)),
    );
    parser.on('close', () => {
      if (!handled) fail(new RelayerError('INVALID_REQUEST', 400, 'the upload has no part named "file"'));
    });
    const source = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream);
    const stalled = () => {
      // Paused by backpressure: the store is the slow side (a slow Pinata, a busy disk), not the client.
      if (source.isPaused()) return arm();
      const error = new RelayerError(
        'UPLOAD_STALLED',
        408,
        `the upload sent nothing for ${limits.idleTimeoutMs} ms; send it again`,
      );
      fail(error);
      // The stalled file stream (and so the store's put) ends with the same error: nothing is kept.
      activeFile?.destroy(error);
      parser.destroy(error);
      source.destroy();
    };
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(stalled, limits.idleTimeoutMs);
    };
    arm();
    source.on('data', arm);
    source.on('end', () => clearTimeout(idle));
    source.on('error', fail);
    source.pipe(parser);
  });
}

export function recordsRouter(records: RecordService, limits: UploadLimits) {
  const router = new Hono<AuthedEnv>();

  router.post('/', async (context) => {
    const { account } = context.get('session');
    const result = (await readUpload(context.req.raw, limits, async (raw, file) => {
      const parsed = uploadFields.safeParse(raw);
      if (!parsed.success) throw invalidRequest(parsed.error.issues);
      const fields = parsed.data;
      const patient = fields.patient ? getAddress(fields.patient) : account;
      if (patient !== account)
        throw new RelayerError('ACCESS_DENIED', 403, 'patients upload their own records');
      const upload: RecordUpload = {
        patient,
        uploadedBy: account,
        recordId: fields.recordId,
        version: fields.version,
        contentType: fields.contentType,
        category: categories[fields.category],
        name: fields.name,
      };
      return records.upload(upload, file);
    })) as Awaited<ReturnType<RecordService['upload']>>;
    return context.json(result.record, result.created ? 201 : 200);
  });

  router.get('/', async (context) => {
    const { account } = context.get('session');
    const parsed = listQuery.safeParse(context.req.query());
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    const patient = parsed.data.patient ? getAddress(parsed.data.patient) : account;
    return context.json({ records: await records.list(account, patient) });
  });

  router.get('/:cid', async (context) =>
    context.json(await records.get(context.get('session').account, cidOf(context.req.param('cid')))),
  );

  router.get('/:cid/content', async (context) => {
    const { account } = context.get('session');
    const { record, size, body } = await records.download(account, cidOf(context.req.param('cid')));
    context.header('content-type', 'application/octet-stream');
    context.header('content-length', String(size));
    context.header('x-record-content-type', record.content_type);
    context.header('cache-control', 'private, no-store');
    return stream(context, async (out) => {
      await out.pipe(body);
    });
  });

  router.get('/:cid/envelope', async (context) =>
    context.json(await records.envelopeFor(context.get('session').account, cidOf(context.req.param('cid')))),
  );

  router.put('/:cid/envelopes', async (context) => {
    const body = parseBody(envelopesBody, await readJson(context.req.raw));
    const stored = await records.putEnvelopes(
      context.get('session').account,
      cidOf(context.req.param('cid')),
      body.envelopes,
    );
    return context.json({ stored });
  });

  return router;
}

export function keysRouter(records: RecordService) {
  const router = new Hono<AuthedEnv>();
  router.put('/', async (context) => {
    const binding = parseBody(keyBindingBody, await readJson(context.req.raw));
    await records.putKeyBinding(context.get('session').account, binding);
    return context.json(await records.keyBinding(context.get('session').account));
  });
  router.get('/:address', async (context) => {
    const parsed = address.safeParse(context.req.param('address'));
    if (!parsed.success) throw invalidRequest(parsed.error.issues);
    return context.json(await records.keyBinding(getAddress(parsed.data) as Address));
  });
  return router;
}
