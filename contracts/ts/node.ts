// @medicrypt/contracts/node: what only Node needs (deployment files, a local chain).
export * from './anvil.ts';
export * from './deployment-files.ts';
