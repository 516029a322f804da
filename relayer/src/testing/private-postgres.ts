// Test support: a Postgres server of the test's own (initdb in a temporary folder, a free port), so a test can
// restart the server itself without disturbing the shared one other tests use. Uses the machine's Postgres
// binaries; as root, the server runs as the `postgres` user (Postgres refuses to run as root).
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@medicrypt/contracts/node';

const run = promisify(execFile);
const POSTGRES_LIB = '/usr/lib/postgresql';

export interface PrivatePostgres {
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function binDir(): string {
  const versions = existsSync(POSTGRES_LIB) ? readdirSync(POSTGRES_LIB).sort().reverse() : [];
  const found = versions
    .map((version) => join(POSTGRES_LIB, version, 'bin'))
    .find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      `no Postgres server binaries under ${POSTGRES_LIB}: install them (Debian: apt-get install -y postgresql)`,
    );
  }
  return found;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'medicrypt-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const data = join(root, 'data');
  const port = await freePort();
  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (action: string, extra: string[] = []) =>
    as('pg_ctl', [action, '-D', data, '-w', '-l', join(root, 'server.log'), '-o', options, ...extra]);
  await ctl('start');
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => {
      await ctl('restart', ['-m', 'fast']);
    },
    stop: async () => {
      await ctl('stop', ['-m', 'immediate']).catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
