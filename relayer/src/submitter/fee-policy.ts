// EIP-1559 fees for batch transactions: what to offer first, and how to raise the offer to replace a stuck
// transaction. Nodes accept a replacement at the same nonce only if both fee fields rise by at least 10%.

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface FeePolicy {
  /** Never offer more than this per gas (MAX_FEE_PER_GAS_GWEI). */
  maxFeePerGasCap: bigint;
  /** Raise both fee fields by this percentage when replacing (FEE_BUMP_PERCENT, at least 10). */
  bumpPercent: number;
}

export interface NetworkFees {
  baseFeePerGas: bigint;
  /** The node's suggested tip (eth_maxPriorityFeePerGas). */
  priorityFeePerGas: bigint;
}

/** Nodes (geth, anvil) refuse a same-nonce replacement that raises either fee by less than this. */
export const MIN_REPLACEMENT_BUMP_PERCENT = 10;
/** Headroom for base fee growth: up to six full blocks of +12.5% before the offer falls below the base fee. */
const BASE_FEE_HEADROOM = 2n;

const min = (a: bigint, b: bigint) => (a < b ? a : b);
// biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints.
const max = (...values: bigint[]) => values.reduce((a, b) => (a > b ? a : b));
const raise = (value: bigint, percent: number) => (value * BigInt(100 + percent) + 99n) / 100n;

export class FeeCapExceededError extends Error {
  override name = 'FeeCapExceededError';
}

/** The first offer: a tip as the node suggests and twice the base fee on top, within the cap. */
export function initialFees(network: NetworkFees, policy: FeePolicy): Fees {
  if (network.baseFeePerGas >= policy.maxFeePerGasCap) {
    throw new FeeCapExceededError(
      `base fee ${network.baseFeePerGas} wei is at or above the cap ${policy.maxFeePerGasCap} wei`,
    );
  }
  const maxPriorityFeePerGas = min(network.priorityFeePerGas, policy.maxFeePerGasCap - network.baseFeePerGas);
  const maxFeePerGas = min(
    network.baseFeePerGas * BASE_FEE_HEADROOM + maxPriorityFeePerGas,
    policy.maxFeePerGasCap,
  );
  return { maxFeePerGas, maxPriorityFeePerGas };
}

/**
 * The offer that replaces `previous`: both fields raised by the bump (at least what the node requires) and
 * never below what the network asks now. Returns undefined when the cap leaves no valid replacement.
 */
export function replacementFees(previous: Fees, network: NetworkFees, policy: FeePolicy): Fees | undefined {
  const bump = Math.max(policy.bumpPercent, MIN_REPLACEMENT_BUMP_PERCENT);
  const fresh = initialFeesWithinCap(network, policy);
  const maxPriorityFeePerGas = max(
    raise(previous.maxPriorityFeePerGas, bump),
    fresh?.maxPriorityFeePerGas ?? 0n,
  );
  const maxFeePerGas = max(
    raise(previous.maxFeePerGas, bump),
    fresh?.maxFeePerGas ?? 0n,
    maxPriorityFeePerGas,
  );
  if (maxFeePerGas > policy.maxFeePerGasCap) return undefined;
  return { maxFeePerGas, maxPriorityFeePerGas };
}

function initialFeesWithinCap(network: NetworkFees, policy: FeePolicy): Fees | undefined {
  try {
    return initialFees(network, policy);
  } catch {
    return undefined;
  }
}
