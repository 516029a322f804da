import { getAddress, isAddress } from 'viem';

/**
 * An address shortened for a narrow popup; the full (checksummed) address stays available to screen readers and
 * on hover. The relayer answers lowercase addresses; they are shown like the wallet shows them.
 */
export function AccountAddress({ address }: { address: string }) {
  const full = isAddress(address, { strict: false }) ? getAddress(address) : address;
  const short = `${full.slice(0, 6)}…${full.slice(-4)}`;
  return (
    <span className="mono" title={full}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{full}</span>
    </span>
  );
}
