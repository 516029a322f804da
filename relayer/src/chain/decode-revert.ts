// Names a revert of the forwarder or the registry by its custom error, for intake's simulations, the submitter's
// batch simulation and the tracker's per-item failures alike.
import { consentRegistryAbi, intentForwarderAbi } from '@medicrypt/contracts';
import { decodeErrorResult, type Hex } from 'viem';

const errorAbi = [...intentForwarderAbi, ...consentRegistryAbi];

/** The custom error in `revertData` and its arguments; `EmptyRevert` or `UnknownRevert` if none of ours. */
export function decodeRevert(revertData: Hex): { error: string; args: readonly unknown[] } {
  try {
    const decoded = decodeErrorResult({ abi: errorAbi, data: revertData });
    return { error: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return { error: revertData === '0x' ? 'EmptyRevert' : 'UnknownRevert', args: [] };
  }
}
