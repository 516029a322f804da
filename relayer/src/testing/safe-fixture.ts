// Test support: a real Safe 1.4.1 (@safe-global/safe-contracts' own build artifacts) on anvil: the singleton,
// the proxy factory, the fallback handler that answers ERC-1271, and SignMessageLib, which a Safe delegatecalls
// to approve a message on chain (after which `isValidSignature(hash, 0x)` holds). Safes are 1-of-1 with an EOA
// owner, created now (deployed) or only computed (counterfactual, for ERC-6492).
import { createRequire } from 'node:module';
import {
  type Abi,
  type Address,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  hashMessage,
  http,
  type PrivateKeyAccount,
  serializeErc6492Signature,
  zeroAddress,
} from 'viem';
import type { ChainFixture } from './chain-fixture.ts';

const require = createRequire(import.meta.url);
const artifact = (path: string) =>
  require(`@safe-global/safe-contracts/build/artifacts/contracts/${path}`) as { abi: Abi; bytecode: Hex };
const safeArtifact = artifact('Safe.sol/Safe.json');
const factoryArtifact = artifact('proxies/SafeProxyFactory.sol/SafeProxyFactory.json');
const handlerArtifact = artifact(
  'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
);
const signMessageLibArtifact = artifact('libraries/SignMessageLib.sol/SignMessageLib.json');

/** Safe's Enum.Operation. */
const DELEGATE_CALL = 1;

export interface SafeDeployment {
  singleton: Address;
  factory: Address;
  fallbackHandler: Address;
  signMessageLib: Address;
}

export interface SafeAccount {
  address: Address;
  owner: PrivateKeyAccount;
  /** The factory call that creates it (for ERC-6492). */
  factoryData: Hex;
}

export class SafeFixture {
  private constructor(
    private readonly fixture: ChainFixture,
    readonly contracts: SafeDeployment,
    private readonly wallet: ReturnType<typeof createWalletClient>,
  ) {}

  /** Deploys Safe 1.4.1's contracts with the fixture's admin (anvil's first key). */
  static async deploy(fixture: ChainFixture): Promise<SafeFixture> {
    const wallet = createWalletClient({
      account: fixture.admin,
      chain: fixture.chain.publicClient.chain,
      transport: http(fixture.anvil.rpcUrl),
    });
    const deploy = async ({ abi, bytecode }: { abi: Abi; bytecode: Hex }) => {
      const hash = await wallet.deployContract({
        abi,
        bytecode,
        account: fixture.admin,
        chain: wallet.chain,
      });
      const receipt = await fixture.chain.publicClient.waitForTransactionReceipt({ hash });
      if (!receipt.contractAddress) throw new Error('no contract deployed');
      return receipt.contractAddress;
    };
    const contracts = {
      singleton: await deploy(safeArtifact),
      factory: await deploy(factoryArtifact),
      fallbackHandler: await deploy(handlerArtifact),
      signMessageLib: await deploy(signMessageLibArtifact),
    };
    return new SafeFixture(fixture, contracts, wallet);
  }

  private setupData(owner: Address): Hex {
    return encodeFunctionData({
      abi: safeArtifact.abi,
      functionName: 'setup',
      args: [[owner], 1n, zeroAddress, '0x', this.contracts.fallbackHandler, zeroAddress, 0n, zeroAddress],
    });
  }

  /** The Safe `owner` would get for `saltNonce`, and the factory call that creates it; deploys nothing. */
  async counterfactual(owner: PrivateKeyAccount, saltNonce: bigint): Promise<SafeAccount> {
    const args = [this.contracts.singleton, this.setupData(owner.address), saltNonce] as const;
    const { result } = await this.fixture.chain.publicClient.simulateContract({
      address: this.contracts.factory,
      abi: factoryArtifact.abi,
      functionName: 'createProxyWithNonce',
      args,
    });
    const factoryData = encodeFunctionData({
      abi: factoryArtifact.abi,
      functionName: 'createProxyWithNonce',
      args,
    });
    return { address: result as Address, owner, factoryData };
  }

  /** Creates `owner`'s Safe on chain. */
  async create(owner: PrivateKeyAccount, saltNonce: bigint): Promise<SafeAccount> {
    const safe = await this.counterfactual(owner, saltNonce);
    await this.send(this.contracts.factory, safe.factoryData);
    return safe;
  }

  /** The owner's signature as the Safe checks it: an EIP-712 SafeMessage over the EIP-191 hash of `message`. */
  async ownerSignature(safe: SafeAccount, message: string): Promise<Hex> {
    return safe.owner.signTypedData({
      domain: { chainId: this.fixture.deployment.chainId, verifyingContract: safe.address },
      types: { SafeMessage: [{ name: 'message', type: 'bytes' }] },
      primaryType: 'SafeMessage',
      message: { message: hashMessage(message) },
    });
  }

  /** The ERC-6492 wrapping of `signature` for a Safe not deployed yet. */
  erc6492(safe: SafeAccount, signature: Hex): Hex {
    return serializeErc6492Signature({ address: this.contracts.factory, data: safe.factoryData, signature });
  }

  /**
   * Approves `message` on chain: a Safe transaction, signed by the owner, that delegatecalls
   * SignMessageLib.signMessage(abi.encode(hashMessage(message))) — what the Safe's fallback handler looks up
   * when `isValidSignature(hashMessage(message), 0x)` is asked. Answers the gas the transaction used.
   */
  async approveOnChain(safe: SafeAccount, message: string): Promise<bigint> {
    const data = encodeFunctionData({
      abi: signMessageLibArtifact.abi,
      functionName: 'signMessage',
      args: [hashMessage(message)],
    });
    const nonce = (await this.fixture.chain.publicClient.readContract({
      address: safe.address,
      abi: safeArtifact.abi,
      functionName: 'nonce',
    })) as bigint;
    const transaction = {
      to: this.contracts.signMessageLib,
      value: 0n,
      data,
      operation: DELEGATE_CALL,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce,
    };
    const signature = await safe.owner.signTypedData({
      domain: { chainId: this.fixture.deployment.chainId, verifyingContract: safe.address },
      types: {
        SafeTx: [
          { name: 'to', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'data', type: 'bytes' },
          { name: 'operation', type: 'uint8' },
          { name: 'safeTxGas', type: 'uint256' },
          { name: 'baseGas', type: 'uint256' },
          { name: 'gasPrice', type: 'uint256' },
          { name: 'gasToken', type: 'address' },
          { name: 'refundReceiver', type: 'address' },
          { name: 'nonce', type: 'uint256' },
        ],
      },
      primaryType: 'SafeTx',
      message: transaction,
    });
    const receipt = await this.send(
      safe.address,
      encodeFunctionData({
        abi: safeArtifact.abi,
        functionName: 'execTransaction',
        args: [
          transaction.to,
          transaction.value,
          transaction.data,
          transaction.operation,
          transaction.safeTxGas,
          transaction.baseGas,
          transaction.gasPrice,
          transaction.gasToken,
          transaction.refundReceiver,
          signature,
        ],
      }),
    );
    return receipt.gasUsed;
  }

  /** Whether the Safe holds `message` as approved (its signedMessages entry). */
  async isApproved(safe: SafeAccount, message: string): Promise<boolean> {
    const safeMessageHash = (await this.fixture.chain.publicClient.readContract({
      address: this.contracts.fallbackHandler,
      abi: handlerArtifact.abi,
      functionName: 'getMessageHashForSafe',
      args: [safe.address, hashMessage(message)],
    })) as Hex;
    const signed = (await this.fixture.chain.publicClient.readContract({
      address: safe.address,
      abi: safeArtifact.abi,
      functionName: 'signedMessages',
      args: [safeMessageHash],
    })) as bigint;
    return signed !== 0n;
  }

  private async send(to: Address, data: Hex) {
    const hash = await this.wallet.sendTransaction({
      account: this.fixture.admin,
      chain: this.wallet.chain,
      to,
      data,
      value: 0n,
    });
    const receipt = await this.fixture.chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction to ${to} reverted`);
    return receipt;
  }
}
