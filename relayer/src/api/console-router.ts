// /console: the operator console, a static React app built by `npm run build -w console` into console/dist
// (CONSOLE_DIR elsewhere). The page itself needs no sign-in; everything it shows comes from /v1/operator, which
// does. Only files directly in the build's assets folder are served, never a path the request makes up.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { type Context, Hono } from 'hono';
import { RelayerError } from '../errors.ts';
import type { RouteDoc } from './openapi.ts';
import type { AppEnv } from './request-context.ts';

/** console/dist beside the relayer in this repository. */
export const DEFAULT_CONSOLE_DIR = resolve(import.meta.dirname, '..', '..', '..', 'console', 'dist');

const ASSET_NAME = /^[\w-]+(\.[\w-]+)*\.(js|css|svg|png|woff2|map)$/;
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};
/** Asset names carry a content hash, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export const consoleRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/console',
    tag: 'operator',
    auth: false,
    summary: 'The operator console (a web page; its data needs an operator sign-in)',
    produces: 'text/html',
    responses: { 200: 'the page', 503: 'the console is not built (npm run build -w console)' },
  },
  {
    method: 'get',
    path: '/console/',
    tag: 'operator',
    auth: false,
    summary: 'The same page: browsers, proxies and people add the trailing slash',
    produces: 'text/html',
    responses: { 200: 'the page', 503: 'the console is not built (npm run build -w console)' },
  },
  {
    method: 'get',
    path: '/console/assets/{asset}',
    tag: 'operator',
    auth: false,
    summary: 'A script, style or image of the console',
    produces: 'application/octet-stream',
    responses: { 200: 'the file', 404: 'no such file' },
  },
];

/**
 * Serves the console from `consoleDir`. The page learns the chain this relayer serves from a meta tag added here
 * (its operators sign in with a SIWE message for that chain).
 */
export function consoleRouter(options: { consoleDir?: string; chainId: number }) {
  const consoleDir = options.consoleDir ?? DEFAULT_CONSOLE_DIR;
  const chainMeta = `<meta name="medicrypt-chain-id" content="${options.chainId}" />`;
  const router = new Hono<AppEnv>();
  const index = join(consoleDir, 'index.html');

  const servePage = async (context: Context<AppEnv>) => {
    if (!existsSync(index))
      throw new RelayerError(
        'CONSOLE_NOT_BUILT',
        503,
        `the operator console is not built: run \`npm run build -w console\` (looked in ${consoleDir})`,
      );
    const page = (await readFile(index, 'utf8')).replace('</head>', `    ${chainMeta}\n  </head>`);
    return context.html(page, 200, {
      ...SECURITY_HEADERS,
      'cache-control': 'no-cache',
    });
  };
  // Both spellings: the page's assets are absolute (/console/assets/…), so it works under either.
  router.get('/console', servePage);
  router.get('/console/', servePage);

  router.get('/console/assets/:asset', async (context) => {
    const asset = context.req.param('asset');
    const path = join(consoleDir, 'assets', asset);
    if (!ASSET_NAME.test(asset) || !existsSync(path))
      throw new RelayerError('NOT_FOUND', 404, `no console asset ${asset}`);
    return context.body(await readFile(path), 200, {
      'content-type': CONTENT_TYPES[extname(asset)] ?? 'application/octet-stream',
      'cache-control': IMMUTABLE,
      'x-content-type-options': 'nosniff',
    });
  });

  return router;
}
