// An in-memory relayer for unit tests, answering the routes the extension calls with the relayer's shapes
// (relayer/src/*/…-router.ts) through an injected `fetch`. It keeps what is sent (records, envelopes, key
// bindings, intents) so tests can check it, and tests script the rest (requests, grants, intent statuses).
import { type CategoryName, categories, decodeIntent } from '@medicrypt/contracts';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { type Address, getAddress } from 'viem';
import type {
  AccessLog,
  AccessRequest,
  Grant,
  IntentStatus,
  PatientSettings,
  RecordView,
  StudyView,
} from '../relayer/api-types.ts';

export const RELAYER_URL = 'http://127.0.0.1:8787';
const RAW_CODEC = 0x55;

export interface FakeCall {
  method: string;
  path: string;
  /** The JSON body, or the multipart fields (the file as `file`). */
  body: unknown;
  authorization: string | null;
  lastEventId: string | null;
}

export interface StoredIntent {
  id: string;
  name: string;
  message: Record<string, unknown>;
  chainId: number;
  forwarder: string;
  status: IntentStatus;
  failure: { code: string; reason: string | null } | null;
}

type Handler = (
  request: Request,
  match: RegExpMatchArray,
  account: Address | undefined,
) => Promise<Response> | Response;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
export const errorResponse = (status: number, code: string, message = code.toLowerCase()) =>
  json({ error: { code, message } }, status);

export function sseResponse(frames: string[]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const frame of frames) controller.enqueue(encoder.encode(frame));
        controller.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
}

export async function cidOf(bytes: Uint8Array): Promise<string> {
  return CID.create(1, RAW_CODEC, await sha256.digest(bytes)).toString();
}

export function pendingRequest(doctor: Address, overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: `patient:${doctor}:1`,
    patient: '0x0000000000000000000000000000000000000001',
    doctor: doctor.toLowerCase(),
    categories: ['lab', 'imaging'],
    purpose: 'treatment',
    durationSeconds: 30 * 86_400,
    nonce: 1,
    status: 'pending',
    requestedAt: '2026-11-20T10:00:00.000Z',
    decidedAt: null,
    granted: null,
    decidedBy: null,
    ...overrides,
  };
}

export function activeGrant(grantee: Address, names: CategoryName[], overrides: Partial<Grant> = {}): Grant {
  return {
    patient: '0x0000000000000000000000000000000000000001',
    grantee: grantee.toLowerCase(),
    kind: 'consent',
    categories: names,
    categoryMask: names.reduce((mask, name) => mask | (1n << BigInt(categories[name])), 0n).toString(),
    expiresAt: '2026-12-20T10:00:00.000Z',
    grantedAt: '2026-11-20T10:00:00.000Z',
    reason: null,
    nonce: 2,
    ...overrides,
  };
}

export class FakeRelayer {
  readonly url = RELAYER_URL;
  readonly calls: FakeCall[] = [];
  readonly intents: StoredIntent[] = [];
  readonly keyBindings = new Map<string, Record<string, unknown>>();
  readonly records: RecordView[] = [];
  /** cid → grantee (lowercase) → envelope */
  readonly envelopes = new Map<string, Map<string, unknown>>();
  readonly ciphertexts = new Map<string, Uint8Array>();
  requests: AccessRequest[] = [];
  grants: Grant[] = [];
  settings: PatientSettings = {
    breakGlassAllowed: true,
    settingsNonce: 0,
    delegates: [],
    delegationNonces: {},
    research: [],
  };
  log: AccessLog = { opened: [], consentEvents: [] };
  studies: StudyView[] = [];
  /** studyId → the contribution body the patient's client sent. */
  readonly contributions = new Map<string, Record<string, unknown>>();
  /** What POST /v1/studies answers (a researcher publishing a protocol). */
  publishedStudy = { studyId: `0x${'ab'.repeat(32)}`, protocolHash: `0x${'cd'.repeat(32)}` };
  /** studyId → what its researcher's dataset and insights calls answer. */
  readonly studyData = new Map<
    string,
    { csv: string; ndjson: string; released: number; suppressed: number; insights: unknown }
  >();
  /** Intent id → the status frames its event stream sends (none: the stream answers 404). */
  readonly intentStreams = new Map<string, IntentStatus[]>();
  /** The status a new intent starts in. */
  initialStatus: IntentStatus = 'queued';
  /** Answers the next authenticated call with 401 TOKEN_EXPIRED. */
  expireNextToken = false;
  /** The refresh endpoint refuses (the session ended elsewhere). */
  refuseRefresh = false;
  /** Overrides by `METHOD /path` (exact path, no query). */
  readonly overrides = new Map<string, Handler>();
  private readonly tokens = new Map<string, Address>();
  private readonly refreshTokens = new Map<string, Address>();
  private counter = 0;
  private readonly routes: [string, RegExp, Handler, boolean][];

  constructor() {
    this.routes = [
      [
        'POST',
        /^\/v1\/auth\/nonce$/,
        () => json({ nonce: 'abcdefgh12345678', expiresAt: '2030-01-01T00:00:00Z' }, 201),
        false,
      ],
      ['POST', /^\/v1\/auth\/login$/, (request) => this.login(request), false],
      ['POST', /^\/v1\/auth\/refresh$/, (request) => this.refresh(request), false],
      ['POST', /^\/v1\/auth\/logout$/, () => new Response(null, { status: 204 }), true],
      ['GET', /^\/v1\/keys\/(0x[0-9a-fA-F]{40})$/, (_, match) => this.keyBinding(match[1]!), true],
      ['PUT', /^\/v1\/keys$/, (request, _, account) => this.putKeyBinding(request, account!), true],
      ['POST', /^\/v1\/records$/, (request, _, account) => this.upload(request, account!), true],
      ['GET', /^\/v1\/records$/, () => json({ records: this.records }), true],
      [
        'GET',
        /^\/v1\/records\/(\w+)\/envelope$/,
        (_, match, account) => this.envelopeFor(match[1]!, account!),
        true,
      ],
      [
        'PUT',
        /^\/v1\/records\/(\w+)\/envelopes$/,
        (request, match) => this.putEnvelopes(request, match[1]!),
        true,
      ],
      ['GET', /^\/v1\/records\/(\w+)\/content$/, (_, match) => this.content(match[1]!), true],
      ['GET', /^\/v1\/studies$/, () => json({ studies: this.studies }), true],
      [
        'POST',
        /^\/v1\/studies$/,
        async (request) => json({ ...this.publishedStudy, protocol: await request.json() }, 201),
        true,
      ],
      [
        'GET',
        /^\/v1\/studies\/(0x[0-9a-fA-F]{64})\/dataset$/,
        (request, match) => this.dataset(request, match[1]!),
        true,
      ],
      [
        'GET',
        /^\/v1\/studies\/(0x[0-9a-fA-F]{64})\/insights$/,
        (_, match) => {
          const data = this.studyData.get(match[1]!);
          return data ? json(data.insights) : errorResponse(404, 'UNKNOWN_STUDY');
        },
        true,
      ],
      [
        'PUT',
        /^\/v1\/studies\/(0x[0-9a-fA-F]{64})\/contribution$/,
        (request, match) => this.contribute(request, match[1]!),
        true,
      ],
      ['GET', /^\/v1\/access\/requests$/, (request) => this.listRequests(request), true],
      ['GET', /^\/v1\/access\/grants$/, () => json({ grants: this.grants }), true],
      ['GET', /^\/v1\/access\/settings$/, () => json(this.settings), true],
      ['GET', /^\/v1\/access\/log$/, () => json(this.log), true],
      [
        'GET',
        /^\/v1\/notifications\/stream$/,
        () => sseResponse(['event: ready\ndata: {"after":"0"}\n\n']),
        true,
      ],
      ['POST', /^\/v1\/intents$/, (request) => this.submit(request), false],
      ['GET', /^\/v1\/intents\/([\w-]+)\/events$/, (_, match) => this.intentEvents(match[1]!), false],
      ['GET', /^\/v1\/intents\/([\w-]+)$/, (_, match) => this.intent(match[1]!), false],
    ];
  }

  /** The fetch the extension's RelayerClient is given. */
  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = await this.recordBody(request.clone());
    this.calls.push({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      body,
      authorization: request.headers.get('authorization'),
      lastEventId: request.headers.get('last-event-id'),
    });
    const override = this.overrides.get(`${request.method} ${url.pathname}`);
    for (const [method, pattern, handler, authed] of this.routes) {
      const match = url.pathname.match(pattern);
      if (!match || method !== request.method) continue;
      let account: Address | undefined;
      if (authed) {
        const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
        account = token ? this.tokens.get(token) : undefined;
        if (!account) return errorResponse(401, token ? 'SESSION_ENDED' : 'AUTH_REQUIRED');
        if (this.expireNextToken) {
          this.expireNextToken = false;
          return errorResponse(401, 'TOKEN_EXPIRED', 'the access token expired');
        }
      }
      return (override ?? handler)(request, match, account);
    }
    return errorResponse(404, 'NOT_FOUND', `no route ${request.method} ${url.pathname}`);
  };

  /** Calls to `METHOD /path` (query ignored). */
  callsTo(method: string, path: string): FakeCall[] {
    return this.calls.filter((call) => call.method === method && call.path.split('?')[0] === path);
  }

  /** A token the fake accepts for `account`, as if it had signed in. */
  issueToken(account: Address): string {
    const token = `token-${++this.counter}`;
    this.tokens.set(token, getAddress(account));
    return token;
  }

  tokensFor(account: Address) {
    const accessToken = this.issueToken(account);
    const refreshToken = `refresh-${this.counter}`;
    this.refreshTokens.set(refreshToken, getAddress(account));
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer' as const,
      expiresIn: 900,
      account: getAddress(account),
      credentials: [],
    };
  }

  private async recordBody(request: Request): Promise<unknown> {
    const type = request.headers.get('content-type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await request.formData();
      return Object.fromEntries(
        [...form.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : 'file']),
      );
    }
    const text = await request.text();
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  private async login(request: Request) {
    const { message } = (await request.json()) as { message: string };
    // EIP-4361: the account is the whole second line.
    const address = message.split('\n')[1] as Address;
    return json(this.tokensFor(address));
  }

  private async refresh(request: Request) {
    if (this.refuseRefresh) return errorResponse(401, 'REFRESH_TOKEN_REUSED');
    const { refreshToken } = (await request.json()) as { refreshToken: string };
    const account = this.refreshTokens.get(refreshToken);
    // Single use, like the relayer's: a second use of the same token is refused.
    if (!account) return errorResponse(401, 'REFRESH_TOKEN_REUSED');
    this.refreshTokens.delete(refreshToken);
    return json(this.tokensFor(account));
  }

  private keyBinding(address: string) {
    const binding = this.keyBindings.get(address.toLowerCase());
    return binding
      ? json(binding)
      : errorResponse(404, 'KEY_NOT_PUBLISHED', `${address} has not published a key`);
  }

  private async putKeyBinding(request: Request, account: Address) {
    const binding = (await request.json()) as Record<string, unknown>;
    this.keyBindings.set(account.toLowerCase(), binding);
    return json(binding);
  }

  private async upload(request: Request, account: Address) {
    const form = await request.formData();
    const file = form.get('file') as Blob;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const cid = await cidOf(bytes);
    const record: RecordView = {
      cid,
      digest: '0x',
      codec: RAW_CODEC,
      patient: account.toLowerCase(),
      recordId: String(form.get('recordId')),
      version: Number(form.get('version')),
      contentType: String(form.get('contentType')),
      category: categories[String(form.get('category')) as CategoryName],
      name: String(form.get('name')),
      size: bytes.length,
      uploadedAt: new Date().toISOString(),
      status: 'unregistered',
    };
    this.records.push(record);
    this.ciphertexts.set(cid, bytes);
    return json(record, 201);
  }

  private content(cid: string) {
    const bytes = this.ciphertexts.get(cid);
    return bytes
      ? new Response(bytes as Uint8Array<ArrayBuffer>, {
          headers: { 'content-type': 'application/octet-stream' },
        })
      : errorResponse(404, 'RECORD_NOT_FOUND');
  }

  private dataset(request: Request, studyId: string) {
    const data = this.studyData.get(studyId);
    if (!data) return errorResponse(404, 'UNKNOWN_STUDY');
    const csv = new URL(request.url).searchParams.get('format') === 'csv';
    return new Response(csv ? data.csv : data.ndjson, {
      headers: {
        'content-type': csv ? 'text/csv' : 'application/fhir+ndjson',
        'x-k-anonymity-k': '5',
        'x-released': String(data.released),
        'x-suppressed': String(data.suppressed),
      },
    });
  }

  private async contribute(request: Request, studyId: string) {
    const study = this.studies.find((entry) => entry.studyId === studyId);
    if (!study?.myConsent.granted) return errorResponse(403, 'NO_STUDY_CONSENT');
    const body = (await request.json()) as Record<string, unknown>;
    this.contributions.set(studyId, body);
    return json({ studyId, subject: body.subject });
  }

  private envelopeFor(cid: string, account: Address) {
    const envelope = this.envelopes.get(cid)?.get(account.toLowerCase());
    return envelope ? json(envelope) : errorResponse(404, 'ENVELOPE_NOT_FOUND');
  }

  private async putEnvelopes(request: Request, cid: string) {
    const { envelopes } = (await request.json()) as { envelopes: { context: { grantee: string } }[] };
    const stored = this.envelopes.get(cid) ?? new Map<string, unknown>();
    for (const envelope of envelopes) stored.set(envelope.context.grantee.toLowerCase(), envelope);
    this.envelopes.set(cid, stored);
    return json({ stored: envelopes.length });
  }

  private listRequests(request: Request) {
    const status = new URL(request.url).searchParams.get('status');
    return json({ requests: this.requests.filter((entry) => !status || entry.status === status) });
  }

  private async submit(request: Request) {
    const body = (await request.json()) as { chainId: number; forwarder: string; data: `0x${string}` };
    const { name, message } = decodeIntent(body.data);
    const intent: StoredIntent = {
      id: `intent-${this.intents.length + 1}`,
      name,
      message: message as Record<string, unknown>,
      chainId: body.chainId,
      forwarder: body.forwarder,
      status: this.initialStatus,
      failure: null,
    };
    this.intents.push(intent);
    return json(this.present(intent), 202);
  }

  private present(intent: StoredIntent) {
    return { id: intent.id, type: intent.name, actor: '0x', status: intent.status, failure: intent.failure };
  }

  private intent(id: string) {
    const intent = this.intents.find((candidate) => candidate.id === id);
    return intent ? json(this.present(intent)) : errorResponse(404, 'INTENT_NOT_FOUND');
  }

  private intentEvents(id: string) {
    const statuses = this.intentStreams.get(id);
    if (!statuses) return errorResponse(404, 'INTENT_NOT_FOUND');
    return sseResponse(
      statuses.map(
        (status, index) =>
          `id: ${index + 1}\nevent: status\ndata: ${JSON.stringify({ intentId: id, status })}\n\n`,
      ),
    );
  }
}
