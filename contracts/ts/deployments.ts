// Where MediCrypt is deployed, and how to deploy it from TypeScript (local chains, tests, benchmarks).
// Sepolia deployments are made by contracts/script/Deploy.s.sol; both write the same JSON shape.
import {
  type Account,
  type Address,
  type Chain,
  getContractAddress,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import {
  consentRegistryAbi,
  consentRegistryBytecode,
  intentForwarderAbi,
  intentForwarderBytecode,
} from '../generated/abis.ts';

export interface Deployment {
  chainId: number;
  registry: Address;
  forwarder: Address;
  admin: Address;
  /** First block the indexer needs to read. */
  startBlock: number;
}

export interface DeployParameters {
  walletClient: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient;
  /** Manages issuers; defaults to the deploying account. */
  admin?: Address;
}

/**
 * Deploys the forwarder and the registry. They reference each other, so the registry's address is predicted
 * from the deployer's nonce and the forwarder is deployed first.
 */
export async function deployMediCrypt({
  walletClient,
  publicClient,
  admin,
}: DeployParameters): Promise<Deployment> {
  const deployer = walletClient.account.address;
  const nonce = await publicClient.getTransactionCount({ address: deployer, blockTag: 'pending' });
  const startBlock = Number(await publicClient.getBlockNumber());
  const predictedRegistry = getContractAddress({ from: deployer, nonce: BigInt(nonce + 1) });
  const forwarderHash = await walletClient.deployContract({
    abi: intentForwarderAbi,
    bytecode: intentForwarderBytecode,
    args: [predictedRegistry],
    nonce,
  });
  const registryHash = await walletClient.deployContract({
    abi: consentRegistryAbi,
    bytecode: consentRegistryBytecode,
    args: [getContractAddress({ from: deployer, nonce: BigInt(nonce) }), admin ?? deployer],
    nonce: nonce + 1,
  });
  const [forwarderReceipt, registryReceipt] = await Promise.all([
    publicClient.waitForTransactionReceipt({ hash: forwarderHash }),
    publicClient.waitForTransactionReceipt({ hash: registryHash }),
  ]);
  if (registryReceipt.contractAddress?.toLowerCase() !== predictedRegistry.toLowerCase()) {
    throw new Error(`registry deployed at ${registryReceipt.contractAddress}, expected ${predictedRegistry}`);
  }
  return {
    chainId: await publicClient.getChainId(),
    registry: registryReceipt.contractAddress,
    forwarder: forwarderReceipt.contractAddress!,
    admin: admin ?? deployer,
    startBlock,
  };
}
