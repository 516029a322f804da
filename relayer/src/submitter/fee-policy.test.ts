import { describe, expect, it } from 'vitest';
import { FeeCapExceededError, initialFees, replacementFees } from './fee-policy.ts';

const gwei = (value: number) => BigInt(Math.round(value * 1e9));
const policy = { maxFeePerGasCap: gwei(100), bumpPercent: 15 };

describe('initialFees', () => {
  it('offers the suggested tip on top of twice the base fee', () => {
    expect(initialFees({ baseFeePerGas: gwei(10), priorityFeePerGas: gwei(1) }, policy)).toEqual({
      maxFeePerGas: gwei(21),
      maxPriorityFeePerGas: gwei(1),
    });
  });

  it('clamps the offer to the cap', () => {
    expect(initialFees({ baseFeePerGas: gwei(60), priorityFeePerGas: gwei(2) }, policy)).toEqual({
      maxFeePerGas: gwei(100),
      maxPriorityFeePerGas: gwei(2),
    });
  });

  it('refuses to send when the base fee alone reaches the cap', () => {
    expect(() => initialFees({ baseFeePerGas: gwei(100), priorityFeePerGas: gwei(1) }, policy)).toThrow(
      FeeCapExceededError,
    );
  });
});

describe('replacementFees', () => {
  it('raises both fields by the bump percentage', () => {
    const next = replacementFees(
      { maxFeePerGas: gwei(20), maxPriorityFeePerGas: gwei(1) },
      { baseFeePerGas: gwei(5), priorityFeePerGas: gwei(1) },
      policy,
    );
    expect(next).toEqual({ maxFeePerGas: gwei(23), maxPriorityFeePerGas: gwei(1.15) });
  });

  it('never raises by less than the 10% nodes require, even with a smaller configured bump', () => {
    const next = replacementFees(
      { maxFeePerGas: gwei(20), maxPriorityFeePerGas: gwei(1) },
      { baseFeePerGas: gwei(5), priorityFeePerGas: gwei(1) },
      { ...policy, bumpPercent: 5 },
    );
    expect(next!.maxFeePerGas).toBe(gwei(22));
    expect(next!.maxPriorityFeePerGas).toBe(gwei(1.1));
  });

  it('follows a base fee that rose faster than the bump', () => {
    const next = replacementFees(
      { maxFeePerGas: gwei(20), maxPriorityFeePerGas: gwei(1) },
      { baseFeePerGas: gwei(30), priorityFeePerGas: gwei(3) },
      policy,
    );
    expect(next).toEqual({ maxFeePerGas: gwei(63), maxPriorityFeePerGas: gwei(3) });
  });

  it('gives up when the cap leaves no valid replacement', () => {
    expect(
      replacementFees(
        { maxFeePerGas: gwei(95), maxPriorityFeePerGas: gwei(2) },
        { baseFeePerGas: gwei(40), priorityFeePerGas: gwei(2) },
        policy,
      ),
    ).toBeUndefined();
  });
});
