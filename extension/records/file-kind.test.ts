import { describe, expect, it } from 'vitest';
import { fileKind } from './file-kind.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('how a decrypted file is shown', () => {
  it('FHIR by its type, or JSON that starts with a resourceType', () => {
    expect(fileKind('application/fhir+json', bytes('{}'))).toBe('fhir');
    expect(fileKind('application/json; charset=utf-8', bytes('{ "resourceType": "Patient" }'))).toBe('fhir');
    expect(fileKind('application/json', bytes('{"name": 1}'))).toBe('text');
  });

  it('a PDF only when its bytes are a PDF, so nothing else is framed under the extension’s origin', () => {
    expect(fileKind('application/pdf', bytes('%PDF-1.7\n…'))).toBe('pdf');
    expect(fileKind('application/pdf', bytes('\r\n%PDF-1.4'))).toBe('pdf');
    expect(fileKind('application/pdf', bytes('<html><script>alert(1)</script>'))).toBe('other');
  });

  it('images in <img>, text as text, and anything else as a copy to save', () => {
    expect(fileKind('image/png', Uint8Array.of(0x89, 0x50))).toBe('image');
    expect(fileKind('image/svg+xml', bytes('<svg/>'))).toBe('image');
    expect(fileKind('text/plain', bytes('note'))).toBe('text');
    expect(fileKind('text/html', bytes('<b>'))).toBe('text');
    expect(fileKind('application/dicom', Uint8Array.of(0))).toBe('other');
    expect(fileKind('application/octet-stream', Uint8Array.of(0))).toBe('other');
  });
});
