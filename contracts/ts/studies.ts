// Research studies: a study's id is keccak256(abi.encode(researcher, protocolHash)), as ConsentRegistry computes
// it in registerStudy, so a client knows the id before the study is mined.
import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem';

/** The registry's id of the study `researcher` registers with `protocolHash`. */
export function studyIdOf(researcher: Address, protocolHash: Hex): Hex {
  return keccak256(
    encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [researcher, protocolHash]),
  );
}
