// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ConsentRegistry} from "./ConsentRegistry.sol";
import {IntentTypes} from "./IntentTypes.sol";

/// @title MediCrypt intent forwarder (ERC-2771)
/// @notice Verifies EIP-712 intents signed by patients, delegates, doctors and issuers, and forwards them to the
/// ConsentRegistry with the signer appended (ERC-2771), so that a relayer pays the gas.
/// @dev An intent is the registry calldata itself plus a signature. Every intent function of the registry takes
/// only ABI-static arguments, except `openBreakGlass`'s `reason` string, so the EIP-712 `encodeData` of the
/// intent's struct is the calldata after the selector word for word; dynamic arguments are replaced by the
/// keccak of their content, as EIP-712 prescribes. MetaMask therefore shows every field by name while the
/// forwarder hashes the calldata without re-encoding it. Replay protection is not kept here: each registry action
/// checks and bumps a nonce in the very slot it changes, which costs no extra storage write.
contract IntentForwarder is EIP712 {
    /// @notice A signed intent: registry calldata (selector + arguments) and the actor's signature over its
    /// EIP-712 digest (65-byte ECDSA for EOAs, anything an ERC-1271 wallet accepts otherwise).
    struct Intent {
        bytes data;
        bytes signature;
    }

    /// @notice Gas an ERC-1271 wallet may use to check one signature; bounds what one item can cost a batch.
    uint256 public constant ERC1271_GAS_LIMIT = 150_000;

    uint256 private constant SELECTOR_LENGTH = 4;
    uint256 private constant WORD = 32;
    uint256 private constant ECDSA_SIGNATURE_LENGTH = 65;

    /// @notice The only contract intents are forwarded to.
    address public immutable registry;

    /// @notice An intent of a batch was skipped; the others applied. `reason` is ABI-encoded error data: one of
    /// this contract's errors, or the registry's revert (for example `StaleNonce` for a replay).
    event IntentFailed(uint256 indexed index, address indexed actor, bytes32 indexed digest, bytes reason);

    /// @notice The selector is not an intent of the registry.
    error UnknownIntent(bytes4 selector);
    /// @notice The calldata is too short, too long or its dynamic arguments point outside it.
    error MalformedIntent();
    /// @notice The signature is not `actor`'s over the intent's digest.
    error InvalidSignature(address actor, bytes32 digest);

    /// @param registry_ the ConsentRegistry that trusts this forwarder
    constructor(address registry_) EIP712("MediCrypt", "1") {
        registry = registry_;
    }

    /// @notice Execute many intents in one transaction. A malformed, badly signed, expired or replayed intent is
    /// skipped with an `IntentFailed` event naming it and the reason; the rest apply.
    /// @param intents the signed intents, applied in order
    /// @return failed how many intents were skipped
    function executeBatch(Intent[] calldata intents) external returns (uint256 failed) {
        uint256 count = intents.length;
        for (uint256 i; i < count; ++i) {
            (bool ok, address actor, bytes32 digest, bytes memory reason) = _tryExecute(intents[i]);
            if (!ok) {
                emit IntentFailed(i, actor, digest, reason);
                ++failed;
            }
        }
    }

    /// @notice Execute one intent, reverting with the reason if it cannot apply. Relayers `eth_call` it to
    /// simulate an intent before accepting it.
    /// @param intent the signed intent
    function execute(Intent calldata intent) external {
        (bool ok,,, bytes memory reason) = _tryExecute(intent);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    /// @notice Check an intent's shape and signature without executing it.
    /// @param intent the signed intent
    /// @return valid true if the intent is well-formed and signed by its actor
    /// @return digest the EIP-712 digest signed (zero if malformed)
    function verify(Intent calldata intent) external view returns (bool valid, bytes32 digest) {
        bool wellFormed;
        (wellFormed, digest) = _digest(intent.data);
        valid = wellFormed && _isValidSignature(_actorOf(intent.data), digest, intent.signature);
    }

    /// @notice The EIP-712 digest an actor signs for the registry calldata `data`.
    /// @param data registry calldata of an intent function
    /// @return digest the digest; reverts with MalformedIntent or UnknownIntent
    function hashIntent(bytes calldata data) external view returns (bytes32 digest) {
        if (data.length < SELECTOR_LENGTH) revert MalformedIntent();
        (, uint256 argCount,) = IntentTypes.specOf(bytes4(data[:SELECTOR_LENGTH]));
        if (argCount == 0) revert UnknownIntent(bytes4(data[:SELECTOR_LENGTH]));
        bool wellFormed;
        (wellFormed, digest) = _digest(data);
        if (!wellFormed) revert MalformedIntent();
    }

    /// @notice The EIP-712 type hash of the intent with registry selector `selector` (zero if none).
    /// @param selector a registry function selector
    /// @return typehash keccak256 of the struct's encodeType string
    function intentTypehash(bytes4 selector) external pure returns (bytes32 typehash) {
        (typehash,,) = IntentTypes.specOf(selector);
    }

    /// @notice The EIP-712 domain separator of this forwarder.
    /// @return the domain separator for the current chain
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ---------------------------------------------------------------- internals

    /// @dev Never reverts on bad input: every failure is returned so a batch can skip just this item.
    function _tryExecute(Intent calldata intent)
        private
        returns (bool ok, address actor, bytes32 digest, bytes memory reason)
    {
        bytes calldata data = intent.data;
        bool wellFormed;
        (wellFormed, digest) = _digest(data);
        if (!wellFormed) {
            bytes4 selector = data.length < SELECTOR_LENGTH ? bytes4(0) : bytes4(data[:SELECTOR_LENGTH]);
            (, uint256 argCount,) = IntentTypes.specOf(selector);
            reason = argCount == 0
                ? abi.encodeWithSelector(UnknownIntent.selector, selector)
                : abi.encodeWithSelector(MalformedIntent.selector);
            return (false, address(0), bytes32(0), reason);
        }
        actor = _actorOf(data);
        if (!_isValidSignature(actor, digest, intent.signature)) {
            return (false, actor, digest, abi.encodeWithSelector(InvalidSignature.selector, actor, digest));
        }
        // ERC-2771: the registry reads the verified signer from the last 20 bytes of its calldata.
        (ok, reason) = registry.call(abi.encodePacked(data, actor));
    }

    /// @dev The actor is the first argument of every intent. `_digest` has checked the length.
    function _actorOf(bytes calldata data) private pure returns (address) {
        return address(uint160(uint256(bytes32(data[SELECTOR_LENGTH:SELECTOR_LENGTH + WORD]))));
    }

    /// @dev EIP-712 digest of the intent, or wellFormed = false. Static intents must be exactly canonical
    /// (selector + one word per argument), so the bytes hashed are the bytes the registry decodes.
    function _digest(bytes calldata data) private view returns (bool wellFormed, bytes32 digest) {
        if (data.length < SELECTOR_LENGTH) return (false, bytes32(0));
        (bytes32 typehash, uint256 argCount, uint256 dynamicArgs) =
            IntentTypes.specOf(bytes4(data[:SELECTOR_LENGTH]));
        if (argCount == 0) return (false, bytes32(0));
        uint256 headLength = argCount * WORD;
        bytes32 structHash;
        if (dynamicArgs == 0) {
            if (data.length != SELECTOR_LENGTH + headLength) return (false, bytes32(0));
            assembly ("memory-safe") {
                let ptr := mload(0x40)
                mstore(ptr, typehash)
                calldatacopy(add(ptr, 0x20), add(data.offset, SELECTOR_LENGTH), headLength)
                structHash := keccak256(ptr, add(headLength, 0x20))
            }
        } else {
            (wellFormed, structHash) = _dynamicStructHash(data[SELECTOR_LENGTH:], typehash, argCount, dynamicArgs);
            if (!wellFormed) return (false, bytes32(0));
        }
        return (true, _hashTypedDataV4(structHash));
    }

    /// @dev encodeData for a struct whose `string`/`bytes` arguments (bits of `dynamicArgs`) are hashed.
    function _dynamicStructHash(bytes calldata args, bytes32 typehash, uint256 argCount, uint256 dynamicArgs)
        private
        pure
        returns (bool wellFormed, bytes32 structHash)
    {
        uint256 length = args.length;
        if (length < argCount * WORD) return (false, bytes32(0));
        bytes32[] memory words = new bytes32[](argCount);
        for (uint256 i; i < argCount; ++i) {
            bytes32 word = bytes32(args[i * WORD:(i + 1) * WORD]);
            if ((dynamicArgs >> i) & 1 == 1) {
                uint256 offset = uint256(word);
                if (offset > length || length - offset < WORD) return (false, bytes32(0));
                uint256 contentLength = uint256(bytes32(args[offset:offset + WORD]));
                if (contentLength > length - offset - WORD) return (false, bytes32(0));
                word = keccak256(args[offset + WORD:offset + WORD + contentLength]);
            }
            words[i] = word;
        }
        return (true, keccak256(abi.encodePacked(typehash, words)));
    }

    /// @dev ECDSA first: a relayed EOA needs no EXTCODESIZE of a cold account (2,600 gas). An account with code
    /// (ERC-1271 wallet) is asked next, with bounded gas and without copying its return data.
    function _isValidSignature(address actor, bytes32 digest, bytes calldata signature) private view returns (bool) {
        if (signature.length == ECDSA_SIGNATURE_LENGTH) {
            (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
            if (err == ECDSA.RecoverError.NoError && recovered == actor) return true;
        }
        if (actor.code.length == 0) return false;
        bytes memory callData = abi.encodeCall(IERC1271.isValidSignature, (digest, signature));
        bool success;
        bytes32 magic;
        uint256 returned;
        assembly ("memory-safe") {
            success := staticcall(ERC1271_GAS_LIMIT, actor, add(callData, 0x20), mload(callData), 0, 0x20)
            returned := returndatasize()
            magic := mload(0)
        }
        return success && returned >= WORD && bytes4(magic) == IERC1271.isValidSignature.selector;
    }
}
