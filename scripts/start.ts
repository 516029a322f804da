// `npm start`: the whole MediCrypt stack on this machine. Prints each address on its own line.
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { startChain } from './local-chain.ts';
import { startRelayerProcess } from './local-relayer.ts';
import { loadStackConfig, rootDir } from './stack-config.ts';

const config = loadStackConfig();
console.log('medicrypt: building contracts…');
execFileSync('npm', ['run', '--silent', 'build', '-w', 'contracts'], { cwd: rootDir, stdio: 'inherit' });
console.log('medicrypt: building the extension…');
execFileSync('npm', ['run', '--silent', 'build', '-w', 'extension'], { cwd: rootDir, stdio: 'ignore' });
const extensionDir = `${rootDir}/extension/.output/chrome-mv3`;
console.log('medicrypt: building the operator console…');
execFileSync('npm', ['run', '--silent', 'build', '-w', 'console'], { cwd: rootDir, stdio: 'ignore' });

const chain = await startChain(config);
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
