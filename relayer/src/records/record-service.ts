// Records: encrypted uploads into the content store, their metadata, who may read them, the wrapped keys, and the
// access log. The relayer never sees plaintext: an upload must be a MediCrypt ciphertext (its header is checked),
// and key envelopes are opaque to it. On-chain state (registered, superseded, removed) comes from the indexer.
import { recordKeyOf } from '@medicrypt/contracts';
import {
  type KeyEnvelope,
  parseKeyBinding,
  parseKeyEnvelope,
  RECORD_HEADER_LENGTH,
  readRecordHeader,
  verifyKeyBinding,
} from '@medicrypt/crypto';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Address } from 'viem';
import type { ConsentView } from '../access/consent-view.ts';
import type { ChainClient } from '../chain/chain-client.ts';
import type { Database, RecordRow } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import type { ByteSource, ContentStore } from '../storage/content-store.ts';
import { StorageError } from '../storage/storage-error.ts';

export type OnChainStatus = 'unregistered' | 'current' | 'superseded' | 'removed';

export interface RecordUpload {
  patient: Address;
  uploadedBy: Address;
  recordId: string;
  version: number;
  contentType: string;
  category: number;
  name: string;
}

export interface RecordView {
  cid: string;
  digest: string;
  codec: number;
  patient: string;
  recordId: string;
  version: number;
  contentType: string;
  category: number;
  name: string;
  size: number;
  uploadedAt: string;
  status: OnChainStatus;
}

const recordEvents = ['RecordRegistered', 'RecordUpdated', 'RecordRemoved'];
const lower = (address: string) => address.toLowerCase();

const notFound = (cid: string) => new RelayerError('RECORD_NOT_FOUND', 404, `no record ${cid}`);
const forbidden = (message: string) => new RelayerError('ACCESS_DENIED', 403, message);

/** Yields the source unchanged after checking that it starts with a MediCrypt record header. */
async function* requireCiphertext(source: ByteSource): AsyncGenerator<Uint8Array> {
  let head = new Uint8Array(0);
  let checked = false;
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    if (checked) {
      yield chunk;
      continue;
    }
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
    if (head.length < RECORD_HEADER_LENGTH) continue;
    try {
      readRecordHeader(head);
    } catch (error) {
      throw new RelayerError(
        'NOT_ENCRYPTED',
        400,
        'the upload is not a MediCrypt ciphertext: records are encrypted in the client before upload',
        { cause: error },
      );
    }
    checked = true;
    yield head;
  }
  if (!checked)
    throw new RelayerError('NOT_ENCRYPTED', 400, 'the upload is shorter than a MediCrypt ciphertext header');
}

export class RecordService {
  constructor(
    private readonly options: {
      db: Kysely<Database>;
      store: ContentStore;
      consent: ConsentView;
      chain: ChainClient;
      logger: Logger;
      maxUploadBytes: number;
    },
  ) {}

  /** Stores an encrypted upload and its metadata; the same bytes again return the same record. */
  async upload(upload: RecordUpload, body: ByteSource): Promise<{ record: RecordView; created: boolean }> {
    const { db } = this.options;
    const patient = lower(upload.patient);
    if (upload.version > 1) {
      const previous = await db
        .selectFrom('records')
        .select('cid')
        .where('patient', '=', patient)
        .where('record_id', '=', upload.recordId)
        .where('version', '=', upload.version - 1)
        .executeTakeFirst();
      if (!previous)
        throw new RelayerError(
          'PREVIOUS_VERSION_MISSING',
          409,
          `record ${upload.recordId} has no version ${upload.version - 1} to follow`,
        );
    }
    let stored: { cid: string; size: number };
    try {
      stored = await this.options.store.put(requireCiphertext(body), {
        maxBytes: this.options.maxUploadBytes,
        name: upload.name,
      });
    } catch (error) {
      if (error instanceof StorageError && error.code === 'CONTENT_TOO_LARGE')
        throw new RelayerError(
          'PAYLOAD_TOO_LARGE',
          413,
          `the record exceeds the upload limit of ${this.options.maxUploadBytes} bytes`,
        );
      if (error instanceof StorageError)
        throw new RelayerError('STORAGE_UNAVAILABLE', 503, 'the record store is unavailable; retry shortly', {
          cause: error,
        });
      throw error;
    }
    const key = recordKeyOf(stored.cid);
    const inserted = await db
      .insertInto('records')
      .values({
        cid: stored.cid,
        digest: key.digest,
        codec: key.codec,
        patient,
        record_id: upload.recordId,
        version: upload.version,
        content_type: upload.contentType,
        category: upload.category,
        name: upload.name,
        size: stored.size,
        uploaded_by: lower(upload.uploadedBy),
        uploaded_at: new Date(),
      })
      .onConflict((oc) => oc.column('cid').doNothing())
      .executeTakeFirst();
    const row = await this.row(stored.cid);
    if (!row || row.patient !== patient)
      throw new RelayerError('RECORD_EXISTS', 409, 'these bytes are already stored as another record');
    return { record: (await this.present([row]))[0]!, created: inserted.numInsertedOrUpdatedRows === 1n };
  }

  /** The patient's records (all versions), or for anyone else the ones they are granted now. */
  async list(viewer: Address, patient: Address): Promise<RecordView[]> {
    const rows = await this.options.db
      .selectFrom('records')
      .selectAll()
      .where('patient', '=', lower(patient))
      .orderBy('record_id')
      .orderBy('version', 'desc')
      .execute();
    const views = await this.present(rows);
    if (lower(viewer) === lower(patient)) return views;
    const grants = await this.options.consent.grants({ patient, grantee: viewer });
    if (grants.length === 0 || !(await this.options.consent.credentials(viewer)).includes('doctor'))
      return [];
    const mask = grants.reduce((all, grant) => all | BigInt(grant.categoryMask), 0n);
    return views.filter(
      (view) =>
        view.status !== 'unregistered' && view.status !== 'removed' && (mask >> BigInt(view.category)) & 1n,
    );
  }

  /** A record's metadata, if the viewer may see it. */
  async get(viewer: Address, cid: string): Promise<RecordView> {
    const row = await this.row(cid);
    if (!row) throw notFound(cid);
    await this.assertMayRead(viewer, row);
    return (await this.present([row]))[0]!;
  }

  /** The ciphertext, if the viewer may read it; the download is written to the access log. */
  async download(viewer: Address, cid: string) {
    const row = await this.row(cid);
    if (!row) throw notFound(cid);
    await this.assertMayRead(viewer, row);
    const content = await this.options.store.get(cid).catch((error) => {
      throw new RelayerError('STORAGE_UNAVAILABLE', 503, 'the record store is unavailable; retry shortly', {
        cause: error,
      });
    });
    if (!content) throw new RelayerError('CONTENT_MISSING', 410, `the bytes of ${cid} are no longer stored`);
    await this.log(row.patient, viewer, cid, 'download');
    return { record: row, ...content };
  }

  /** Stores key envelopes the patient made for grantees (or themselves); each must match the record. */
  async putEnvelopes(viewer: Address, cid: string, envelopes: unknown[]): Promise<number> {
    const row = await this.row(cid);
    if (!row) throw notFound(cid);
    if (lower(viewer) !== row.patient) throw forbidden('only the patient wraps keys of their records');
    const parsed: KeyEnvelope[] = envelopes.map((value, index) => {
      let envelope: KeyEnvelope;
      try {
        envelope = parseKeyEnvelope(value);
      } catch (error) {
        throw new RelayerError('INVALID_ENVELOPE', 400, `envelope ${index}: ${(error as Error).message}`);
      }
      const { context } = envelope;
      if (
        lower(context.patient) !== row.patient ||
        context.recordId !== row.record_id ||
        context.version !== row.version ||
        context.contentType !== row.content_type
      )
        throw new RelayerError('INVALID_ENVELOPE', 400, `envelope ${index} is for another record version`);
      return envelope;
    });
    const now = new Date();
    for (const envelope of parsed)
      await this.options.db
        .insertInto('key_envelopes')
        .values({
          cid,
          grantee: lower(envelope.context.grantee),
          envelope: JSON.stringify(envelope),
          created_by: lower(viewer),
          created_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['cid', 'grantee']).doUpdateSet({ envelope: JSON.stringify(envelope), created_at: now }),
        )
        .execute();
    return parsed.length;
  }

  /** The viewer's own key envelope for a record: served only while the viewer may read the record. */
  async envelopeFor(viewer: Address, cid: string): Promise<KeyEnvelope> {
    const row = await this.row(cid);
    if (!row) throw notFound(cid);
    await this.assertMayRead(viewer, row);
    const envelope = await this.options.db
      .selectFrom('key_envelopes')
      .select('envelope')
      .where('cid', '=', cid)
      .where('grantee', '=', lower(viewer))
      .executeTakeFirst();
    if (!envelope)
      throw new RelayerError(
        'ENVELOPE_NOT_FOUND',
        404,
        'the patient has not wrapped this record key for you yet',
      );
    await this.log(row.patient, viewer, cid, 'key');
    return envelope.envelope as unknown as KeyEnvelope;
  }

  /** Publishes an account's encryption key binding (the newest `issuedAt` wins). */
  async putKeyBinding(viewer: Address, binding: unknown): Promise<void> {
    let verified: Awaited<ReturnType<typeof verifyKeyBinding>>;
    try {
      verified = await verifyKeyBinding({
        binding,
        chainId: this.options.chain.deployment.chainId,
        account: viewer,
        publicClient: this.options.chain.publicClient,
      });
    } catch (error) {
      throw new RelayerError('INVALID_KEY_BINDING', 400, (error as Error).message, { cause: error });
    }
    const { signature, publicKey } = parseKeyBinding(binding);
    await this.options.db
      .insertInto('key_bindings')
      .values({
        account: lower(verified.account),
        public_key: publicKey,
        issued_at: verified.issuedAt,
        chain_id: verified.chainId,
        signature,
        updated_at: new Date(),
      })
      .onConflict((oc) =>
        oc
          .column('account')
          .doUpdateSet({
            public_key: publicKey,
            issued_at: verified.issuedAt,
            chain_id: verified.chainId,
            signature,
            updated_at: new Date(),
          })
          .where(sql<boolean>`key_bindings.issued_at < ${verified.issuedAt}`),
      )
      .execute();
  }

  /** The account's key binding as signed, for anyone to verify before wrapping a key to it. */
  async keyBinding(account: Address) {
    const row = await this.options.db
      .selectFrom('key_bindings')
      .selectAll()
      .where('account', '=', lower(account))
      .executeTakeFirst();
    if (!row)
      throw new RelayerError('KEY_NOT_PUBLISHED', 404, `${account} has not published an encryption key`);
    return {
      account: row.account,
      publicKey: row.public_key,
      issuedAt: Number(row.issued_at),
      chainId: row.chain_id,
      signature: row.signature,
    };
  }

  /** Who opened which of the patient's records, and when (downloads and key fetches). */
  async accessLog(patient: Address, limit: number) {
    const rows = await this.options.db
      .selectFrom('access_log')
      .selectAll()
      .where('patient', '=', lower(patient))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      accessor: row.accessor,
      cid: row.cid,
      action: row.action,
      at: row.at.toISOString(),
    }));
  }

  /** Unpins the content of records removed on chain. Returns how many were unpinned. */
  async unpinRemoved(): Promise<number> {
    const removed = await this.options.db
      .selectFrom('records')
      .innerJoin('chain_events', (join) =>
        join
          .on('chain_events.event_name', '=', 'RecordRemoved')
          .on(sql<boolean>`chain_events.args->>'digest' = records.digest`)
          .on(sql<boolean>`chain_events.args->>'patient' = records.patient`),
      )
      .select('records.cid')
      .where('records.unpinned_at', 'is', null)
      .execute();
    for (const { cid } of removed) {
      await this.options.store.remove(cid);
      await this.options.db
        .updateTable('records')
        .set({ unpinned_at: new Date() })
        .where('cid', '=', cid)
        .execute();
      this.options.logger.info({ cid }, 'record removed on chain; content unpinned');
    }
    return removed.length;
  }

  private row(cid: string): Promise<RecordRow | undefined> {
    return this.options.db.selectFrom('records').selectAll().where('cid', '=', cid).executeTakeFirst();
  }

  private async assertMayRead(viewer: Address, row: RecordRow): Promise<void> {
    if (lower(viewer) === row.patient) return;
    const [view] = await this.present([row]);
    if (view!.status === 'unregistered' || view!.status === 'removed')
      throw forbidden('the record is not registered on chain');
    if (!(await this.options.consent.hasAccess(row.patient, viewer, row.category)))
      throw forbidden(`${viewer} has no access to this patient's ${row.category} records`);
  }

  private async log(patient: string, accessor: Address, cid: string, action: string) {
    await this.options.db
      .insertInto('access_log')
      .values({ patient, accessor: lower(accessor), cid, action })
      .execute();
  }

  /** Adds each record's on-chain status from the indexed events. */
  private async present(rows: RecordRow[]): Promise<RecordView[]> {
    if (rows.length === 0) return [];
    const digests = [...new Set(rows.map((row) => row.digest))];
    const events = await this.options.db
      .selectFrom('chain_events')
      .select(['event_name', 'args'])
      .where('event_name', 'in', recordEvents)
      .where(sql<string>`args->>'digest'`, 'in', digests)
      .orderBy('block_number')
      .orderBy('log_index')
      .execute();
    const status = new Map<string, OnChainStatus>();
    for (const event of events) {
      const args = event.args as Record<string, string>;
      status.set(
        `${args.patient}|${args.digest}`,
        event.event_name === 'RecordRemoved' ? 'removed' : 'current',
      );
    }
    // An update supersedes its previous version.
    const superseded = await this.options.db
      .selectFrom('chain_events')
      .select('args')
      .where('event_name', '=', 'RecordUpdated')
      .where(sql<string>`args->>'previousDigest'`, 'in', digests)
      .execute();
    for (const event of superseded) {
      const args = event.args as Record<string, string>;
      const key = `${args.patient}|${args.previousDigest}`;
      if (status.get(key) === 'current') status.set(key, 'superseded');
    }
    return rows.map((row) => ({
      cid: row.cid,
      digest: row.digest,
      codec: row.codec,
      patient: row.patient,
      recordId: row.record_id,
      version: row.version,
      contentType: row.content_type,
      category: row.category,
      name: row.name,
      size: Number(row.size),
      uploadedAt: row.uploaded_at.toISOString(),
      status: status.get(`${row.patient}|${row.digest}`) ?? 'unregistered',
    }));
  }
}
