import { describe, expect, it } from 'vitest';
import { DEV_EXTENSION_ID, loadConfig, settings } from './config.ts';
import { ConfigError } from './errors.ts';

const KEY = `0x${'11'.repeat(32)}`;
const STORE_ID = 'mdkcoclgjdcefdemofnfkbhnhkcbnhhe';
const PRODUCTION_SIGN_IN = {
  JWT_SECRET: 'x'.repeat(32),
  RELAYER_PUBLIC_URL: 'https://relayer.example',
  SIWE_EXTENSION_IDS: STORE_ID,
};

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.db).toEqual({ kind: 'pglite', dataDir: '.data/pglite' });
    expect(config.chain).toEqual({
      rpcUrl: 'http://127.0.0.1:8545',
      rpcBatchSize: 100,
      chainId: 11155111,
      deploymentFile: undefined,
    });
    expect(config.batch).toEqual({ maxSize: 64, windowMs: 250 });
    expect(config.submit.maxFeePerGas).toBe(100_000_000_000n);
    expect(config.signers.minBalanceWei).toBe(10n ** 16n);
    expect(config.storage.kind).toBe('local');
  });

  it('uses Postgres and Pinata when they are configured', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      DATABASE_SCHEMA: 'relayer_a',
      PINATA_JWT: 'jwt',
      PINATA_GATEWAY: 'gw.example',
    });
    expect(config.db).toEqual({
      kind: 'pg',
      url: 'postgresql://postgres@127.0.0.1:5432/test',
      schema: 'relayer_a',
      poolSize: 10,
    });
    expect(config.storage).toMatchObject({ kind: 'pinata', jwt: 'jwt', gateway: 'gw.example' });
  });

  it('parses several signer keys', () => {
    expect(
      loadConfig({ RELAYER_PRIVATE_KEYS: `${KEY}, 0x${'22'.repeat(32)}` }).signers.privateKeys,
    ).toHaveLength(2);
  });

  it('names every invalid setting at once', () => {
    try {
      loadConfig({
        RELAYER_PORT: 'eighty',
        RPC_URL: 'not a url',
        RELAYER_PRIVATE_KEYS: '0x1234',
        FEE_BUMP_PERCENT: '5',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['RELAYER_PORT', 'RPC_URL', 'RELAYER_PRIVATE_KEYS', 'FEE_BUMP_PERCENT'])
        expect(problems).toContain(name);
    }
  });

  it('treats an empty value as unset rather than as zero', () => {
    const config = loadConfig({ CONFIRMATIONS: '', RELAYER_PORT: ' ', BATCH_MAX_SIZE: '' });
    expect(config.submit.confirmations).toBe(1);
    expect(config.http.port).toBe(8787);
    expect(config.batch.maxSize).toBe(64);
  });

  it('takes whole numbers only where a count is expected', () => {
    for (const value of ['1e3', '0x10', '12.5', '-1'])
      expect(() => loadConfig({ BATCH_WINDOW_MS: value }), value).toThrow(/BATCH_WINDOW_MS: /);
    expect(loadConfig({ MAX_FEE_PER_GAS_GWEI: '1.5' }).submit.maxFeePerGas).toBe(1_500_000_000n);
  });

  it('takes a JSON-RPC batch size from 1 (no batches) to 1,000', () => {
    expect(loadConfig({ RPC_BATCH_SIZE: '1' }).chain.rpcBatchSize).toBe(1);
    for (const value of ['0', '1001', 'off'])
      expect(() => loadConfig({ RPC_BATCH_SIZE: value }), value).toThrow(/RPC_BATCH_SIZE: /);
  });

  it('points at the bad signer key without echoing any key', () => {
    const secret = `0x${'ab'.repeat(31)}`;
    try {
      loadConfig({ RELAYER_PRIVATE_KEYS: `${KEY},${secret}` });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'RELAYER_PRIVATE_KEYS (item 1): a 0x-prefixed 32-byte hex private key',
      ]);
      expect((error as ConfigError).message).not.toContain(secret);
    }
  });

  it('refuses to start in production without signer keys and a JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /RELAYER_PRIVATE_KEYS: required in production[\s\S]*JWT_SECRET/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'production', RELAYER_PRIVATE_KEYS: KEY, ...PRODUCTION_SIGN_IN }),
    ).not.toThrow();
  });

  it('requires the sign-in origins in production: an https public URL and the store ids, not the dev id', () => {
    const production = { NODE_ENV: 'production', RELAYER_PRIVATE_KEYS: KEY, JWT_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production)).toThrow(
      /RELAYER_PUBLIC_URL: required in production[\s\S]*SIWE_EXTENSION_IDS: required in production/,
    );
    expect(() =>
      loadConfig({ ...production, ...PRODUCTION_SIGN_IN, RELAYER_PUBLIC_URL: 'http://relayer.example' }),
    ).toThrow(/RELAYER_PUBLIC_URL: must be https in production/);
    expect(() =>
      loadConfig({
        ...production,
        ...PRODUCTION_SIGN_IN,
        SIWE_EXTENSION_IDS: `${STORE_ID},${DEV_EXTENSION_ID}`,
      }),
    ).toThrow(/SIWE_EXTENSION_IDS: hcdiellbibgogkiggaoklekaddcaeijo is the development build's id/);
    expect(loadConfig({ ...production, ...PRODUCTION_SIGN_IN }).auth.signIn).toEqual({
      publicUrl: 'https://relayer.example',
      extensionIds: [STORE_ID],
      firefoxExtensions: true,
    });
  });

  it('reads the sign-in settings, with the development build and the listening address as defaults', () => {
    expect(loadConfig({}).auth.signIn).toEqual({
      publicUrl: undefined,
      extensionIds: [DEV_EXTENSION_ID],
      firefoxExtensions: true,
    });
    expect(
      loadConfig({ RELAYER_PUBLIC_URL: 'https://Relayer.Example:443', SIWE_FIREFOX_EXTENSIONS: 'false' }).auth
        .signIn,
    ).toMatchObject({ publicUrl: 'https://relayer.example', firefoxExtensions: false });
    for (const [name, value] of <[string, string][]>[
      ['RELAYER_PUBLIC_URL', 'https://relayer.example/api'],
      ['RELAYER_PUBLIC_URL', 'ftp://relayer.example'],
      ['SIWE_EXTENSION_IDS', 'nkbihfbeogaeaoehlefnkodbefgpgknz'],
      ['SIWE_EXTENSION_IDS', 'webextension@metamask.io'],
      ['SIWE_FIREFOX_EXTENSIONS', 'yes'],
    ])
      expect(() => loadConfig({ [name]: value }), value).toThrow(new RegExp(name));
  });

  it('selects a remote signer backend and names each of its missing settings', () => {
    expect(loadConfig({}).signers.backend).toEqual({ kind: 'local' });
    expect(
      loadConfig({
        SIGNER_BACKEND: 'openzeppelin-relayer',
        OZ_RELAYER_URL: 'http://relayer:8080',
        OZ_RELAYER_API_KEY: 'key',
        OZ_RELAYER_ID: 'sepolia-1',
      }).signers.backend,
    ).toEqual({
      kind: 'openzeppelin-relayer',
      baseUrl: 'http://relayer:8080',
      apiKey: 'key',
      relayerId: 'sepolia-1',
    });
    const missing = () => loadConfig({ SIGNER_BACKEND: 'openzeppelin-relayer', OZ_RELAYER_ID: 'sepolia-1' });
    expect(missing).toThrow(ConfigError);
    expect(missing).toThrow(/OZ_RELAYER_URL: required with SIGNER_BACKEND=openzeppelin-relayer/);
    expect(missing).toThrow(/OZ_RELAYER_API_KEY: required/);
    expect(() => loadConfig({ SIGNER_BACKEND: 'defender' })).toThrow(/DEFENDER_API_SECRET: required/);
    expect(() => loadConfig({ SIGNER_BACKEND: 'gelato' })).toThrow(/SIGNER_BACKEND/);
    // A remote backend pays for batches itself: no local key is needed, even in production.
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        ...PRODUCTION_SIGN_IN,
        SIGNER_BACKEND: 'defender',
        DEFENDER_API_KEY: 'k',
        DEFENDER_API_SECRET: 's',
      }),
    ).not.toThrow();
  });

  it('describes every setting', () => {
    for (const [name, setting] of Object.entries(settings))
      expect(setting.description.length, name).toBeGreaterThan(10);
  });
});
