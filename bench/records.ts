// Records benchmark (`npm run bench -- records`): a 50 MiB record through the whole path, next to the raw speed
// of the primitives underneath, all measured in the same run on the same machine:
// - plain SHA-256 and plain AES-256-GCM (node:crypto, 1 MiB chunks): the ceilings;
// - the record format's encryption and decryption (@medicrypt/crypto: AES-256-GCM in 1 MiB sealed segments);
// - the IPFS CID (kubo defaults: 256 KiB raw leaves, balanced DAG) of the ciphertext;
// - upload to and download from the relayer over HTTP into its embedded IPFS store (which computes the CID while
//   it writes), and end to end: encrypt + upload, download + decrypt.
// Each figure is the median of several rounds. Writes bench/out/records.json.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { decryptRecord, encryptRecord, generateRecordKey, type RecordContext } from '@medicrypt/crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { cidOfBytes } from '../relayer/src/storage/cid-of-bytes.ts';
import { ApiClient } from '../relayer/src/testing/api-client.ts';
import { startChainFixture } from '../relayer/src/testing/chain-fixture.ts';
import { relayerEnv } from '../relayer/src/testing/relayer-fixture.ts';
import { spawnRelayer } from '../relayer/src/testing/relayer-process.ts';
import { median } from './process-stats.ts';
import { printTable, writeResult } from './report.ts';

const MIB = 1024 * 1024;
const RECORD_MIB = Number(process.env.BENCH_RECORD_MIB ?? 50);
const ROUNDS = Number(process.env.BENCH_RECORD_ROUNDS ?? 3);
const CHUNK = MIB;
const CONTENT_TYPE = 'application/dicom';

/** Median MiB/s of `work` over `bytes` bytes, after one warm-up round. */
async function throughput(bytes: number, work: (round: number) => Promise<void> | void): Promise<number> {
  await work(-1);
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await work(round);
    rates.push(bytes / MIB / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

function chunksOf(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK)
    chunks.push(bytes.subarray(offset, offset + CHUNK));
  return chunks;
}

export async function runRecordsBench(): Promise<Record<string, unknown>> {
  const plaintext = new Uint8Array(randomBytes(RECORD_MIB * MIB));
  const chunks = chunksOf(plaintext);

  const sha256 = await throughput(plaintext.length, () => {
    const hash = createHash('sha256');
    for (const chunk of chunks) hash.update(chunk);
    hash.digest();
  });
  const aesGcm = await throughput(plaintext.length, () => {
    const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
    for (const chunk of chunks) cipher.update(chunk);
    cipher.final();
    cipher.getAuthTag();
  });

  const fixture = await startChainFixture();
  const relayer = await spawnRelayer(
    await relayerEnv(fixture, 'pglite', 'unused', {
      MAX_UPLOAD_BYTES: String((RECORD_MIB + 1) * MIB),
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
      RATE_LIMIT_PER_IP_PER_MIN: '100000000',
    }),
  );
  try {
    const patient = new ApiClient(
      relayer.url,
      privateKeyToAccount(generatePrivateKey()),
      fixture.deployment.chainId,
    );
    await patient.login();
    const contextOf = (round: number): RecordContext => ({
      patient: patient.address,
      recordId: `bench-${round + 1}`,
      version: 1,
      contentType: CONTENT_TYPE,
    });
    const key = generateRecordKey();
    const ciphertexts = new Map<number, Uint8Array>();
    const encrypt = await throughput(plaintext.length, async (round) => {
      ciphertexts.set(round, await encryptRecord({ key, context: contextOf(round), plaintext }));
    });
    const decrypt = await throughput(plaintext.length, async (round) => {
      const opened = await decryptRecord({
        key,
        context: contextOf(round),
        ciphertext: ciphertexts.get(round)!,
      });
      if (opened.length !== plaintext.length) throw new Error('decrypted length differs');
    });
    const cidRate = await throughput(plaintext.length, async (round) => {
      await cidOfBytes(chunksOf(ciphertexts.get(round)!));
    });

    const cids = new Map<number, string>();
    const upload = async (round: number, ciphertext: Uint8Array) => {
      const context = contextOf(round);
      const response = await patient.uploadBytes(
        { recordId: context.recordId, contentType: CONTENT_TYPE, category: 'imaging', name: 'scan.dcm' },
        ciphertext,
      );
      if (response.status !== 201)
        throw new Error(`upload: ${response.status} ${JSON.stringify(response.body)}`);
      cids.set(round, response.body.cid as string);
    };
    const uploadRate = await throughput(plaintext.length, (round) => upload(round, ciphertexts.get(round)!));
    // The store's CID is the one computed here, offline, the way kubo would.
    const expected = await cidOfBytes(chunksOf(ciphertexts.get(0)!));
    if (cids.get(0) !== expected.cid) throw new Error(`store CID ${cids.get(0)} ≠ computed ${expected.cid}`);
    const downloadRate = await throughput(plaintext.length, async (round) => {
      const { status, bytes } = await patient.download(cids.get(round)!);
      if (status !== 200 || bytes.length !== ciphertexts.get(round)!.length)
        throw new Error(`download: ${status}`);
    });

    // End to end: what the patient's and the doctor's clients wait for.
    const endToEndUp = await throughput(plaintext.length, async (round) => {
      const target = ROUNDS + 1 + round;
      await upload(target, await encryptRecord({ key, context: contextOf(target), plaintext }));
    });
    const endToEndDown = await throughput(plaintext.length, async (round) => {
      const target = ROUNDS + 1 + round;
      const { bytes } = await patient.download(cids.get(target)!);
      const opened = await decryptRecord({ key, context: contextOf(target), ciphertext: bytes });
      if (opened.length !== plaintext.length)
        throw new Error('end-to-end download decrypted to another length');
    });

    const result = {
      record_mib: RECORD_MIB,
      rounds: ROUNDS,
      sha256_mib_s: Math.round(sha256),
      aes_gcm_mib_s: Math.round(aesGcm),
      record_encrypt_mib_s: Math.round(encrypt),
      record_decrypt_mib_s: Math.round(decrypt),
      cid_mib_s: Math.round(cidRate),
      upload_mib_s: Math.round(uploadRate),
      download_mib_s: Math.round(downloadRate),
      encrypt_and_upload_mib_s: Math.round(endToEndUp),
      download_and_decrypt_mib_s: Math.round(endToEndDown),
      encrypt_vs_aes_gcm: Number((encrypt / aesGcm).toFixed(3)),
      upload_vs_sha256: Number((uploadRate / sha256).toFixed(3)),
    };
    const row = (label: string, rate: number, base?: number) => [
      label,
      `${rate.toFixed(0)} MiB/s`,
      base ? `${((rate / base) * 100).toFixed(0)}%` : '',
    ];
    printTable(
      `Records: a ${RECORD_MIB} MiB file (median of ${ROUNDS}; % of the plain primitive measured in this run)`,
      ['step', 'throughput', 'vs plain'],
      [
        row('plain SHA-256 (node:crypto)', sha256),
        row('plain AES-256-GCM (node:crypto)', aesGcm),
        row('record encryption (@medicrypt/crypto)', encrypt, aesGcm),
        row('record decryption', decrypt, aesGcm),
        row('IPFS CID of the ciphertext (kubo defaults)', cidRate, sha256),
        row('upload to the relayer (HTTP → local IPFS store)', uploadRate, sha256),
        row('download from the relayer', downloadRate),
        row('end to end: encrypt + upload', endToEndUp, aesGcm),
        row('end to end: download + decrypt', endToEndDown, aesGcm),
      ],
    );
    writeResult('records', result);
    return result;
  } finally {
    await relayer.kill('SIGTERM');
    await fixture.stop();
  }
}
