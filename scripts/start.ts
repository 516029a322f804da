// `npm start`: the whole MediCrypt stack on this machine. Prints each address on its own line.
//
// Only modules that need nothing generated are imported up front: the contracts are built first, then the chain
// side (which reads the generated ABIs) is imported. A static import would be evaluated before the build, so
// a fresh clone would fail on missing files and a changed contract would start with the previous ABIs.
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { startRelayerProcess } from './local-relayer.ts';
import { loadStackConfig, rootDir } from './stack-config.ts';

/** `npm run build -w <workspace>`; on failure its output is printed and npm start stops. */
function build(workspace: string, what: string, options: { quiet: boolean }): void {
  console.log(`medicrypt: building ${what}…`);
  const result = spawnSync('npm', ['run', '--silent', 'build', '-w', workspace], {
    cwd: rootDir,
    stdio: options.quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (result.status === 0) return;
  if (options.quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
  console.error(
    `medicrypt: building ${what} failed (npm run build -w ${workspace} exited with ${result.status ?? result.signal})`,
  );
  process.exit(1);
}

let config: ReturnType<typeof loadStackConfig>;
try {
  config = loadStackConfig();
} catch (error) {
  console.error(`medicrypt: ${(error as Error).message}`);
  process.exit(1);
}
build('contracts', 'the contracts', { quiet: false });
build('extension', 'the extension', { quiet: true });
const extensionDir = `${rootDir}/extension/.output/chrome-mv3`;
build('console', 'the operator console', { quiet: true });

const { startChain } = await import('./local-chain.ts');
const chain = await startChain(config).catch((error: Error) => {
  console.error(`medicrypt: ${error.message}`);
  process.exit(1);
});
console.log('medicrypt: starting the relayer…');
const relayer = await startRelayerProcess(chain, config.dataDir).catch(async (error: Error) => {
  console.error(`medicrypt: ${error.message}`);
  await chain.anvil?.stop();
  process.exit(1);
});

console.log('\nMediCrypt is running.\n');
console.log(`Chain RPC:        ${chain.rpcUrl}  (chain id ${chain.deployment.chainId})`);
console.log(`Relayer API:      ${relayer.url}`);
console.log(`Console: ${relayer.url}/console`);
console.log(`Extension folder: ${extensionDir}  (chrome://extensions → Load unpacked)`);
console.log(`ConsentRegistry:  ${chain.deployment.registry}`);
console.log(`IntentForwarder:  ${chain.deployment.forwarder}`);
if (chain.deploymentFile) console.log(`Deployment file:  ${relative(rootDir, chain.deploymentFile)}`);
console.log(`Relayer log:      ${relative(rootDir, relayer.logFile)}`);
if (chain.demoAccounts.length > 0) {
  console.log('\nDemo accounts (anvil test keys; import into MetaMask for the local chain only):');
  for (const account of chain.demoAccounts) {
    console.log(`  ${account.role.padEnd(10)} ${account.address}  ${account.privateKey}`);
  }
  if (!process.env.OPERATOR_ADDRESSES?.trim())
    console.log(
      'The admin account signs in to the operator console (OPERATOR_ADDRESSES in .env changes that).',
    );
}
console.log('\nPress Ctrl-C to stop.');

let stopping = false;
async function stop(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await relayer.stop();
  await chain.anvil?.stop();
  process.exit(code);
}
relayer.child.once('exit', (code) => {
  if (stopping) return;
  console.error(`medicrypt: the relayer exited (code ${code}); see ${relative(rootDir, relayer.logFile)}`);
  void stop('relayer exited', 1);
});
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
