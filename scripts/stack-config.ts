// The settings `npm start` reads from .env / the environment, validated once. The relayer reads its own
// settings through relayer/src/config.ts; this module only decides how to run the local stack.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const rootDir = resolve(import.meta.dirname, '..');

const schema = z.object({
  /** When set, the stack uses this chain instead of starting anvil (e.g. a Sepolia RPC URL). */
  RPC_URL: z.url().optional(),
  /** Port of the local anvil chain. */
  CHAIN_PORT: z.coerce.number().int().min(1).max(65535).default(8545),
  /** Seconds between local blocks (0: a block per transaction). */
  CHAIN_BLOCK_TIME: z.coerce.number().min(0).default(1),
  /** Where the local stack keeps its state (anvil, PGlite, IPFS blocks, deployments, logs). */
  DATA_DIR: z.string().min(1).default('.data'),
});

export type StackConfig = z.infer<typeof schema> & { envFile: string | undefined; dataDir: string };

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const envFile = join(rootDir, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`invalid settings in .env or the environment:\n${problems}`);
  }
  return {
    ...parsed.data,
    envFile: existsSync(envFile) ? envFile : undefined,
    dataDir: resolve(rootDir, parsed.data.DATA_DIR),
  };
}
