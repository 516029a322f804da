// Bundles the test wallet's service worker (viem included) into dist/background.js, and its page provider and
// bridge into dist/inpage.js and dist/bridge.js. Chrome loads the folder as an unpacked extension.
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const walletExtensionDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * MetaMask's eth-sig-util reaches micro-ftch (through ethereum-cryptography), which requires Node's http, https,
 * zlib and url for a fetch we never make: they resolve to empty modules in the service worker.
 */
const nodeOnlyModules: Plugin = {
  name: 'node-only-modules',
  setup(builder) {
    builder.onResolve({ filter: /^(http|https|zlib|url)$/ }, ({ path }) => ({
      path,
      namespace: 'node-only',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};' }));
  },
};

export async function buildTestWallet(): Promise<string> {
  await build({
    entryPoints: [fileURLToPath(new URL('src/background.ts', import.meta.url))],
    plugins: [nodeOnlyModules],
    outfile: fileURLToPath(new URL('dist/background.js', import.meta.url)),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  await build({
    entryPoints: ['inpage', 'bridge'].map((name) =>
      fileURLToPath(new URL(`src/${name}.ts`, import.meta.url)),
    ),
    outdir: fileURLToPath(new URL('dist', import.meta.url)),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  return walletExtensionDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildTestWallet();
  console.log(`test wallet built in ${walletExtensionDir}`);
}
