// `npm run bench [-- name ...]`: runs the named benchmarks, or all of them.
import { runFaultsBench } from './faults.ts';
import { runForgeBench } from './forge.ts';
import { runGasBench } from './gas.ts';
import { runNotificationsBench } from './notifications.ts';
import { runRecordsBench } from './records.ts';
import { runRelayerBench } from './relayer.ts';
import { writeSummary } from './report.ts';

const benchmarks: Record<string, () => Promise<unknown>> = {
  gas: runGasBench,
  relayer: runRelayerBench,
  notifications: runNotificationsBench,
  records: runRecordsBench,
  faults: runFaultsBench,
  forge: runForgeBench,
};

const requested = process.argv.slice(2).filter((arg) => arg !== '--');
const names = requested.length > 0 ? requested : Object.keys(benchmarks);
for (const name of names) {
  const run = benchmarks[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  await run();
}
writeSummary();
