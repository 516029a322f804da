// The relayer's settings: the one module that reads the environment. Validated at start; every missing or
// invalid setting is named by its variable in one ConfigError.
import { z } from 'zod';
import { DEFAULT_RPC_BATCH_SIZE } from './chain/chain-client.ts';
import { ConfigError } from './errors.ts';

const hexKey = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a 0x-prefixed 32-byte hex private key');
const MIB = 1024 * 1024;
/** Shortest operator API key and webhook secret accepted: guessing must be hopeless. */
const MIN_SECRET_LENGTH = 32;
const API_KEY_LABEL = /^[a-zA-Z0-9_.-]{1,40}$/;

/**
 * The extension id of MediCrypt's development build (the public key in extension/manifest-key.ts pins it, and
 * extension/manifest-key.test.ts checks this same id; the e2e sign-ins rely on this default). The key is public,
 * so anyone can load an extension with this id: production refuses it.
 */
export const DEV_EXTENSION_ID = 'hcdiellbibgogkiggaoklekaddcaeijo';
/** Chrome's and Edge's extension ids: 32 letters a–p (a hash written in those letters). */
const CHROMIUM_EXTENSION_ID = /^[a-p]{32}$/;
/** An http(s) origin, without path, query or fragment: what a browser's `location.origin` shows. */
const publicOrigin = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    const url = new URL(value);
    return url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  }, 'an origin such as https://relayer.example (no path, query, fragment or credentials)')
  .transform((value) => new URL(value).origin);

const commaList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `label:secret` or a bare secret (labelled by its position) → { label, secret }. */
const operatorApiKey = z.string().transform((entry, context) => {
  const colon = entry.indexOf(':');
  const label = colon > 0 ? entry.slice(0, colon) : undefined;
  const secret = colon > 0 ? entry.slice(colon + 1) : entry;
  if (label !== undefined && !API_KEY_LABEL.test(label)) {
    context.addIssue({ code: 'custom', message: 'a label is letters, digits, _ . - (at most 40)' });
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    context.addIssue({ code: 'custom', message: `a key has at least ${MIN_SECRET_LENGTH} characters` });
  }
  return { label, secret };
});

/** Every setting with its description and default: the source of .env.example's relayer section. */
export const settings = {
  NODE_ENV: {
    default: 'development',
    description: 'development | test | production (production requires keys and a JWT secret)',
  },
  RELAYER_HOST: { default: '127.0.0.1', description: 'interface the API listens on' },
  RELAYER_PORT: { default: '8787', description: 'port the API listens on (0: any free port)' },
  DATABASE_URL: { default: '', description: 'Postgres URL; unset: embedded PGlite in PGLITE_DATA_DIR' },
  DATABASE_POOL_SIZE: { default: '10', description: 'most Postgres connections one relayer process opens' },
  DATABASE_SCHEMA: {
    default: 'public',
    description: 'Postgres schema the relayer uses (created if missing)',
  },
  PGLITE_DATA_DIR: {
    default: '.data/pglite',
    description: 'PGlite data directory (memory:// keeps nothing)',
  },
  RPC_URL: { default: 'http://127.0.0.1:8545', description: 'JSON-RPC endpoint of the chain' },
  RPC_BATCH_SIZE: {
    default: String(DEFAULT_RPC_BATCH_SIZE),
    description:
      'most intake reads sent in one JSON-RPC batch (1: one call per request, for nodes that refuse batches)',
  },
  CHAIN_ID: {
    default: '11155111',
    description: 'chain id the relayer serves; intents for another chain are rejected',
  },
  DEPLOYMENT_FILE: {
    default: '',
    description: 'deployment JSON; unset: contracts/deployments/<CHAIN_ID>.json',
  },
  RELAYER_PRIVATE_KEYS: {
    default: '',
    description: 'comma-separated signer keys that pay for batches (required in production)',
  },
  SIGNER_BACKEND: {
    default: 'local',
    description:
      'who signs batches: local (RELAYER_PRIVATE_KEYS), openzeppelin-relayer (OZ_RELAYER_*) or defender (legacy, DEFENDER_*)',
  },
  OZ_RELAYER_URL: { default: '', description: 'OpenZeppelin Relayer origin, e.g. http://relayer:8080' },
  OZ_RELAYER_API_KEY: { default: '', description: 'OpenZeppelin Relayer API key (its API_KEY setting)' },
  OZ_RELAYER_ID: { default: '', description: 'id of the EVM relayer (in its config.json) that signs' },
  DEFENDER_API_KEY: {
    default: '',
    description: 'Defender relayer API key (legacy: Defender shut down in July 2026)',
  },
  DEFENDER_API_SECRET: { default: '', description: 'Defender relayer API secret (legacy)' },
  REMOTE_LOST_AFTER_MS: {
    default: '30000',
    description:
      'a batch sent to a remote backend without an answer is looked up there (and resent if absent) after this',
  },
  BATCH_MAX_SIZE: { default: '64', description: 'most intents in one batch transaction' },
  BATCH_WINDOW_MS: { default: '250', description: 'longest wait for a batch to fill' },
  CONFIRMATIONS: { default: '1', description: 'blocks after which a mined batch counts as confirmed' },
  MAX_FEE_PER_GAS_GWEI: { default: '100', description: 'cap on the fee per gas the relayer offers' },
  FEE_BUMP_PERCENT: {
    default: '15',
    description: 'fee raise when replacing a stuck transaction (at least 10)',
  },
  STUCK_AFTER_MS: { default: '30000', description: 'a transaction pending longer than this is replaced' },
  INTENT_GAS_CAP: { default: '500000', description: 'most gas one intent may use in simulation' },
  DAILY_GAS_BUDGET_PER_SIGNER: {
    default: '5000000',
    description: 'gas one intent signer may spend per UTC day',
  },
  RATE_LIMIT_PER_SIGNER_PER_MIN: { default: '60', description: 'intents accepted per signer per minute' },
  RATE_LIMIT_PER_IP_PER_MIN: { default: '600', description: 'requests accepted per client IP per minute' },
  MIN_SIGNER_BALANCE_WEI: {
    default: '10000000000000000',
    description: 'below this balance intake answers 503',
  },
  LOG_LEVEL: { default: 'info', description: 'pino log level' },
  JWT_SECRET: {
    default: '',
    description: 'secret for session tokens (at least 32 characters; required in production)',
  },
  RELAYER_PUBLIC_URL: {
    default: '',
    description:
      "the relayer's public origin as browsers reach it (https in production, where it is required); sign-ins from its console name its host. Unset: the address it listens on",
  },
  SIWE_EXTENSION_IDS: {
    default: '',
    description: `comma-separated ids of the MediCrypt extension builds (Chrome and Edge store ids) whose pages may sign in (required in production). Unset: the development build's ${DEV_EXTENSION_ID}`,
  },
  SIWE_FIREFOX_EXTENSIONS: {
    default: 'true',
    description:
      'accept sign-ins from Firefox extension pages (moz-extension://<per-install uuid>; any uuid: see docs/threat-model.md)',
  },
  ACCESS_TOKEN_TTL_SECONDS: { default: '900', description: 'lifetime of an access token (JWT)' },
  REFRESH_TOKEN_TTL_SECONDS: { default: '604800', description: 'lifetime of a sign-in session' },
  INDEXER_POLL_MS: { default: '1000', description: 'how often the event indexer looks for new blocks' },
  PINATA_JWT: { default: '', description: 'Pinata API JWT; unset: the embedded local IPFS store' },
  PINATA_GATEWAY: { default: '', description: 'Pinata gateway domain' },
  PINATA_API_URL: { default: '', description: 'Pinata API base URL (for a stand-in)' },
  PINATA_UPLOAD_URL: { default: '', description: 'Pinata upload base URL (for a stand-in)' },
  IPFS_DATA_DIR: { default: '.data/ipfs', description: 'data directory of the embedded IPFS store' },
  MAX_UPLOAD_BYTES: { default: String(100 * MIB), description: 'largest record upload' },
  UPLOAD_IDLE_TIMEOUT_MS: {
    default: '30000',
    description: 'an upload that sends no bytes for this long is stopped (408 UPLOAD_STALLED)',
  },
  OPERATOR_ADDRESSES: {
    default: '',
    description: 'comma-separated wallet addresses that may sign in to the operator console (SIWE)',
  },
  SIGNER_KEY_ENCRYPTION_SECRET: {
    default: '',
    description:
      'secret (32+ characters) that encrypts signer keys operators add from the console; unset: adding is off',
  },
  OPERATOR_API_KEYS: {
    default: '',
    description: 'comma-separated operator API keys, each `label:secret` or `secret` (32+ characters)',
  },
  OPERATOR_KEY_FAILURES_PER_IP_PER_MIN: {
    default: '10',
    description:
      'wrong operator API keys one client IP (IPv6: its /64) may send per minute; then every key it sends gets 429 until the minute ends',
  },
  CONSOLE_DIR: {
    default: '',
    description: 'built operator console to serve at /console; unset: console/dist',
  },
  WEBHOOK_URLS: { default: '', description: 'comma-separated URLs that receive signed alert webhooks' },
  WEBHOOK_SECRET: {
    default: '',
    description: 'HMAC-SHA256 key of the X-MediCrypt-Signature header (32+ characters; required with URLs)',
  },
  ALERT_CHECK_MS: { default: '15000', description: 'how often alert conditions are evaluated for webhooks' },
  ALERT_FAILURE_RATE_PERCENT: {
    default: '20',
    description: 'failed share of the last hour of finished intents that raises HighFailureRate',
  },
  ALERT_INDEXER_LAG_BLOCKS: { default: '50', description: 'indexer lag (blocks) that raises IndexerLag' },
} as const satisfies Record<string, { default: string; description: string }>;

type SettingName = keyof typeof settings;

// Digits only: `z.coerce.number()` would also take '1e3', '0x10' and ' 12 '.
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().regex(/^\d+$/, 'a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']),
    RELAYER_HOST: z.string().min(1),
    RELAYER_PORT: integer(0, 65535),
    DATABASE_URL: z.union([z.literal(''), z.url({ protocol: /^postgres(ql)?$/ })]),
    DATABASE_POOL_SIZE: integer(1, 100),
    DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lowercase SQL identifier'),
    PGLITE_DATA_DIR: z.string().min(1),
    RPC_URL: z.url(),
    RPC_BATCH_SIZE: integer(1, 1000),
    CHAIN_ID: integer(1),
    DEPLOYMENT_FILE: z.string(),
    RELAYER_PRIVATE_KEYS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean),
      )
      .pipe(z.array(hexKey)),
    SIGNER_BACKEND: z.enum(['local', 'openzeppelin-relayer', 'defender']),
    OZ_RELAYER_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]),
    OZ_RELAYER_API_KEY: z.string(),
    OZ_RELAYER_ID: z.string(),
    DEFENDER_API_KEY: z.string(),
    DEFENDER_API_SECRET: z.string(),
    REMOTE_LOST_AFTER_MS: integer(1000),
    BATCH_MAX_SIZE: integer(1, 512),
    BATCH_WINDOW_MS: integer(1),
    CONFIRMATIONS: integer(0, 256),
    MAX_FEE_PER_GAS_GWEI: z
      .string()
      .regex(/^\d+(\.\d{1,9})?$/, 'a number of gwei (at most 9 decimals)')
      .transform(Number)
      .pipe(z.number().positive()),
    FEE_BUMP_PERCENT: integer(10, 1000),
    STUCK_AFTER_MS: integer(1000),
    INTENT_GAS_CAP: integer(21_000),
    DAILY_GAS_BUDGET_PER_SIGNER: integer(21_000),
    RATE_LIMIT_PER_SIGNER_PER_MIN: integer(1),
    RATE_LIMIT_PER_IP_PER_MIN: integer(1),
    MIN_SIGNER_BALANCE_WEI: z.string().regex(/^\d+$/, 'a whole number of wei').transform(BigInt),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    JWT_SECRET: z.string(),
    RELAYER_PUBLIC_URL: z.union([z.literal(''), publicOrigin]),
    SIWE_EXTENSION_IDS: z
      .string()
      .transform(commaList)
      .pipe(z.array(z.string().regex(CHROMIUM_EXTENSION_ID, 'an extension id: 32 letters a–p'))),
    SIWE_FIREFOX_EXTENSIONS: z.enum(['true', 'false']).transform((value) => value === 'true'),
    ACCESS_TOKEN_TTL_SECONDS: integer(30, 86_400),
    REFRESH_TOKEN_TTL_SECONDS: integer(60),
    INDEXER_POLL_MS: integer(50),
    PINATA_JWT: z.string(),
    PINATA_GATEWAY: z.string(),
    PINATA_API_URL: z.union([z.literal(''), z.url()]),
    PINATA_UPLOAD_URL: z.union([z.literal(''), z.url()]),
    IPFS_DATA_DIR: z.string().min(1),
    MAX_UPLOAD_BYTES: integer(1),
    UPLOAD_IDLE_TIMEOUT_MS: integer(100),
    OPERATOR_ADDRESSES: z
      .string()
      .transform(commaList)
      .pipe(z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte address'))),
    OPERATOR_API_KEYS: z.string().transform(commaList).pipe(z.array(operatorApiKey)),
    OPERATOR_KEY_FAILURES_PER_IP_PER_MIN: integer(1),
    SIGNER_KEY_ENCRYPTION_SECRET: z.union([
      z.literal(''),
      z.string().min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`),
    ]),
    CONSOLE_DIR: z.string(),
    WEBHOOK_URLS: z
      .string()
      .transform(commaList)
      .pipe(z.array(z.url({ protocol: /^https?$/ }))),
    WEBHOOK_SECRET: z.string(),
    ALERT_CHECK_MS: integer(100),
    ALERT_FAILURE_RATE_PERCENT: integer(1, 100),
    ALERT_INDEXER_LAG_BLOCKS: integer(1),
  })
  .superRefine((value, context) => {
    if (value.WEBHOOK_URLS.length > 0 && value.WEBHOOK_SECRET.length < MIN_SECRET_LENGTH) {
      context.addIssue({
        code: 'custom',
        path: ['WEBHOOK_SECRET'],
        message: `required with WEBHOOK_URLS, at least ${MIN_SECRET_LENGTH} characters`,
      });
    }
    const required: Record<string, string[]> = {
      'openzeppelin-relayer': ['OZ_RELAYER_URL', 'OZ_RELAYER_API_KEY', 'OZ_RELAYER_ID'],
      defender: ['DEFENDER_API_KEY', 'DEFENDER_API_SECRET'],
    };
    for (const name of required[value.SIGNER_BACKEND] ?? []) {
      if (!value[name as keyof typeof value])
        context.addIssue({
          code: 'custom',
          path: [name],
          message: `required with SIGNER_BACKEND=${value.SIGNER_BACKEND}`,
        });
    }
    if (value.NODE_ENV !== 'production') return;
    if (value.SIGNER_BACKEND === 'local' && value.RELAYER_PRIVATE_KEYS.length === 0) {
      context.addIssue({ code: 'custom', path: ['RELAYER_PRIVATE_KEYS'], message: 'required in production' });
    }
    if (!value.RELAYER_PUBLIC_URL) {
      context.addIssue({
        code: 'custom',
        path: ['RELAYER_PUBLIC_URL'],
        message: 'required in production: the https origin browsers reach the relayer at (sign-ins name it)',
      });
    } else if (!value.RELAYER_PUBLIC_URL.startsWith('https:')) {
      context.addIssue({
        code: 'custom',
        path: ['RELAYER_PUBLIC_URL'],
        message: 'must be https in production',
      });
    }
    if (value.SIWE_EXTENSION_IDS.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['SIWE_EXTENSION_IDS'],
        message: 'required in production: the store ids of the MediCrypt extension (Chrome, Edge)',
      });
    } else if (value.SIWE_EXTENSION_IDS.includes(DEV_EXTENSION_ID)) {
      context.addIssue({
        code: 'custom',
        path: ['SIWE_EXTENSION_IDS'],
        message: `${DEV_EXTENSION_ID} is the development build's id, whose key is public: list the store ids`,
      });
    }
    if (value.JWT_SECRET.length < 32) {
      context.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'required in production, at least 32 characters',
      });
    }
  });

/**
 * Reads, validates and shapes the settings. An empty value counts as unset (a `.env` line `CONFIRMATIONS=`
 * must not mean 0 confirmations). Throws one ConfigError naming every invalid setting.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const withDefaults = Object.fromEntries(
    (Object.keys(settings) as SettingName[]).map((name) => [
      name,
      env[name]?.trim() || settings[name].default,
    ]),
  );
  const parsed = schema.safeParse(withDefaults);
  if (!parsed.success) {
    // The path starts with the variable's name; an index after it points into a list (the n-th signer key).
    throw new ConfigError(
      parsed.error.issues.map(({ path: [name, ...inside], message }) =>
        inside.length > 0
          ? `${String(name)} (item ${inside.join('.')}): ${message}`
          : `${String(name)}: ${message}`,
      ),
    );
  }
  const v = parsed.data;
  return {
    env: v.NODE_ENV,
    http: { host: v.RELAYER_HOST, port: v.RELAYER_PORT },
    db: v.DATABASE_URL
      ? {
          kind: 'pg' as const,
          url: v.DATABASE_URL,
          schema: v.DATABASE_SCHEMA,
          poolSize: v.DATABASE_POOL_SIZE,
        }
      : { kind: 'pglite' as const, dataDir: v.PGLITE_DATA_DIR },
    chain: {
      rpcUrl: v.RPC_URL,
      rpcBatchSize: v.RPC_BATCH_SIZE,
      chainId: v.CHAIN_ID,
      deploymentFile: v.DEPLOYMENT_FILE || undefined,
    },
    signers: {
      backend:
        v.SIGNER_BACKEND === 'openzeppelin-relayer'
          ? {
              kind: 'openzeppelin-relayer' as const,
              baseUrl: v.OZ_RELAYER_URL,
              apiKey: v.OZ_RELAYER_API_KEY,
              relayerId: v.OZ_RELAYER_ID,
            }
          : v.SIGNER_BACKEND === 'defender'
            ? { kind: 'defender' as const, apiKey: v.DEFENDER_API_KEY, apiSecret: v.DEFENDER_API_SECRET }
            : { kind: 'local' as const },
      remoteLostAfterMs: v.REMOTE_LOST_AFTER_MS,
      privateKeys: v.RELAYER_PRIVATE_KEYS as `0x${string}`[],
      minBalanceWei: v.MIN_SIGNER_BALANCE_WEI,
    },
    batch: { maxSize: v.BATCH_MAX_SIZE, windowMs: v.BATCH_WINDOW_MS },
    submit: {
      confirmations: v.CONFIRMATIONS,
      maxFeePerGas: BigInt(Math.round(v.MAX_FEE_PER_GAS_GWEI * 1e9)),
      feeBumpPercent: v.FEE_BUMP_PERCENT,
      stuckAfterMs: v.STUCK_AFTER_MS,
    },
    policy: {
      intentGasCap: v.INTENT_GAS_CAP,
      dailyGasBudgetPerSigner: v.DAILY_GAS_BUDGET_PER_SIGNER,
      perSignerPerMinute: v.RATE_LIMIT_PER_SIGNER_PER_MIN,
      perIpPerMinute: v.RATE_LIMIT_PER_IP_PER_MIN,
    },
    log: { level: v.LOG_LEVEL },
    auth: {
      jwtSecret: v.JWT_SECRET,
      signIn: {
        publicUrl: v.RELAYER_PUBLIC_URL || undefined,
        extensionIds: v.SIWE_EXTENSION_IDS.length > 0 ? v.SIWE_EXTENSION_IDS : [DEV_EXTENSION_ID],
        firefoxExtensions: v.SIWE_FIREFOX_EXTENSIONS,
      },
      accessTokenTtlSeconds: v.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: v.REFRESH_TOKEN_TTL_SECONDS,
    },
    indexer: { pollMs: v.INDEXER_POLL_MS },
    uploads: { idleTimeoutMs: v.UPLOAD_IDLE_TIMEOUT_MS },
    storage: v.PINATA_JWT
      ? {
          kind: 'pinata' as const,
          jwt: v.PINATA_JWT,
          gateway: v.PINATA_GATEWAY,
          apiUrl: v.PINATA_API_URL || undefined,
          uploadUrl: v.PINATA_UPLOAD_URL || undefined,
          maxUploadBytes: v.MAX_UPLOAD_BYTES,
        }
      : { kind: 'local' as const, dataDir: v.IPFS_DATA_DIR, maxUploadBytes: v.MAX_UPLOAD_BYTES },
    operator: {
      addresses: v.OPERATOR_ADDRESSES.map((address) => address.toLowerCase()),
      apiKeys: v.OPERATOR_API_KEYS.map(({ label, secret }, index) => ({
        label: label ?? `key-${index + 1}`,
        secret,
      })),
      keyFailuresPerIpPerMinute: v.OPERATOR_KEY_FAILURES_PER_IP_PER_MIN,
      consoleDir: v.CONSOLE_DIR || undefined,
      signerKeySecret: v.SIGNER_KEY_ENCRYPTION_SECRET || undefined,
    },
    webhooks: { urls: v.WEBHOOK_URLS, secret: v.WEBHOOK_SECRET },
    alerts: {
      checkMs: v.ALERT_CHECK_MS,
      failureRatePercent: v.ALERT_FAILURE_RATE_PERCENT,
      indexerLagBlocks: v.ALERT_INDEXER_LAG_BLOCKS,
    },
  };
}

export type RelayerConfig = ReturnType<typeof loadConfig>;
