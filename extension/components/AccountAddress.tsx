import type { Address } from 'viem';

/** An address shortened for a narrow popup; the full address stays available to screen readers and on hover. */
export function AccountAddress({ address }: { address: Address }) {
  const short = `${address.slice(0, 6)}…${address.slice(-4)}`;
  return (
    <span className="mono" title={address}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{address}</span>
    </span>
  );
}
