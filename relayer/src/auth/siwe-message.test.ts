// The relayer's SIWE parser against Spruce's own test vectors (siwe-vectors/, from github.com/spruceid/siwe
// test/parsing_{positive,negative}.json at 940a66a, MIT/Apache-2.0) and the cases that slipped through before.
import { createSignInMessage } from '@medicrypt/contracts';
import { describe, expect, it } from 'vitest';
import { parseSignInMessage } from './siwe-message.ts';
import negative from './siwe-vectors/parsing_negative.json' with { type: 'json' };
import positive from './siwe-vectors/parsing_positive.json' with { type: 'json' };

const valid = createSignInMessage({
  domain: 'relayer.example',
  uri: 'https://relayer.example/console',
  address: '0xe5A12547fe4E872D192E3eCecb76F2Ce1aeA4946',
  chainId: 11155111,
  nonce: 'a1b2c3d4e5f60718',
  issuedAt: new Date('2026-12-07T10:00:00.000Z'),
  expirationTime: new Date('2026-12-07T10:10:00.000Z'),
  statement: 'Sign in to MediCrypt.',
});

const malformed = (text: string) => {
  try {
    parseSignInMessage(text);
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error('parsed');
};

describe('parseSignInMessage', () => {
  it.each(Object.entries(positive))('parses Spruce’s vector: %s', (_, { message, fields }) => {
    const parsed = parseSignInMessage(message);
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'version') continue;
      const actual = parsed[field as keyof typeof parsed];
      if (value === null)
        expect(actual === undefined || (Array.isArray(actual) && actual.length === 0)).toBe(true);
      else if (actual instanceof Date) expect(actual.getTime()).toBe(new Date(value as string).getTime());
      else expect(actual).toEqual(value);
    }
  });

  it.each(Object.entries(negative))('refuses Spruce’s vector: %s', (_, message) => {
    expect(malformed(message)).toMatchObject({ code: 'SIWE_MALFORMED', status: 400 });
  });

  it('parses what our clients write', () => {
    expect(parseSignInMessage(valid)).toMatchObject({
      domain: 'relayer.example',
      uri: 'https://relayer.example/console',
      chainId: 11155111,
      issuedAt: new Date('2026-12-07T10:00:00.000Z'),
      expirationTime: new Date('2026-12-07T10:10:00.000Z'),
      resources: [],
    });
  });

  it.each([
    ['an unparseable time', valid.replace('2026-12-07T10:00:00.000Z', 'yesterday'), /issued-at/],
    ['a date that does not exist', valid.replace('2026-12-07T10:10', '2026-02-30T10:10'), /expiration-time/],
    ['a wrong EIP-55 checksum', valid.replace('0xe5A12547', '0xE5a12547'), /address/],
    [
      'an all-lowercase address',
      valid.replace(
        '0xe5A12547fe4E872D192E3eCecb76F2Ce1aeA4946',
        '0xe5a12547fe4e872d192e3ececb76f2ce1aea4946',
      ),
      /address/,
    ],
    ['version 2', valid.replace('Version: 1', 'Version: 2'), /./],
    ['an invalid URI', valid.replace('URI: https://relayer.example/console', 'URI: not a uri'), /./],
    ['a missing nonce', valid.replace(/Nonce: .*\n/, ''), /./],
    ['a short nonce', valid.replace(/Nonce: .*\n/, 'Nonce: abc\n'), /./],
    ['a line too many', `${valid}\nNote: hello`, /format/],
    ['a trailing newline', `${valid}\n`, /format/],
    ['CRLF line ends', valid.replaceAll('\n', '\r\n'), /./],
    ['a two-line statement', valid.replace('Sign in to MediCrypt.', 'Sign in\nto MediCrypt.'), /./],
  ])('refuses %s', (_, text, reason) => {
    const error = malformed(text);
    expect(error).toMatchObject({ code: 'SIWE_MALFORMED', status: 400 });
    expect(error.message).toMatch(reason);
  });
});
