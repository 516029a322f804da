// `npm start`: the whole MediCrypt stack on this machine. Prints each address on its own line.
import { execFileSync } from 'node:child_process';
import { startChain } from './local-chain.ts';
import { loadStackConfig, rootDir } from './stack-config.ts';

const config = loadStackConfig();
console.log('medicrypt: building contracts…');
execFileSync('npm', ['run', '--silent', 'build', '-w', 'contracts'], { cwd: rootDir, stdio: 'inherit' });

const chain = await startChain(config);

console.log('\nMediCrypt is running.\n');
console.log(`Chain RPC:        ${chain.rpcUrl}  (chain id ${chain.deployment.chainId})`);
console.log(`ConsentRegistry:  ${chain.deployment.registry}`);
console.log(`IntentForwarder:  ${chain.deployment.forwarder}`);
if (chain.deploymentFile) console.log(`Deployment file:  ${chain.deploymentFile}`);
if (chain.demoAccounts.length > 0) {
  console.log('\nDemo accounts (anvil test keys; import into MetaMask for the local chain only):');
  for (const account of chain.demoAccounts) {
    console.log(`  ${account.role.padEnd(10)} ${account.address}  ${account.privateKey}`);
  }
}
console.log('\nPress Ctrl-C to stop.');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await chain.anvil?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
