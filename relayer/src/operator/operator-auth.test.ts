// Operator API keys and the operator settings: keys match in constant time and name who acted; malformed keys,
// short keys and webhook URLs without a secret are refused at start.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { matchApiKey } from './operator-auth.ts';

const LONG = 'k'.repeat(32);

describe('matchApiKey', () => {
  const keys = [
    { label: 'ci', secret: `${LONG}-ci` },
    { label: 'oncall', secret: `${LONG}-oncall` },
  ];

  it('names the key that matches', () => {
    expect(matchApiKey(keys, `${LONG}-oncall`)).toBe('oncall');
    expect(matchApiKey(keys, `${LONG}-ci`)).toBe('ci');
  });

  it('matches nothing for a wrong, longer, shorter or empty key', () => {
    for (const presented of [`${LONG}-other`, `${LONG}-oncallx`, LONG, ''])
      expect(matchApiKey(keys, presented)).toBeUndefined();
    expect(matchApiKey([], LONG)).toBeUndefined();
  });
});

describe('operator settings', () => {
  it('reads labelled and bare API keys, and operator addresses in lowercase', () => {
    const config = loadConfig({
      OPERATOR_API_KEYS: `oncall:${LONG}, ${LONG}x`,
      OPERATOR_ADDRESSES: '0xAbCdEf0123456789aBcDeF0123456789AbCdEf01',
    });
    expect(config.operator.apiKeys).toEqual([
      { label: 'oncall', secret: LONG },
      { label: 'key-2', secret: `${LONG}x` },
    ]);
    expect(config.operator.addresses).toEqual(['0xabcdef0123456789abcdef0123456789abcdef01']);
  });

  it('refuses short keys, bad labels and bad addresses without echoing the key', () => {
    try {
      loadConfig({ OPERATOR_API_KEYS: `ops:short-secret,bad label:${LONG}`, OPERATOR_ADDRESSES: '0x12' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('OPERATOR_API_KEYS (item 0): a key has at least 32 characters');
      expect(message).toContain('OPERATOR_API_KEYS (item 1): a label is letters');
      expect(message).toContain('OPERATOR_ADDRESSES');
      expect(message).not.toContain('short-secret');
    }
  });

  it('requires a webhook secret with webhook URLs', () => {
    expect(() => loadConfig({ WEBHOOK_URLS: 'https://hooks.example/relayer' })).toThrow(/WEBHOOK_SECRET/);
    expect(
      loadConfig({ WEBHOOK_URLS: 'https://hooks.example/relayer', WEBHOOK_SECRET: LONG }).webhooks.urls,
    ).toEqual(['https://hooks.example/relayer']);
  });
});

describe('matchApiKey with the README’s form', () => {
  const keys = [{ label: 'local', secret: 'k'.repeat(32) }];

  it('takes `label:secret` as well as the secret, and only with the key’s own label', () => {
    expect(matchApiKey(keys, `local:${'k'.repeat(32)}`)).toBe('local');
    expect(matchApiKey(keys, 'k'.repeat(32))).toBe('local');
    expect(matchApiKey(keys, `other:${'k'.repeat(32)}`)).toBeUndefined();
    expect(matchApiKey(keys, `local:${'k'.repeat(31)}`)).toBeUndefined();
  });
});
