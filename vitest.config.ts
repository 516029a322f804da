import { defineConfig } from 'vitest/config';

// One Vitest run for every workspace: each project is a workspace (or the e2e suite) with its own include.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'contracts', root: 'contracts', include: ['ts/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'crypto', root: 'crypto', include: ['src/**/*.test.ts'] } },
      { test: { name: 'fhir', root: 'fhir', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'relayer',
          root: 'relayer',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'security',
          root: 'relayer',
          include: ['src/security/**/*.security.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 60_000,
        },
      },
      // The extension's own config (happy-dom, WXT's fake browser).
      'extension/vitest.config.ts',
      {
        test: {
          name: 'e2e',
          root: 'test',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
