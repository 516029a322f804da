import { describe, expect, it } from 'vitest';
import { CryptoError, isCryptoError } from './errors.ts';

describe('CryptoError', () => {
  it('carries a stable code, a short message, details and the cause', () => {
    const cause = new Error('OperationError');
    const error = new CryptoError('CIPHERTEXT_TAMPERED', 'a segment failed authentication', {
      details: 'segment 3',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CryptoError');
    expect(error.code).toBe('CIPHERTEXT_TAMPERED');
    expect(error.shortMessage).toBe('a segment failed authentication');
    expect(error.message).toBe('a segment failed authentication (segment 3)');
    expect(error.cause).toBe(cause);
  });

  it('is recognised by isCryptoError, with or without a code', () => {
    const error = new CryptoError('WRONG_KEY', 'wrong key');
    expect(isCryptoError(error)).toBe(true);
    expect(isCryptoError(error, 'WRONG_KEY')).toBe(true);
    expect(isCryptoError(error, 'INVALID_KEY')).toBe(false);
    expect(isCryptoError(new Error('WRONG_KEY'))).toBe(false);
  });
});
