// What `npm test` needs on the machine, each with how to get it when missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { foundryBinary } from '@medicrypt/contracts/node';

/** Postgres for the integration tests; override with TEST_DATABASE_URL. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
/** Chromium for the browser end-to-end tests; override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Prometheus's promtool, which checks /metrics and docs/alerts.yml; override with PROMTOOL_PATH. */
export const promtoolPath = process.env.PROMTOOL_PATH ?? 'promtool';

/** Whether a TCP connection to host:port opens within 2 s. */
export function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, host);
  });
}

export async function checkPrerequisites(options: { browser?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  for (const tool of ['forge', 'anvil'] as const) {
    try {
      if (!existsSync(foundryBinary(tool))) throw new Error('missing');
    } catch {
      problems.push(
        `${tool} is missing: run \`npm install\` (Foundry comes from the @foundry-rs/${tool} package)`,
      );
    }
  }
  const url = new URL(testDatabaseUrl);
  if (!(await reachable(url.hostname, Number(url.port || 5432)))) {
    problems.push(
      `Postgres is not reachable at ${url.host}: start it (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL`,
    );
  }
  if (spawnSync(promtoolPath, ['--version'], { stdio: 'ignore' }).status !== 0) {
    problems.push(
      `promtool is missing (${promtoolPath}): install Prometheus's tools with \`sudo apt-get install -y prometheus\` (Debian; promtool comes with it) or set PROMTOOL_PATH`,
    );
  }
  if (options.browser && !existsSync(chromiumPath)) {
    problems.push(
      `Chromium is missing at ${chromiumPath}: install it with \`sudo apt-get install -y chromium\` (Debian) or set CHROMIUM_PATH`,
    );
  }
  return problems;
}
