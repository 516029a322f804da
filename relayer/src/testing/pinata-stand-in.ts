// Test support: a local stand-in for Pinata that speaks the subset of its wire protocol the `pinata` SDK uses
// for PinataStore — multipart and resumable (TUS) uploads, file list / get / delete, signed private-gateway
// links and the gateway itself — with real CIDs from cid-of-bytes and the files kept in memory. One port serves
// what Pinata spreads over three hosts: the API under /v3, uploads under /upload/v3, the gateway at /files.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { cidOfBytes } from '../storage/cid-of-bytes.ts';

const HOST = '127.0.0.1';
const API_PREFIX = '/v3';
const UPLOAD_PREFIX = '/upload/v3';
const GATEWAY_FILES = '/files';
const DEFAULT_JWT = 'pinata-stand-in-jwt';
// Pinata's own defaults and caps for a file list page.
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 1000;
const SIGNING_KEY_BYTES = 32;
const MS_PER_SECOND = 1000;
const TUS_CONTENT_TYPE = 'application/offset+octet-stream';
const DEFAULT_MIME_TYPE = 'application/octet-stream';
const NETWORKS = ['public', 'private'] as const;
// With `misreportCids`, an upload is answered with the CID of its bytes plus this one.
const MISREPORT_SUFFIX = Uint8Array.of(0);

type Network = (typeof NETWORKS)[number];

/** One file as the stand-in keeps it (Pinata's file fields plus the bytes). */
export interface StandInFile {
  id: string;
  name: string;
  cid: string;
  size: number;
  network: Network;
  mimeType: string;
  keyvalues: Record<string, string>;
  groupId: string | null;
  createdAt: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** A running stand-in: the SDK's `endpointUrl`, `uploadUrl` and gateway, the JWT it accepts, and a view inside. */
export interface PinataStandIn {
  apiUrl: string;
  uploadUrl: string;
  gatewayUrl: string;
  jwt: string;
  /** The files held now, oldest first. */
  files(): StandInFile[];
  stop(): Promise<void>;
}

/** Options: the JWT to accept (default a fixed test value); `misreportCids` answers uploads with a wrong CID. */
export interface PinataStandInOptions {
  jwt?: string;
  misreportCids?: boolean;
}

interface ResumableUpload {
  metadata: Record<string, string>;
  bytes: Uint8Array<ArrayBuffer>;
  offset: number;
}

/** Starts a stand-in on a free port of 127.0.0.1. */
export async function startPinataStandIn(options: PinataStandInOptions = {}): Promise<PinataStandIn> {
  const jwt = options.jwt ?? DEFAULT_JWT;
  const signingKey = randomBytes(SIGNING_KEY_BYTES);
  const files = new Map<string, StandInFile>();
  const resumable = new Map<string, ResumableUpload>();
  let origin = '';

  const sign = (cid: string, date: number, expires: number) =>
    createHmac('sha256', signingKey).update(`GET ${cid} ${date} ${expires}`).digest('hex');

  // Stores the bytes (one file per CID and network, as Pinata dedupes) and returns the upload response body.
  const store = async (
    bytes: Uint8Array<ArrayBuffer>,
    fields: Omit<StandInFile, 'id' | 'cid' | 'size' | 'createdAt' | 'bytes'>,
  ) => {
    const { cid } = await cidOfBytes(bytes);
    const existing = [...files.values()].find((file) => file.cid === cid && file.network === fields.network);
    const file = existing ?? {
      ...fields,
      id: randomUUID(),
      cid,
      size: bytes.byteLength,
      createdAt: new Date().toISOString(),
      bytes,
    };
    files.set(file.id, file);
    const reported = options.misreportCids ? (await cidOfBytes([bytes, MISREPORT_SUFFIX])).cid : file.cid;
    return { ...uploadResponse(file), cid: reported, is_duplicate: existing !== undefined };
  };

  const app = new Hono();

  const requireJwt: MiddlewareHandler = async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${jwt}`) return unauthorized(c);
    await next();
  };
  app.use(`${API_PREFIX}/*`, requireJwt);
  app.use(`${UPLOAD_PREFIX}/*`, requireJwt);

  app.post(`${UPLOAD_PREFIX}/files`, async (c) => {
    const uploadLength = c.req.header('upload-length');
    if (uploadLength !== undefined) {
      // TUS creation (the SDK's path for files over 90 MiB): answer where to PATCH the bytes.
      const length = Number(uploadLength);
      if (!Number.isSafeInteger(length) || length < 0) return problem(c, 400, 'invalid Upload-Length');
      const id = randomUUID();
      resumable.set(id, {
        metadata: parseTusMetadata(c.req.header('upload-metadata') ?? ''),
        bytes: new Uint8Array(length),
        offset: 0,
      });
      return c.body(null, 201, { location: `${origin}${UPLOAD_PREFIX}/files/${id}`, 'upload-offset': '0' });
    }
    const form = await c.req.formData().catch(() => undefined);
    const file = form?.get('file');
    const network = form?.get('network');
    if (!form || !(file instanceof File)) return problem(c, 400, 'multipart field "file" is required');
    if (!isNetwork(network)) return problem(c, 400, 'network must be "public" or "private"');
    const cidVersion = form.get('cid_version');
    if (cidVersion !== null && cidVersion !== 'v1') return problem(c, 400, 'the stand-in makes CIDv1 only');
    const keyvalues = form.get('keyvalues');
    const groupId = form.get('group_id');
    const data = await store(new Uint8Array(await file.arrayBuffer()), {
      name: String(form.get('name') ?? file.name),
      network,
      mimeType: file.type || DEFAULT_MIME_TYPE,
      keyvalues: typeof keyvalues === 'string' ? JSON.parse(keyvalues) : {},
      groupId: typeof groupId === 'string' ? groupId : null,
    });
    return c.json({ data });
  });

  app.patch(`${UPLOAD_PREFIX}/files/:id`, async (c) => {
    const upload = resumable.get(c.req.param('id'));
    if (!upload) return problem(c, 404, 'no such upload');
    if (c.req.header('content-type') !== TUS_CONTENT_TYPE) return problem(c, 415, `use ${TUS_CONTENT_TYPE}`);
    if (Number(c.req.header('upload-offset')) !== upload.offset)
      return problem(c, 409, 'wrong Upload-Offset');
    const chunk = new Uint8Array(await c.req.arrayBuffer());
    if (upload.offset + chunk.byteLength > upload.bytes.byteLength) {
      return problem(c, 400, 'more bytes than Upload-Length');
    }
    upload.bytes.set(chunk, upload.offset);
    upload.offset += chunk.byteLength;
    const headers: Record<string, string> = { 'upload-offset': String(upload.offset) };
    if (upload.offset === upload.bytes.byteLength) {
      resumable.delete(c.req.param('id'));
      const network = upload.metadata.network;
      if (!isNetwork(network)) return problem(c, 400, 'network must be "public" or "private"');
      const data = await store(upload.bytes, {
        name: upload.metadata.filename ?? '',
        network,
        mimeType: upload.metadata.filetype || DEFAULT_MIME_TYPE,
        keyvalues: upload.metadata.keyvalues ? JSON.parse(upload.metadata.keyvalues) : {},
        groupId: upload.metadata.group_id ?? null,
      });
      headers['upload-cid'] = data.cid;
    }
    return c.body(null, 204, headers);
  });

  app.post(`${API_PREFIX}/files/private/download_link`, async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as
      | { url?: unknown; date?: unknown; expires?: unknown; method?: unknown }
      | undefined;
    const { url, date, expires, method } = body ?? {};
    if (typeof url !== 'string' || !Number.isSafeInteger(date) || !Number.isSafeInteger(expires)) {
      return problem(c, 400, 'url, date and expires are required');
    }
    if (method !== 'GET' || (expires as number) <= 0) return problem(c, 400, 'method GET, expires > 0');
    const target = URL.canParse(url) ? new URL(url) : undefined;
    const cid = target?.pathname.match(/^\/files\/([^/]+)$/)?.[1];
    // The SDK always writes https:// before the gateway; the stand-in's gateway is this host over http.
    if (!target || target.host !== new URL(origin).host || !cid) {
      return problem(c, 400, 'url must be <this gateway>/files/<cid>');
    }
    const signed = new URL(`${origin}${GATEWAY_FILES}/${cid}`);
    signed.searchParams.set('X-Algorithm', 'PINATA1');
    signed.searchParams.set('X-Date', String(date));
    signed.searchParams.set('X-Expires', String(expires));
    signed.searchParams.set('X-Method', 'GET');
    signed.searchParams.set('X-Signature', sign(cid, date as number, expires as number));
    return c.json({ data: signed.toString() });
  });

  app.get(`${API_PREFIX}/files/:network`, (c) => {
    const network = c.req.param('network');
    if (!isNetwork(network)) return problem(c, 404, 'no such network');
    const { cid, name, order, pageToken } = c.req.query();
    const limit = Math.min(
      Number(c.req.query('limit') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE,
      MAX_PAGE_SIZE,
    );
    const matching = [...files.values()].filter(
      (file) =>
        file.network === network &&
        (cid === undefined || file.cid === cid) &&
        (name === undefined || file.name === name),
    );
    if (order === 'DESC') matching.reverse();
    const start = Number(pageToken ?? 0) || 0;
    const page = matching.slice(start, start + limit);
    const next = start + limit < matching.length ? String(start + limit) : '';
    return c.json({ data: { files: page.map(listItem), next_page_token: next } });
  });

  app.get(`${API_PREFIX}/files/:network/:id`, (c) => {
    const file = files.get(c.req.param('id'));
    if (!file || file.network !== c.req.param('network')) return problem(c, 404, 'no such file');
    return c.json({ data: listItem(file) });
  });

  app.delete(`${API_PREFIX}/files/:network/:id`, (c) => {
    const file = files.get(c.req.param('id'));
    if (!file || file.network !== c.req.param('network')) return problem(c, 404, 'no such file');
    files.delete(file.id);
    return c.json({ data: null });
  });

  app.get(`${GATEWAY_FILES}/:cid`, (c) => {
    const cid = c.req.param('cid');
    const date = Number(c.req.query('X-Date'));
    const expires = Number(c.req.query('X-Expires'));
    const signature = Buffer.from(c.req.query('X-Signature') ?? '');
    const expected = Buffer.from(sign(cid, date, expires));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return problem(c, 403, 'invalid signature');
    }
    if ((date + expires) * MS_PER_SECOND < Date.now()) return problem(c, 403, 'link expired');
    const file = [...files.values()].find(
      (candidate) => candidate.cid === cid && candidate.network === 'private',
    );
    if (!file) return problem(c, 404, 'not found');
    return c.body(file.bytes, 200, {
      'content-type': file.mimeType,
      'content-length': String(file.size),
    });
  });

  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: HOST, port: 0 }, () => resolve(started as Server));
  });
  origin = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${origin}${API_PREFIX}`,
    uploadUrl: `${origin}${UPLOAD_PREFIX}`,
    gatewayUrl: origin,
    jwt,
    files: () => [...files.values()],
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function isNetwork(value: unknown): value is Network {
  return NETWORKS.includes(value as Network);
}

function unauthorized(c: Context) {
  return problem(c, 401, 'Invalid/expired credentials');
}

function problem(c: Context, status: 400 | 401 | 403 | 404 | 409 | 415, details: string) {
  return c.json(
    { error: { reason: status === 401 ? 'INVALID_CREDENTIALS' : 'BAD_REQUEST', details } },
    status,
  );
}

// TUS Upload-Metadata: comma-separated `key base64value` pairs.
function parseTusMetadata(header: string): Record<string, string> {
  const entries = header
    .split(',')
    .map((pair) => pair.trim().split(' '))
    .filter(([key]) => key)
    .map(([key, value]) => [key, Buffer.from(value ?? '', 'base64').toString('utf8')]);
  return Object.fromEntries(entries);
}

function listItem(file: StandInFile) {
  return {
    id: file.id,
    name: file.name,
    cid: file.cid,
    size: file.size,
    number_of_files: 1,
    mime_type: file.mimeType,
    keyvalues: file.keyvalues,
    group_id: file.groupId,
    created_at: file.createdAt,
  };
}

function uploadResponse(file: StandInFile) {
  return { ...listItem(file), user_id: 'stand-in', network: file.network, vectorized: false };
}
