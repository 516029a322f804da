// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ConsentCodes} from "../src/ConsentCodes.sol";
import {ConsentRegistry} from "../src/ConsentRegistry.sol";
import {IntentForwarder} from "../src/IntentForwarder.sol";

/// @dev Drives the registry with random relayed and direct actions among a few patients, doctors and delegates,
/// and keeps its own (ghost) account of who should have access.
contract RegistryHandler is Test {
    ConsentRegistry internal immutable registry;
    IntentForwarder internal immutable forwarder;
    address internal immutable issuer;

    uint256 internal constant PATIENTS = 3;
    uint256 internal constant DOCTORS = 2;
    uint32 internal constant MAX_DURATION = 30 days;

    uint256[PATIENTS] internal patientKeys;
    uint256[DOCTORS] internal doctorKeys;
    uint256[PATIENTS] internal delegateKeys;

    struct Ghost {
        uint64 granted;
        uint40 grantExpiry;
        uint64 emergency;
        uint40 emergencyExpiry;
    }

    mapping(uint256 => mapping(uint256 => Ghost)) public ghost;
    mapping(uint256 => bool) public doctorRevoked;
    mapping(uint256 => bool) public delegateActive;
    IntentForwarder.Intent[] internal executed;
    mapping(bytes32 => uint256) public timesApplied;

    uint256 public doubleApplications;
    uint256 public requestsByRevokedDoctors;
    uint256 public actionsByRevokedDelegates;

    constructor(ConsentRegistry registry_, IntentForwarder forwarder_, address issuer_) {
        registry = registry_;
        forwarder = forwarder_;
        issuer = issuer_;
        for (uint256 i; i < PATIENTS; ++i) {
            patientKeys[i] = uint256(keccak256(abi.encode("patient", i)));
            delegateKeys[i] = uint256(keccak256(abi.encode("delegate", i)));
        }
        for (uint256 i; i < DOCTORS; ++i) {
            doctorKeys[i] = uint256(keccak256(abi.encode("doctor", i)));
        }
    }

    function doctorAddress(uint256 i) public view returns (address) {
        return vm.addr(doctorKeys[i % DOCTORS]);
    }

    function patientAddress(uint256 i) public view returns (address) {
        return vm.addr(patientKeys[i % PATIENTS]);
    }

    function issueAll() external {
        for (uint256 i; i < DOCTORS; ++i) {
            vm.prank(issuer);
            registry.issueCredential(
                issuer,
                doctorAddress(i),
                ConsentCodes.ROLE_DOCTOR,
                uint40(block.timestamp + 3650 days),
                0,
                _deadline()
            );
        }
    }

    function _deadline() internal view returns (uint40) {
        return uint40(block.timestamp + 1 hours);
    }

    /// @dev Relays (or sends directly when `direct`) and records successful relayed intents for replay.
    function _act(uint256 key, bytes memory data, bool direct) internal returns (bool ok) {
        if (direct) {
            vm.prank(vm.addr(key));
            (ok,) = address(registry).call(data);
            return ok;
        }
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, forwarder.hashIntent(data));
        IntentForwarder.Intent memory intent = IntentForwarder.Intent(data, abi.encodePacked(r, s, v));
        IntentForwarder.Intent[] memory batch = new IntentForwarder.Intent[](1);
        batch[0] = intent;
        ok = forwarder.executeBatch(batch) == 0;
        if (ok) {
            executed.push(intent);
            bytes32 digest = forwarder.hashIntent(data);
            if (++timesApplied[digest] > 1) ++doubleApplications;
        }
    }

    function request(uint256 p, uint256 d, uint64 categories, bool direct) external {
        categories = uint64(bound(categories, 1, ConsentCodes.ALL_CATEGORIES));
        address patient = patientAddress(p);
        address doctor = doctorAddress(d);
        uint32 nonce = registry.consentOf(patient, doctor).nonce;
        bytes memory data = abi.encodeCall(
            ConsentRegistry.requestAccess,
            (doctor, patient, categories, ConsentCodes.PURPOSE_TREATMENT, MAX_DURATION, nonce, _deadline())
        );
        bool ok = _act(doctorKeys[d % DOCTORS], data, direct);
        if (ok && !registry.isCredentialed(doctor, ConsentCodes.ROLE_DOCTOR)) ++requestsByRevokedDoctors;
        if (ok && doctorRevoked[d % DOCTORS]) ++requestsByRevokedDoctors;
    }

    function approve(uint256 p, uint256 d, uint64 narrow, uint32 duration, bool byDelegate, bool direct) external {
        p %= PATIENTS;
        d %= DOCTORS;
        uint256 key = byDelegate ? delegateKeys[p] : patientKeys[p];
        (bool ok, uint64 categories, uint40 expiresAt) = _approve(key, p, d, narrow, duration, direct);
        if (!ok) return;
        if (byDelegate && !delegateActive[p]) ++actionsByRevokedDelegates;
        (ghost[p][d].granted, ghost[p][d].grantExpiry) = (categories, expiresAt);
    }

    function _approve(uint256 key, uint256 p, uint256 d, uint64 narrow, uint32 duration, bool direct)
        internal
        returns (bool ok, uint64 categories, uint40 expiresAt)
    {
        ConsentRegistry.Consent memory consent = registry.consentOf(patientAddress(p), doctorAddress(d));
        categories = consent.requested & uint64(bound(narrow, 1, type(uint64).max));
        if (categories == 0) categories = consent.requested;
        expiresAt = uint40(block.timestamp + bound(duration, 1, MAX_DURATION));
        bytes memory data = abi.encodeCall(
            ConsentRegistry.approveAccess,
            (vm.addr(key), patientAddress(p), doctorAddress(d), categories, expiresAt, consent.nonce, _deadline())
        );
        ok = _act(key, data, direct);
    }

    function deny(uint256 p, uint256 d, bool byDelegate) external {
        address patient = patientAddress(p);
        address doctor = doctorAddress(d);
        uint256 key = byDelegate ? delegateKeys[p % PATIENTS] : patientKeys[p % PATIENTS];
        bytes memory data = abi.encodeCall(
            ConsentRegistry.denyAccess,
            (vm.addr(key), patient, doctor, registry.consentOf(patient, doctor).nonce, _deadline())
        );
        bool ok = _act(key, data, false);
        if (ok && byDelegate && !delegateActive[p % PATIENTS]) ++actionsByRevokedDelegates;
    }

    function revoke(uint256 p, uint256 d, bool byDelegate, bool direct) external {
        address patient = patientAddress(p);
        address doctor = doctorAddress(d);
        uint256 key = byDelegate ? delegateKeys[p % PATIENTS] : patientKeys[p % PATIENTS];
        bytes memory data = abi.encodeCall(
            ConsentRegistry.revokeAccess,
            (vm.addr(key), patient, doctor, registry.consentOf(patient, doctor).nonce, _deadline())
        );
        bool ok = _act(key, data, direct);
        if (ok && byDelegate && !delegateActive[p % PATIENTS]) ++actionsByRevokedDelegates;
        if (ok) delete ghost[p % PATIENTS][d % DOCTORS];
    }

    function breakGlass(uint256 p, uint256 d, uint64 categories, uint32 duration) external {
        categories = uint64(bound(categories, 1, ConsentCodes.ALL_CATEGORIES));
        duration = uint32(bound(duration, 1, registry.MAX_BREAK_GLASS_DURATION()));
        address patient = patientAddress(p);
        address doctor = doctorAddress(d);
        bytes memory data = abi.encodeCall(
            ConsentRegistry.openBreakGlass,
            (
                doctor,
                patient,
                categories,
                duration,
                "emergency",
                registry.breakGlassOf(patient, doctor).nonce,
                _deadline()
            )
        );
        if (_act(doctorKeys[d % DOCTORS], data, false)) {
            Ghost storage g = ghost[p % PATIENTS][d % DOCTORS];
            (g.emergency, g.emergencyExpiry) = (categories, uint40(block.timestamp + duration));
        }
    }

    function setDelegate(uint256 p, bool active) external {
        address patient = patientAddress(p);
        address delegate = vm.addr(delegateKeys[p % PATIENTS]);
        uint32 nonce = registry.delegationOf(patient, delegate).nonce;
        bytes memory data = active
            ? abi.encodeCall(
                ConsentRegistry.appointDelegate, (patient, patient, delegate, nonce, _deadline())
            )
            : abi.encodeCall(ConsentRegistry.revokeDelegate, (patient, patient, delegate, nonce, _deadline()));
        if (_act(patientKeys[p % PATIENTS], data, false)) delegateActive[p % PATIENTS] = active;
    }

    function revokeDoctor(uint256 d) external {
        address doctor = doctorAddress(d);
        uint32 nonce = registry.credentialOf(doctor, ConsentCodes.ROLE_DOCTOR).nonce;
        vm.prank(issuer);
        (bool ok,) = address(registry)
            .call(
                abi.encodeCall(
                    ConsentRegistry.revokeCredential,
                    (issuer, doctor, ConsentCodes.ROLE_DOCTOR, nonce, _deadline())
                )
            );
        if (ok) doctorRevoked[d % DOCTORS] = true;
    }

    function replay(uint256 index) external {
        if (executed.length == 0) return;
        IntentForwarder.Intent[] memory batch = new IntentForwarder.Intent[](1);
        batch[0] = executed[index % executed.length];
        if (forwarder.executeBatch(batch) == 0) {
            bytes32 digest = forwarder.hashIntent(batch[0].data);
            if (++timesApplied[digest] > 1) ++doubleApplications;
        }
    }

    function passTime(uint32 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 10 days));
    }

    /// @dev Whether the ghost says `doctor d` may read `category` of `patient p` now.
    function expectedAccess(uint256 p, uint256 d, uint8 category) external view returns (bool) {
        if (doctorRevoked[d]) return false;
        Ghost memory g = ghost[p][d];
        uint64 bit = uint64(1) << category;
        return (g.granted & bit != 0 && block.timestamp < g.grantExpiry)
            || (g.emergency & bit != 0 && block.timestamp < g.emergencyExpiry);
    }
}

/// @notice Invariants: no access without an active grant or break-glass; an intent never applies twice;
/// a revoked credential cannot request; a delegate's authority ends with revocation.
contract RegistryInvariantsTest is Test {
    ConsentRegistry internal registry;
    IntentForwarder internal forwarder;
    RegistryHandler internal handler;

    function setUp() public {
        vm.warp(1_800_000_000);
        address admin = makeAddr("admin");
        address issuer = makeAddr("issuer");
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + 1);
        forwarder = new IntentForwarder(predicted);
        registry = new ConsentRegistry(address(forwarder), admin);
        bytes32 issuerRole = registry.ISSUER_ROLE();
        vm.prank(admin);
        registry.grantRole(issuerRole, issuer);
        handler = new RegistryHandler(registry, forwarder, issuer);
        handler.issueAll();
        bytes4[] memory selectors = new bytes4[](10);
        selectors[0] = RegistryHandler.request.selector;
        selectors[1] = RegistryHandler.approve.selector;
        selectors[2] = RegistryHandler.deny.selector;
        selectors[3] = RegistryHandler.revoke.selector;
        selectors[4] = RegistryHandler.breakGlass.selector;
        selectors[5] = RegistryHandler.setDelegate.selector;
        selectors[6] = RegistryHandler.revokeDoctor.selector;
        selectors[7] = RegistryHandler.replay.selector;
        selectors[8] = RegistryHandler.passTime.selector;
        selectors[9] = RegistryHandler.request.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_accessExactlyWhenAGrantOrBreakGlassIsActive() public view {
        for (uint256 p; p < 3; ++p) {
            for (uint256 d; d < 2; ++d) {
                for (uint8 c; c < ConsentCodes.CATEGORY_COUNT; ++c) {
                    assertEq(
                        registry.hasAccess(handler.patientAddress(p), handler.doctorAddress(d), c),
                        handler.expectedAccess(p, d, c)
                    );
                }
            }
        }
    }

    function invariant_anIntentNeverAppliesTwice() public view {
        assertEq(handler.doubleApplications(), 0);
    }

    function invariant_aRevokedCredentialCannotRequest() public view {
        assertEq(handler.requestsByRevokedDoctors(), 0);
    }

    function invariant_aDelegatesAuthorityEndsWithRevocation() public view {
        assertEq(handler.actionsByRevokedDelegates(), 0);
    }
}
