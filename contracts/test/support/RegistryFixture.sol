// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ConsentCodes} from "../../src/ConsentCodes.sol";
import {ConsentRegistry} from "../../src/ConsentRegistry.sol";
import {IntentForwarder} from "../../src/IntentForwarder.sol";

/// @dev Deploys the forwarder and registry wired to each other, with an issuer, a credentialed doctor and a
/// researcher, and signs intents the way the TypeScript package does.
abstract contract RegistryFixture is Test {
    ConsentRegistry internal registry;
    IntentForwarder internal forwarder;

    address internal admin = makeAddr("admin");
    address internal issuer;
    uint256 internal issuerKey;
    address internal doctor;
    uint256 internal doctorKey;
    address internal researcher;
    uint256 internal researcherKey;
    address internal patient;
    uint256 internal patientKey;
    address internal delegate;
    uint256 internal delegateKey;
    address internal relayer = makeAddr("relayer");

    uint40 internal constant YEAR = 365 days;
    uint32 internal constant MONTH = 30 days;
    uint40 internal constant START = 1_800_000_000;
    uint8 internal constant LAB = ConsentCodes.CATEGORY_LAB;
    uint8 internal constant IMAGING = ConsentCodes.CATEGORY_IMAGING;
    uint8 internal constant MEDICATION = ConsentCodes.CATEGORY_MEDICATION;
    uint8 internal constant TREATMENT = ConsentCodes.PURPOSE_TREATMENT;
    uint8 internal constant DOCTOR = ConsentCodes.ROLE_DOCTOR;
    uint8 internal constant RESEARCHER = ConsentCodes.ROLE_RESEARCHER;
    uint32 internal constant RAW_CODEC = 0x55;

    function setUp() public virtual {
        vm.warp(START);
        (issuer, issuerKey) = makeAddrAndKey("issuer");
        (doctor, doctorKey) = makeAddrAndKey("doctor");
        (researcher, researcherKey) = makeAddrAndKey("researcher");
        (patient, patientKey) = makeAddrAndKey("patient");
        (delegate, delegateKey) = makeAddrAndKey("delegate");
        address predicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + 1);
        forwarder = new IntentForwarder(predicted);
        registry = new ConsentRegistry(address(forwarder), admin);
        assertEq(address(registry), predicted, "registry address prediction");
        vm.startPrank(admin);
        registry.grantRole(registry.ISSUER_ROLE(), issuer);
        vm.stopPrank();
        vm.startPrank(issuer);
        registry.issueCredential(issuer, doctor, DOCTOR, START + YEAR, 0, _deadline());
        registry.issueCredential(issuer, researcher, RESEARCHER, START + YEAR, 0, _deadline());
        vm.stopPrank();
    }

    function _deadline() internal view returns (uint40) {
        return uint40(block.timestamp + 1 hours);
    }

    function _mask(uint8 category) internal pure returns (uint64) {
        return uint64(1) << category;
    }

    function _mask(uint8 a, uint8 b) internal pure returns (uint64) {
        return (uint64(1) << a) | (uint64(1) << b);
    }

    /// @dev The EIP-712 digest computed independently of the forwarder: for static intents the struct hash is
    /// keccak256(typehash ‖ calldata[4:]).
    function _expectedDigest(bytes memory data) internal view returns (bytes32) {
        bytes4 selector = bytes4(data);
        bytes32 typehash = forwarder.intentTypehash(selector);
        bytes memory args = new bytes(data.length - 4);
        for (uint256 i; i < args.length; ++i) {
            args[i] = data[i + 4];
        }
        bytes32 structHash = keccak256(abi.encodePacked(typehash, args));
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("MediCrypt"),
                keccak256("1"),
                block.chainid,
                address(forwarder)
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    function _intent(uint256 key, bytes memory data) internal view returns (IntentForwarder.Intent memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, forwarder.hashIntent(data));
        return IntentForwarder.Intent({data: data, signature: abi.encodePacked(r, s, v)});
    }

    function _batch(IntentForwarder.Intent memory a)
        internal
        pure
        returns (IntentForwarder.Intent[] memory batch)
    {
        batch = new IntentForwarder.Intent[](1);
        batch[0] = a;
    }

    function _batch(IntentForwarder.Intent memory a, IntentForwarder.Intent memory b)
        internal
        pure
        returns (IntentForwarder.Intent[] memory batch)
    {
        batch = new IntentForwarder.Intent[](2);
        batch[0] = a;
        batch[1] = b;
    }

    // ---- calldata builders (the same calls sent directly or signed as intents)

    function _requestData(address actor, address forPatient, uint64 categories, uint32 nonce)
        internal
        view
        returns (bytes memory)
    {
        return abi.encodeCall(
            ConsentRegistry.requestAccess,
            (actor, forPatient, categories, TREATMENT, MONTH, nonce, _deadline())
        );
    }

    function _approveData(address actor, address forPatient, address grantee, uint64 categories, uint32 nonce)
        internal
        view
        returns (bytes memory)
    {
        return abi.encodeCall(
            ConsentRegistry.approveAccess,
            (actor, forPatient, grantee, categories, uint40(block.timestamp + 7 days), nonce, _deadline())
        );
    }

    /// @dev Doctor requests lab+imaging from patient directly (nonce 0 → 1).
    function _request() internal {
        vm.prank(doctor);
        registry.requestAccess(doctor, patient, _mask(LAB, IMAGING), TREATMENT, MONTH, 0, _deadline());
    }

    /// @dev Request then approval of lab only for a week (nonce → 2).
    function _grantLab() internal {
        _request();
        vm.prank(patient);
        registry.approveAccess(
            patient, patient, doctor, _mask(LAB), uint40(block.timestamp + 7 days), 1, _deadline()
        );
    }
}
