// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ConsentRegistry} from "../src/ConsentRegistry.sol";
import {IntentForwarder} from "../src/IntentForwarder.sol";
import {RegistryFixture} from "./support/RegistryFixture.sol";

/// @dev A contract wallet that accepts its owner's ECDSA signatures (ERC-1271).
contract OwnedWallet is IERC1271 {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == owner
            ? IERC1271.isValidSignature.selector
            : bytes4(0);
    }
}

/// @dev A hostile wallet that burns all gas it is given.
contract GasBurningWallet is IERC1271 {
    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        while (true) {}
        return bytes4(0);
    }
}

/// @notice Signature checks, replay protection and failure isolation of the IntentForwarder.
contract ForwarderUnitTest is RegistryFixture {
    uint256 internal constant RELAY_GAS = 5_000_000;

    function _setBreakGlassData(address actor, bool allowed, uint32 nonce)
        internal
        view
        returns (bytes memory)
    {
        return
            abi.encodeCall(ConsentRegistry.setBreakGlassAllowed, (actor, actor, allowed, nonce, _deadline()));
    }

    function _relay(IntentForwarder.Intent[] memory batch) internal returns (uint256 failed) {
        vm.prank(relayer);
        return forwarder.executeBatch{gas: RELAY_GAS}(batch);
    }

    // ================================================================ digests and verification

    function test_hashIntent_matchesTheEip712DigestComputedIndependently() public view {
        bytes memory data = _approveData(patient, patient, doctor, _mask(LAB), 1);
        assertEq(forwarder.hashIntent(data), _expectedDigest(data));
    }

    function test_intentTypehash_isZeroForANonIntentSelector() public view {
        assertEq(forwarder.intentTypehash(ConsentRegistry.hasAccess.selector), bytes32(0));
        assertEq(
            forwarder.intentTypehash(ConsentRegistry.approveAccess.selector),
            keccak256(
                "ApproveAccess(address actor,address patient,address grantee,uint64 categories,uint40 expiresAt,uint32 nonce,uint40 deadline)"
            )
        );
    }

    function test_hashIntent_revertsForUnknownOrMalformedCalldata() public {
        vm.expectRevert(IntentForwarder.MalformedIntent.selector);
        forwarder.hashIntent(hex"1234");
        bytes memory notAnIntent = abi.encodeCall(ConsentRegistry.hasAccess, (patient, doctor, LAB));
        vm.expectRevert(
            abi.encodeWithSelector(IntentForwarder.UnknownIntent.selector, ConsentRegistry.hasAccess.selector)
        );
        forwarder.hashIntent(notAnIntent);
        bytes memory trailing = abi.encodePacked(_setBreakGlassData(patient, false, 0), uint8(0));
        vm.expectRevert(IntentForwarder.MalformedIntent.selector);
        forwarder.hashIntent(trailing);
    }

    function test_verify_acceptsTheActorsSignatureOnly() public view {
        bytes memory data = _setBreakGlassData(patient, false, 0);
        (bool valid, bytes32 digest) = forwarder.verify(_intent(patientKey, data));
        assertTrue(valid);
        assertEq(digest, _expectedDigest(data));
        (valid,) = forwarder.verify(_intent(doctorKey, data));
        assertFalse(valid);
    }

    function test_verify_rejectsTheHighSMalleableTwin() public view {
        IntentForwarder.Intent memory intent = _intent(patientKey, _setBreakGlassData(patient, false, 0));
        bytes memory signature = intent.signature;
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        bytes32 highS = bytes32(SECP256K1_ORDER - uint256(s));
        intent.signature = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        (bool valid,) = forwarder.verify(intent);
        assertFalse(valid);
    }

    function test_verify_rejectsASignatureForAnotherChain() public {
        IntentForwarder.Intent memory intent = _intent(patientKey, _setBreakGlassData(patient, false, 0));
        vm.chainId(1);
        (bool valid,) = forwarder.verify(intent);
        assertFalse(valid);
    }

    function test_verify_rejectsASignatureForAnotherForwarder() public {
        IntentForwarder other = new IntentForwarder(address(registry));
        bytes memory data = _setBreakGlassData(patient, false, 0);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(patientKey, other.hashIntent(data));
        (bool valid,) = forwarder.verify(IntentForwarder.Intent(data, abi.encodePacked(r, s, v)));
        assertFalse(valid);
    }

    function test_verify_acceptsAnErc1271WalletSignature() public {
        OwnedWallet wallet = new OwnedWallet(patient);
        IntentForwarder.Intent memory intent =
            _intent(patientKey, _setBreakGlassData(address(wallet), false, 0));
        (bool valid,) = forwarder.verify(intent);
        assertTrue(valid);
        assertEq(_relay(_batch(intent)), 0);
        assertTrue(registry.settingsOf(address(wallet)).breakGlassDisabled);
    }

    function test_verify_rejectsAWalletSignatureByAnotherKey() public {
        OwnedWallet wallet = new OwnedWallet(patient);
        (bool valid,) = forwarder.verify(_intent(doctorKey, _setBreakGlassData(address(wallet), false, 0)));
        assertFalse(valid);
    }

    // ================================================================ execution

    function test_execute_appliesAnIntentAsItsSigner() public {
        vm.prank(relayer);
        forwarder.execute(_intent(patientKey, _setBreakGlassData(patient, false, 0)));
        assertTrue(registry.settingsOf(patient).breakGlassDisabled);
    }

    function test_execute_bubblesTheRegistryError() public {
        IntentForwarder.Intent memory intent = _intent(patientKey, _setBreakGlassData(patient, false, 5));
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.StaleNonce.selector, 0, 5));
        forwarder.execute(intent);
    }

    function test_execute_revertsForABadSignature() public {
        bytes memory data = _setBreakGlassData(patient, false, 0);
        bytes32 digest = forwarder.hashIntent(data);
        IntentForwarder.Intent memory forged = _intent(doctorKey, data);
        vm.expectRevert(abi.encodeWithSelector(IntentForwarder.InvalidSignature.selector, patient, digest));
        forwarder.execute(forged);
    }

    function test_executeBatch_appliesARequestAndItsApprovalInOrder() public {
        IntentForwarder.Intent memory request =
            _intent(doctorKey, _requestData(doctor, patient, _mask(LAB, IMAGING), 0));
        IntentForwarder.Intent memory approve =
            _intent(patientKey, _approveData(patient, patient, doctor, _mask(LAB), 1));
        assertEq(_relay(_batch(request, approve)), 0);
        assertTrue(registry.hasAccess(patient, doctor, LAB));
    }

    function test_executeBatch_skipsAReplayWithTheRegistryReason() public {
        IntentForwarder.Intent memory intent = _intent(patientKey, _setBreakGlassData(patient, false, 0));
        bytes32 digest = forwarder.hashIntent(intent.data);
        vm.expectEmit(address(forwarder));
        emit IntentForwarder.IntentFailed(
            1, patient, digest, abi.encodeWithSelector(ConsentRegistry.StaleNonce.selector, 1, 0)
        );
        assertEq(_relay(_batch(intent, intent)), 1);
        // ... and across batches.
        assertEq(_relay(_batch(intent)), 1);
        assertEq(registry.settingsOf(patient).nonce, 1);
    }

    function test_executeBatch_skipsAnExpiredIntent() public {
        IntentForwarder.Intent memory intent = _intent(patientKey, _setBreakGlassData(patient, false, 0));
        uint40 deadline = _deadline();
        vm.warp(deadline + 1);
        vm.expectEmit(address(forwarder));
        emit IntentForwarder.IntentFailed(
            0,
            patient,
            forwarder.hashIntent(intent.data),
            abi.encodeWithSelector(ConsentRegistry.IntentExpired.selector, deadline)
        );
        assertEq(_relay(_batch(intent)), 1);
    }

    function test_executeBatch_isolatesBadItemsAndAppliesTheRest() public {
        IntentForwarder.Intent memory forged = _intent(doctorKey, _setBreakGlassData(patient, false, 0));
        IntentForwarder.Intent memory unknown =
            IntentForwarder.Intent(abi.encodeCall(ConsentRegistry.hasAccess, (patient, doctor, LAB)), "");
        IntentForwarder.Intent memory short = IntentForwarder.Intent(hex"01", "");
        IntentForwarder.Intent memory good = _intent(researcherKey, _setBreakGlassData(researcher, false, 0));
        IntentForwarder.Intent[] memory batch = new IntentForwarder.Intent[](4);
        (batch[0], batch[1], batch[2], batch[3]) = (forged, unknown, short, good);
        bytes32 forgedDigest = forwarder.hashIntent(forged.data);
        vm.expectEmit(address(forwarder));
        emit IntentForwarder.IntentFailed(
            0,
            patient,
            forgedDigest,
            abi.encodeWithSelector(IntentForwarder.InvalidSignature.selector, patient, forgedDigest)
        );
        vm.expectEmit(address(forwarder));
        emit IntentForwarder.IntentFailed(
            1,
            address(0),
            bytes32(0),
            abi.encodeWithSelector(IntentForwarder.UnknownIntent.selector, ConsentRegistry.hasAccess.selector)
        );
        vm.expectEmit(address(forwarder));
        emit IntentForwarder.IntentFailed(
            2,
            address(0),
            bytes32(0),
            abi.encodeWithSelector(IntentForwarder.UnknownIntent.selector, bytes4(0))
        );
        assertEq(_relay(batch), 3);
        assertFalse(registry.settingsOf(patient).breakGlassDisabled);
        assertTrue(registry.settingsOf(researcher).breakGlassDisabled);
    }

    function test_executeBatch_survivesAWalletThatBurnsItsGas() public {
        GasBurningWallet hostile = new GasBurningWallet();
        IntentForwarder.Intent memory bad =
            _intent(patientKey, _setBreakGlassData(address(hostile), false, 0));
        IntentForwarder.Intent memory good = _intent(patientKey, _setBreakGlassData(patient, false, 0));
        assertEq(_relay(_batch(bad, good)), 1);
        assertTrue(registry.settingsOf(patient).breakGlassDisabled);
    }

    function test_executeBatch_rejectsTrailingBytesOnAStaticIntent() public {
        IntentForwarder.Intent memory intent = _intent(patientKey, _setBreakGlassData(patient, false, 0));
        intent.data = abi.encodePacked(intent.data, patient);
        vm.expectEmit(address(forwarder));
        emit IntentForwarder.IntentFailed(
            0, address(0), bytes32(0), abi.encodeWithSelector(IntentForwarder.MalformedIntent.selector)
        );
        assertEq(_relay(_batch(intent)), 1);
    }

    function test_executeBatch_rejectsABreakGlassReasonOutsideTheCalldata() public {
        bytes memory data = abi.encodeCall(
            ConsentRegistry.openBreakGlass, (doctor, patient, _mask(LAB), 1 hours, "reason", 0, _deadline())
        );
        IntentForwarder.Intent memory intent = _intent(doctorKey, data);
        // Point the string's offset (argument 4) past the end of the calldata.
        uint256 offsetPosition = 4 + 4 * 32;
        for (uint256 i; i < 32; ++i) {
            intent.data[offsetPosition + i] = bytes1(0xff);
        }
        vm.expectEmit(address(forwarder));
        emit IntentForwarder.IntentFailed(
            0, address(0), bytes32(0), abi.encodeWithSelector(IntentForwarder.MalformedIntent.selector)
        );
        assertEq(_relay(_batch(intent)), 1);
    }

    function test_executeBatch_appliesABreakGlassIntentWithItsReason() public {
        bytes memory data = abi.encodeCall(
            ConsentRegistry.openBreakGlass,
            (doctor, patient, _mask(LAB), 1 hours, "anaphylaxis", 0, _deadline())
        );
        assertEq(_relay(_batch(_intent(doctorKey, data))), 0);
        assertTrue(registry.hasAccess(patient, doctor, LAB));
    }

    // ================================================================ fuzz

    function testFuzz_anySignedIntentVerifiesAndAnyFlippedBitDoesNot(
        uint256 key,
        bool allowed,
        uint32 nonce,
        uint256 bit
    ) public view {
        key = bound(key, 1, SECP256K1_ORDER - 1);
        address actor = vm.addr(key);
        bytes memory data =
            abi.encodeCall(ConsentRegistry.setBreakGlassAllowed, (actor, actor, allowed, nonce, _deadline()));
        IntentForwarder.Intent memory intent = _intent(key, data);
        (bool valid, bytes32 digest) = forwarder.verify(intent);
        assertTrue(valid);
        assertEq(digest, _expectedDigest(data));

        uint256 totalBits = (data.length + intent.signature.length) * 8;
        bit = bound(bit, 32, totalBits - 1); // the selector's bits select another intent type: covered elsewhere
        if (bit < data.length * 8) {
            data[bit / 8] ^= bytes1(uint8(1) << uint8(bit % 8));
            intent.data = data;
        } else {
            uint256 signatureBit = bit - data.length * 8;
            intent.signature[signatureBit / 8] ^= bytes1(uint8(1) << uint8(signatureBit % 8));
        }
        (valid,) = forwarder.verify(intent);
        assertFalse(valid);
    }

    function testFuzz_aBatchSkipsExactlyItsInvalidItems(uint8 mask) public {
        uint256 size = 8;
        IntentForwarder.Intent[] memory batch = new IntentForwarder.Intent[](size);
        address[] memory actors = new address[](size);
        uint256 expectedFailures;
        for (uint256 i; i < size; ++i) {
            (address actor, uint256 key) = makeAddrAndKey(string.concat("fuzz-actor-", vm.toString(i)));
            actors[i] = actor;
            bool invalid = (mask >> i) & 1 == 1;
            // An invalid item is signed by the wrong key.
            batch[i] = _intent(invalid ? doctorKey : key, _setBreakGlassData(actor, false, 0));
            if (invalid) ++expectedFailures;
        }
        assertEq(_relay(batch), expectedFailures);
        for (uint256 i; i < size; ++i) {
            assertEq(registry.settingsOf(actors[i]).breakGlassDisabled, (mask >> i) & 1 == 0);
        }
    }
}
