// @medicrypt/contracts/node: what only Node needs (deployment files, forge's artifacts, a local chain).
export * from './anvil.ts';
export * from './deployment-files.ts';
export * from './forge-artifacts.ts';
