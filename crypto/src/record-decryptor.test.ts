import { describe, expect, it } from 'vitest';
import { isCryptoError } from './errors.ts';
import { encryptRecord, generateRecordKey } from './record-cipher.ts';
import type { RecordContext } from './record-context.ts';
import { RecordDecryptor } from './record-decryptor.ts';
import { RECORD_HEADER_LENGTH, TAG_LENGTH } from './record-format.ts';

const context: RecordContext = {
  patient: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  recordId: 'imaging/0001',
  version: 1,
  contentType: 'application/dicom',
};
const S = 32;
const sealed = S + TAG_LENGTH;

describe('RecordDecryptor', () => {
  const key = generateRecordKey();
  const plaintext = Uint8Array.from({ length: 3 * S }, (_, i) => i);
  const made = encryptRecord({ key, plaintext, context, segmentSize: S });

  it('releases a segment as soon as the next bytes show it is not the final one', async () => {
    const ciphertext = await made;
    const decryptor = new RecordDecryptor({ key, context });
    expect(await decryptor.push(ciphertext.subarray(0, RECORD_HEADER_LENGTH + sealed))).toEqual([]);
    expect(decryptor.header?.segmentSize).toBe(S);
    const first = await decryptor.push(
      ciphertext.subarray(RECORD_HEADER_LENGTH + sealed, RECORD_HEADER_LENGTH + sealed + 1),
    );
    expect(first).toEqual([plaintext.subarray(0, S)]);
    const rest = await decryptor.push(ciphertext.subarray(RECORD_HEADER_LENGTH + sealed + 1));
    expect(rest).toEqual([plaintext.subarray(S, 2 * S)]);
    expect(await decryptor.finish()).toEqual(plaintext.subarray(2 * S));
  });

  it('stays failed after a failure: no plaintext once a segment was bad', async () => {
    const ciphertext = (await made).slice();
    ciphertext[RECORD_HEADER_LENGTH]! ^= 1;
    const decryptor = new RecordDecryptor({ key, context });
    const first = await decryptor.push(ciphertext).catch((e: unknown) => e);
    expect(isCryptoError(first, 'CIPHERTEXT_TAMPERED')).toBe(true);
    await expect(decryptor.push(new Uint8Array(1))).rejects.toBe(first);
    await expect(decryptor.finish()).rejects.toBe(first);
  });

  it('does not keep a view of the caller buffer between pushes', async () => {
    const ciphertext = await made;
    const decryptor = new RecordDecryptor({ key, context });
    const buffer = ciphertext.slice(0, RECORD_HEADER_LENGTH + 10);
    await decryptor.push(buffer);
    buffer.fill(0); // the caller reuses its buffer
    const segments = await decryptor.push(ciphertext.slice(RECORD_HEADER_LENGTH + 10));
    expect(Buffer.concat([...segments, await decryptor.finish()])).toEqual(Buffer.from(plaintext));
  });

  it('does not keep a view of the caller buffer while the header is incomplete', async () => {
    const ciphertext = await made;
    const decryptor = new RecordDecryptor({ key, context });
    const buffer = ciphertext.slice(0, 20);
    expect(await decryptor.push(buffer)).toEqual([]);
    buffer.fill(0);
    const segments = await decryptor.push(ciphertext.slice(20));
    expect(Buffer.concat([...segments, await decryptor.finish()])).toEqual(Buffer.from(plaintext));
  });

  it('refuses to be used after finish', async () => {
    const decryptor = new RecordDecryptor({ key, context });
    await decryptor.push(await made);
    await decryptor.finish();
    await expect(decryptor.finish()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
