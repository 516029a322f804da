import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles the wallet probe into one script to evaluate in an extension page (CSP forbids script tags). */
export async function buildWalletProbe(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('wallet-probe.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}
