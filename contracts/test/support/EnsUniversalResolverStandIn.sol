// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title A stand-in for ENS's Universal Resolver, for tests on a local chain
/// @notice Speaks the part of the Universal Resolver's wire protocol that viem's `getEnsAddress` uses:
/// `resolveWithGateways(bytes name, bytes data, string[] gateways)` with `addr(bytes32)` calldata, and the
/// custom errors viem reads as "no address". A test puts it at the address viem knows for Sepolia's Universal
/// Resolver (`anvil_setCode`) and resolves names against a real chain. It is its own resolver: the test sets
/// a name's address with `setAddr`, keyed by the name's namehash.
/// @dev Compiled with the workspace (contracts/test/support) but not exported by the TypeScript package:
/// tests read its deployed bytecode from contracts/out. Not handled, unlike the real one: CCIP-read (the
/// gateways are ignored), wildcard resolution, other record types and `[labelhash]`-encoded labels.
contract EnsUniversalResolverStandIn {
    /// The Universal Resolver's errors (viem's universalResolverResolveAbi) that this stand-in raises.
    error DNSDecodingFailed(bytes dns);
    error ResolverNotFound(bytes name);
    error UnsupportedResolverProfile(bytes4 selector);

    /// A resolver's event for a changed address record (ENSIP-1).
    event AddrChanged(bytes32 indexed node, address a);

    /// A name with a record, as the real registry would have a resolver for it; its address may be zero.
    mapping(bytes32 node => bool) public registered;
    mapping(bytes32 node => address) private addresses;

    /// @notice Gives `node` a record pointing at `account`; zero: a name with a resolver but no address.
    function setAddr(bytes32 node, address account) external {
        registered[node] = true;
        addresses[node] = account;
        emit AddrChanged(node, account);
    }

    /// @notice The resolver's `addr(bytes32)` record (ENSIP-1); zero when unset, as a real resolver answers.
    function addr(bytes32 node) public view returns (address) {
        return addresses[node];
    }

    /// @notice Resolves the DNS-encoded `name` with the resolver calldata `data`, as the Universal Resolver
    /// does: the resolver's ABI-encoded answer and the resolver's address. Unknown names revert
    /// `ResolverNotFound`.
    function resolveWithGateways(bytes calldata name, bytes calldata data, string[] calldata)
        external
        view
        returns (bytes memory, address)
    {
        bytes32 node = namehash(name, 0);
        if (!registered[node]) revert ResolverNotFound(name);
        bytes4 selector = bytes4(data);
        if (data.length != 36 || selector != this.addr.selector) revert UnsupportedResolverProfile(selector);
        // The node in the calldata is the one asked about, as a real resolver would read it.
        return (abi.encode(addr(bytes32(data[4:]))), address(this));
    }

    /// @dev ENSIP-1 namehash of a DNS-encoded name (length-prefixed labels ending with a zero byte), from the
    /// label at `offset` to the root.
    function namehash(bytes calldata name, uint256 offset) private pure returns (bytes32) {
        if (offset >= name.length) revert DNSDecodingFailed(name);
        uint256 length = uint8(name[offset]);
        if (length == 0) {
            if (offset + 1 != name.length) revert DNSDecodingFailed(name);
            return bytes32(0);
        }
        uint256 end = offset + 1 + length;
        if (end >= name.length) revert DNSDecodingFailed(name);
        return keccak256(abi.encodePacked(namehash(name, end), keccak256(name[offset + 1:end])));
    }
}
