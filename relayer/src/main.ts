// The relayer process: `npm start -w relayer`, or started by the root `npm start`.
import { loadConfig } from './config.ts';
import { ConfigError } from './errors.ts';
import { startRelayer } from './server.ts';

try {
  const relayer = await startRelayer(loadConfig());
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    relayer.logger.info({ signal }, 'draining before exit');
    relayer.drain().then(
      () => process.exit(0),
      (error) => {
        relayer.logger.error({ err: error }, 'drain failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Started by a supervisor over an IPC channel (npm start, tests): stop when the supervisor is gone.
  if (process.send) process.on('disconnect', () => shutdown('supervisor gone'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Machine-readable line for supervisors (npm start, tests).
  console.log(JSON.stringify({ event: 'listening', url: relayer.url }));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
