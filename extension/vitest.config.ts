import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit and component tests of the extension: happy-dom for the pages, WXT's fake browser for the APIs.
// Works from any working directory (the root config lists it as a project).
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [WxtVitest({ root })],
  test: {
    name: 'extension',
    root,
    environment: 'happy-dom',
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '.output/**', '.wxt/**'],
    setupFiles: ['./testing/setup.ts'],
  },
});
