// Contracts as forge compiled them into contracts/out (Node only): for the package build and for tests that
// put test-only contracts (contracts/test/support) on a local chain without the package exporting them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Abi, Hex } from 'viem';

/** forge's output directory (foundry.toml `out`). */
export const forgeOutDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');

export interface ForgeArtifact {
  abi: Abi;
  /** Creation code, for a deployment transaction. */
  bytecode: Hex;
  /** Runtime code, for `anvil_setCode` at a fixed address. */
  deployedBytecode: Hex;
}

/** The artifact of `contract`, compiled from `sourceFile` (by default `<contract>.sol`). */
export function readForgeArtifact(contract: string, sourceFile = `${contract}.sol`): ForgeArtifact {
  const file = join(forgeOutDir, sourceFile, `${contract}.json`);
  const artifact = JSON.parse(readFileSync(file, 'utf8')) as {
    abi: Abi;
    bytecode: { object: Hex };
    deployedBytecode: { object: Hex };
  };
  return {
    abi: artifact.abi,
    bytecode: artifact.bytecode.object,
    deployedBytecode: artifact.deployedBytecode.object,
  };
}
