import { describe, expect, it } from 'vitest';
import { decryptRecord, generateRecordKey } from './record-cipher.ts';
import type { RecordContext } from './record-context.ts';
import { RecordEncryptor } from './record-encryptor.ts';
import { RECORD_HEADER_LENGTH, TAG_LENGTH } from './record-format.ts';

const context: RecordContext = {
  patient: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  recordId: 'notes',
  version: 4,
  contentType: 'text/plain; charset=utf-8',
};
const S = 16;

describe('RecordEncryptor', () => {
  const key = generateRecordKey();

  it('holds back up to one segment until it knows which segment is final', async () => {
    const encryptor = new RecordEncryptor({ key, context, segmentSize: S });
    expect(encryptor.header.length).toBe(RECORD_HEADER_LENGTH);
    expect(await encryptor.push(new Uint8Array(S))).toEqual([]); // exactly one segment: may be the last
    const out = await encryptor.push(new Uint8Array(1));
    expect(out.map((segment) => segment.length)).toEqual([S + TAG_LENGTH]);
    expect((await encryptor.finish()).length).toBe(1 + TAG_LENGTH);
  });

  it('does not keep a view of the caller buffer between pushes', async () => {
    const encryptor = new RecordEncryptor({ key, context, segmentSize: S });
    const buffer = Uint8Array.from({ length: 10 }, (_, i) => i + 1);
    const parts = [encryptor.header, ...(await encryptor.push(buffer))];
    buffer.fill(0);
    parts.push(await encryptor.finish());
    const plaintext = await decryptRecord({ key, ciphertext: Buffer.concat(parts), context });
    expect(Array.from(plaintext)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('uses a given salt (for test vectors) and refuses one of the wrong length', () => {
    const salt = new Uint8Array(16).fill(0xab);
    expect(new RecordEncryptor({ key, context, salt }).header.subarray(9, 25)).toEqual(salt);
    expect(() => new RecordEncryptor({ key, context, salt: new Uint8Array(8) })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('refuses input after finish', async () => {
    const encryptor = new RecordEncryptor({ key, context });
    await encryptor.finish();
    await expect(encryptor.push(new Uint8Array(1))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
