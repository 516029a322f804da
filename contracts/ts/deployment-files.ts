// Deployment JSON files (Node only): contracts/deployments/<chainId>.json, or a file named in config.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Address } from 'viem';
import type { Deployment } from './deployments.ts';

/** Committed deployments (contracts/deployments/<chainId>.json). */
export const deploymentsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'deployments');

export function readDeployment(file: string): Deployment {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const key of ['chainId', 'registry', 'forwarder', 'admin', 'startBlock']) {
    if (raw[key] === undefined) throw new Error(`${file}: missing "${key}"`);
  }
  return {
    chainId: Number(raw.chainId),
    registry: raw.registry as Address,
    forwarder: raw.forwarder as Address,
    admin: raw.admin as Address,
    startBlock: Number(raw.startBlock),
  };
}

/** The committed deployment for a chain id. */
export const deploymentFor = (chainId: number): Deployment =>
  readDeployment(join(deploymentsDir, `${chainId}.json`));

export function writeDeployment(file: string, deployment: Deployment): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
}
