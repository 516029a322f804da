// /console serves the built page (with the chain the relayer serves and a strict content policy) and its hashed
// assets, nothing else from the disk, and says how to build it when it is missing.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { consoleRouter } from './console-router.ts';
import { handleError } from './error-handler.ts';

function app(consoleDir: string) {
  const hono = new Hono();
  hono.onError(handleError(pino({ level: 'silent' })));
  hono.route('/', consoleRouter({ consoleDir, chainId: 11155111 }));
  return hono;
}

describe('the console route', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medicrypt-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>c</title></head><body></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not served');

  it.each(['/console', '/console/'])(
    'serves the page at %s with the chain id and a strict content policy',
    async (path) => {
      const response = await app(dir).request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const page = await response.text();
      expect(page).toContain('<meta name="medicrypt-chain-id" content="11155111" />');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    },
  );

  it('serves hashed assets and nothing outside the assets folder', async () => {
    const asset = await app(dir).request('/console/assets/index-AbC123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of [
      '/console/assets/..%2Fsecret.txt',
      '/console/assets/secret.txt',
      '/console/assets/x.js',
    ])
      expect((await app(dir).request(path)).status, path).toBe(404);
  });

  it.each(['/console', '/console/'])(
    'says how to build the console when it is missing (%s)',
    async (path) => {
      const response = await app(join(dir, 'missing')).request(path);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'CONSOLE_NOT_BUILT' } });
    },
  );
});
