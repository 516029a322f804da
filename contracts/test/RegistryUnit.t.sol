// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ConsentCodes} from "../src/ConsentCodes.sol";
import {ConsentRegistry} from "../src/ConsentRegistry.sol";
import {RegistryFixture} from "./support/RegistryFixture.sol";

/// @notice Every external function of ConsentRegistry, called directly by the actor, and every revert path.
contract RegistryUnitTest is RegistryFixture {
    bytes32 internal constant DIGEST = keccak256("record v1");
    bytes32 internal constant DIGEST_V2 = keccak256("record v2");

    // ================================================================ common checks

    function test_rejectsAnActorOtherThanTheSender() public {
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.ActorMismatch.selector, patient, doctor));
        registry.setBreakGlassAllowed(patient, patient, false, 0, _deadline());
    }

    function test_rejectsAnIntentPastItsDeadline() public {
        uint40 deadline = uint40(block.timestamp - 1);
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.IntentExpired.selector, deadline));
        registry.setBreakGlassAllowed(patient, patient, false, 0, deadline);
    }

    function test_acceptsAnIntentAtItsDeadlineSecond() public {
        vm.prank(patient);
        registry.setBreakGlassAllowed(patient, patient, false, 0, uint40(block.timestamp));
        assertTrue(registry.settingsOf(patient).breakGlassDisabled);
    }

    function test_rejectsAStaleNonce() public {
        _request();
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.StaleNonce.selector, 1, 0));
        registry.requestAccess(doctor, patient, _mask(LAB), TREATMENT, MONTH, 0, _deadline());
    }

    function test_rejectsTheCallDataOfAForwardedCallSentByAnyoneElse() public {
        // Appending an address only means something when the trusted forwarder sends the call.
        bytes memory spoofed = abi.encodePacked(
            abi.encodeCall(ConsentRegistry.setBreakGlassAllowed, (patient, patient, false, 0, _deadline())),
            patient
        );
        vm.prank(doctor);
        (bool ok, bytes memory reason) = address(registry).call(spoofed);
        assertFalse(ok);
        assertEq(reason, abi.encodeWithSelector(ConsentRegistry.ActorMismatch.selector, patient, doctor));
    }

    // ================================================================ credentials

    function test_issueCredential_makesTheAccountCredentialedUntilExpiry() public {
        address nurse = makeAddr("nurse");
        vm.expectEmit(address(registry));
        emit ConsentRegistry.CredentialIssued(nurse, DOCTOR, issuer, START + 10 days, 1);
        vm.prank(issuer);
        registry.issueCredential(issuer, nurse, DOCTOR, START + 10 days, 0, _deadline());
        assertTrue(registry.isCredentialed(nurse, DOCTOR));
        assertFalse(registry.isCredentialed(nurse, RESEARCHER));
        vm.warp(START + 10 days);
        assertFalse(registry.isCredentialed(nurse, DOCTOR));
    }

    function test_issueCredential_renewsWithTheNextNonce() public {
        vm.prank(issuer);
        registry.issueCredential(issuer, doctor, DOCTOR, START + 2 * YEAR, 1, _deadline());
        ConsentRegistry.Credential memory credential = registry.credentialOf(doctor, DOCTOR);
        assertEq(credential.expiresAt, START + 2 * YEAR);
        assertEq(credential.nonce, 2);
    }

    function test_issueCredential_revertsForANonIssuer() public {
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.NotIssuer.selector, doctor));
        registry.issueCredential(doctor, patient, DOCTOR, START + YEAR, 0, _deadline());
    }

    function test_issueCredential_revertsForAnUnknownRole() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidRole.selector, 3));
        registry.issueCredential(issuer, patient, 3, START + YEAR, 0, _deadline());
    }

    function test_issueCredential_revertsForAnExpiryInThePast() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidExpiry.selector, START));
        registry.issueCredential(issuer, patient, DOCTOR, START, 0, _deadline());
    }

    function test_revokeCredential_endsTheCredentialAndItsAccess() public {
        _grantLab();
        vm.expectEmit(address(registry));
        emit ConsentRegistry.CredentialRevoked(doctor, DOCTOR, issuer, 2);
        vm.prank(issuer);
        registry.revokeCredential(issuer, doctor, DOCTOR, 1, _deadline());
        assertFalse(registry.isCredentialed(doctor, DOCTOR));
        assertFalse(registry.hasAccess(patient, doctor, LAB));
    }

    function test_revokeCredential_revertsWhenThereIsNone() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.MissingCredential.selector, patient, DOCTOR));
        registry.revokeCredential(issuer, patient, DOCTOR, 0, _deadline());
    }

    function test_revokeCredential_revertsForANonIssuerAndAnUnknownRole() public {
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.NotIssuer.selector, patient));
        registry.revokeCredential(patient, doctor, DOCTOR, 1, _deadline());
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidRole.selector, 0));
        registry.revokeCredential(issuer, doctor, 0, 1, _deadline());
    }

    function test_credentialsOfAnIssuerWhoLostTheRoleAreInvalid() public {
        bytes32 role = registry.ISSUER_ROLE();
        vm.prank(admin);
        registry.revokeRole(role, issuer);
        assertFalse(registry.isCredentialed(doctor, DOCTOR));
    }

    function test_onlyTheAdminManagesIssuers() public {
        bytes32 role = registry.ISSUER_ROLE();
        bytes32 adminRole = registry.DEFAULT_ADMIN_ROLE();
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, issuer, adminRole
            )
        );
        registry.grantRole(role, doctor);
    }

    // ================================================================ records

    function test_registerRecord_storesTheRecord() public {
        vm.expectEmit(address(registry));
        emit ConsentRegistry.RecordRegistered(patient, DIGEST, RAW_CODEC, LAB, true, patient);
        vm.prank(patient);
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        ConsentRegistry.Record memory record = registry.recordOf(patient, DIGEST);
        assertEq(record.codec, RAW_CODEC);
        assertEq(record.category, LAB);
        assertTrue(record.encrypted);
        assertEq(record.status, ConsentCodes.RECORD_CURRENT);
        assertEq(record.createdAt, START);
        assertEq(record.version, 1);
    }

    function test_registerRecord_revertsForADigestAlreadyRegistered() public {
        vm.startPrank(patient);
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.RecordExists.selector, patient, DIGEST));
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        vm.stopPrank();
    }

    function test_registerRecord_revertsForAnUnknownCategory() public {
        uint8 unknown = ConsentCodes.CATEGORY_COUNT;
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidCategory.selector, unknown));
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, unknown, true, _deadline());
    }

    function test_registerRecord_revertsForSomeoneElse() public {
        vm.prank(doctor);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.NotPatientOrDelegate.selector, doctor, patient)
        );
        registry.registerRecord(doctor, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
    }

    function test_updateRecord_linksANewVersionAndSupersedesTheOld() public {
        vm.startPrank(patient);
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        vm.expectEmit(address(registry));
        emit ConsentRegistry.RecordUpdated(patient, DIGEST_V2, DIGEST, 2, RAW_CODEC, IMAGING, true, patient);
        registry.updateRecord(patient, patient, DIGEST, DIGEST_V2, RAW_CODEC, IMAGING, true, _deadline());
        vm.stopPrank();
        assertEq(registry.recordOf(patient, DIGEST).status, ConsentCodes.RECORD_SUPERSEDED);
        assertEq(registry.recordOf(patient, DIGEST_V2).version, 2);
    }

    function test_updateRecord_revertsForASupersededOrUnknownVersion() public {
        vm.startPrank(patient);
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        registry.updateRecord(patient, patient, DIGEST, DIGEST_V2, RAW_CODEC, LAB, true, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.RecordNotCurrent.selector, patient, DIGEST));
        registry.updateRecord(patient, patient, DIGEST, keccak256("v3"), RAW_CODEC, LAB, true, _deadline());
        bytes32 unknown = keccak256("unknown");
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.RecordNotCurrent.selector, patient, unknown));
        registry.updateRecord(patient, patient, unknown, keccak256("v4"), RAW_CODEC, LAB, true, _deadline());
        vm.stopPrank();
    }

    function test_updateRecord_revertsWhenTheNewDigestExists() public {
        vm.startPrank(patient);
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        registry.registerRecord(patient, patient, DIGEST_V2, RAW_CODEC, LAB, true, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.RecordExists.selector, patient, DIGEST_V2));
        registry.updateRecord(patient, patient, DIGEST, DIGEST_V2, RAW_CODEC, LAB, true, _deadline());
        vm.stopPrank();
    }

    function test_removeRecord_marksItRemovedAndEndsRecordAccess() public {
        _grantLab();
        vm.startPrank(patient);
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        assertTrue(registry.hasRecordAccess(patient, doctor, DIGEST));
        vm.expectEmit(address(registry));
        emit ConsentRegistry.RecordRemoved(patient, DIGEST, patient);
        registry.removeRecord(patient, patient, DIGEST, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.RecordNotCurrent.selector, patient, DIGEST));
        registry.removeRecord(patient, patient, DIGEST, _deadline());
        vm.stopPrank();
        assertEq(registry.recordOf(patient, DIGEST).status, ConsentCodes.RECORD_REMOVED);
        assertFalse(registry.hasRecordAccess(patient, doctor, DIGEST));
    }

    function test_hasRecordAccess_coversOlderVersionsAndNotUnknownRecords() public {
        _grantLab();
        vm.startPrank(patient);
        registry.registerRecord(patient, patient, DIGEST, RAW_CODEC, LAB, true, _deadline());
        registry.updateRecord(patient, patient, DIGEST, DIGEST_V2, RAW_CODEC, LAB, true, _deadline());
        vm.stopPrank();
        assertTrue(registry.hasRecordAccess(patient, doctor, DIGEST));
        assertTrue(registry.hasRecordAccess(patient, doctor, DIGEST_V2));
        assertFalse(registry.hasRecordAccess(patient, doctor, keccak256("unknown")));
    }

    // ================================================================ requests and decisions

    function test_requestAccess_storesAPendingRequest() public {
        vm.expectEmit(address(registry));
        emit ConsentRegistry.AccessRequested(patient, doctor, _mask(LAB, IMAGING), TREATMENT, MONTH, 1);
        _request();
        ConsentRegistry.Consent memory consent = registry.consentOf(patient, doctor);
        assertTrue(consent.pending);
        assertEq(consent.requested, _mask(LAB, IMAGING));
        assertEq(consent.requestedDuration, MONTH);
        assertEq(consent.nonce, 1);
        assertFalse(registry.hasAccess(patient, doctor, LAB));
    }

    function test_requestAccess_revertsWithoutADoctorCredential() public {
        vm.prank(researcher);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.MissingCredential.selector, researcher, DOCTOR)
        );
        registry.requestAccess(researcher, patient, _mask(LAB), TREATMENT, MONTH, 0, _deadline());
    }

    function test_requestAccess_revertsWithAnExpiredCredential() public {
        vm.warp(START + YEAR);
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.MissingCredential.selector, doctor, DOCTOR));
        registry.requestAccess(doctor, patient, _mask(LAB), TREATMENT, MONTH, 0, _deadline());
    }

    function test_requestAccess_revertsForEmptyOrUnknownCategories() public {
        vm.startPrank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidCategories.selector, 0));
        registry.requestAccess(doctor, patient, 0, TREATMENT, MONTH, 0, _deadline());
        uint64 unknown = uint64(1) << ConsentCodes.CATEGORY_COUNT;
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidCategories.selector, unknown));
        registry.requestAccess(doctor, patient, unknown, TREATMENT, MONTH, 0, _deadline());
        vm.stopPrank();
    }

    function test_requestAccess_revertsForAResearchPurpose() public {
        uint8 research = ConsentCodes.PURPOSE_RESEARCH;
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidPurpose.selector, research));
        registry.requestAccess(doctor, patient, _mask(LAB), research, MONTH, 0, _deadline());
    }

    function test_requestAccess_revertsForAZeroOrTooLongDuration() public {
        uint32 tooLong = registry.MAX_GRANT_DURATION() + 1;
        vm.startPrank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidDuration.selector, 0));
        registry.requestAccess(doctor, patient, _mask(LAB), TREATMENT, 0, 0, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidDuration.selector, tooLong));
        registry.requestAccess(doctor, patient, _mask(LAB), TREATMENT, tooLong, 0, _deadline());
        vm.stopPrank();
    }

    function test_approveAccess_grantsANarrowedSetForAShorterTime() public {
        _request();
        uint40 expiresAt = uint40(block.timestamp + 7 days);
        vm.expectEmit(address(registry));
        emit ConsentRegistry.AccessApproved(patient, doctor, _mask(LAB), expiresAt, patient, 2);
        vm.prank(patient);
        registry.approveAccess(patient, patient, doctor, _mask(LAB), expiresAt, 1, _deadline());
        assertTrue(registry.hasAccess(patient, doctor, LAB));
        assertFalse(registry.hasAccess(patient, doctor, IMAGING));
        assertFalse(registry.consentOf(patient, doctor).pending);
    }

    function test_approveAccess_grantExpires() public {
        _grantLab();
        vm.warp(block.timestamp + 7 days);
        assertFalse(registry.hasAccess(patient, doctor, LAB));
    }

    function test_approveAccess_revertsWithoutAPendingRequest() public {
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.NoPendingRequest.selector, patient, doctor));
        registry.approveAccess(
            patient, patient, doctor, _mask(LAB), uint40(block.timestamp + 1 days), 0, _deadline()
        );
    }

    function test_approveAccess_revertsForCategoriesNotRequestedOrNone() public {
        _request();
        vm.startPrank(patient);
        uint64 wider = _mask(LAB, MEDICATION);
        vm.expectRevert(
            abi.encodeWithSelector(
                ConsentRegistry.CategoriesNotRequested.selector, _mask(LAB, IMAGING), wider
            )
        );
        registry.approveAccess(
            patient, patient, doctor, wider, uint40(block.timestamp + 1 days), 1, _deadline()
        );
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.CategoriesNotRequested.selector, _mask(LAB, IMAGING), 0)
        );
        registry.approveAccess(patient, patient, doctor, 0, uint40(block.timestamp + 1 days), 1, _deadline());
        vm.stopPrank();
    }

    function test_approveAccess_revertsForAnExpiryPastTheRequestedDurationOrNow() public {
        _request();
        uint40 tooLate = uint40(block.timestamp + MONTH + 1);
        vm.startPrank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidExpiry.selector, tooLate));
        registry.approveAccess(patient, patient, doctor, _mask(LAB), tooLate, 1, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidExpiry.selector, START));
        registry.approveAccess(patient, patient, doctor, _mask(LAB), START, 1, _deadline());
        vm.stopPrank();
    }

    function test_approveAccess_revertsForAStranger() public {
        _request();
        vm.prank(researcher);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.NotPatientOrDelegate.selector, researcher, patient)
        );
        registry.approveAccess(
            researcher, patient, doctor, _mask(LAB), uint40(block.timestamp + 1 days), 1, _deadline()
        );
    }

    function test_denyAccess_settlesTheRequestWithoutAccess() public {
        _request();
        vm.expectEmit(address(registry));
        emit ConsentRegistry.AccessDenied(patient, doctor, patient, 2);
        vm.prank(patient);
        registry.denyAccess(patient, patient, doctor, 1, _deadline());
        assertFalse(registry.consentOf(patient, doctor).pending);
        assertFalse(registry.hasAccess(patient, doctor, LAB));
    }

    function test_denyAccess_keepsAnEarlierGrant() public {
        _grantLab();
        vm.prank(doctor);
        registry.requestAccess(doctor, patient, _mask(IMAGING), TREATMENT, MONTH, 2, _deadline());
        vm.prank(patient);
        registry.denyAccess(patient, patient, doctor, 3, _deadline());
        assertTrue(registry.hasAccess(patient, doctor, LAB));
        assertFalse(registry.hasAccess(patient, doctor, IMAGING));
    }

    function test_denyAccess_revertsWithoutAPendingRequest() public {
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.NoPendingRequest.selector, patient, doctor));
        registry.denyAccess(patient, patient, doctor, 0, _deadline());
    }

    function test_revokeAccess_endsAccessAtOnce() public {
        _grantLab();
        vm.expectEmit(address(registry));
        emit ConsentRegistry.AccessRevoked(patient, doctor, patient, 3);
        vm.prank(patient);
        registry.revokeAccess(patient, patient, doctor, 2, _deadline());
        assertFalse(registry.hasAccess(patient, doctor, LAB));
    }

    function test_revokeAccess_revertsWhenNothingIsActive() public {
        _request();
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.NothingToRevoke.selector, patient, doctor));
        registry.revokeAccess(patient, patient, doctor, 1, _deadline());
    }

    // ================================================================ break-glass

    function _openBreakGlass(uint32 duration) internal {
        vm.prank(doctor);
        registry.openBreakGlass(
            doctor, patient, _mask(LAB, MEDICATION), duration, "unconscious on arrival", 0, _deadline()
        );
    }

    function test_openBreakGlass_opensTimeBoxedAccessAndTellsThePatient() public {
        vm.expectEmit(address(registry));
        emit ConsentRegistry.BreakGlassOpened(
            patient, doctor, _mask(LAB, MEDICATION), uint40(START + 4 hours), "unconscious on arrival", 1
        );
        _openBreakGlass(4 hours);
        assertTrue(registry.hasAccess(patient, doctor, MEDICATION));
        assertFalse(registry.hasAccess(patient, doctor, IMAGING));
        vm.warp(START + 4 hours);
        assertFalse(registry.hasAccess(patient, doctor, MEDICATION));
    }

    function test_openBreakGlass_revertsPast24Hours() public {
        uint32 tooLong = registry.MAX_BREAK_GLASS_DURATION() + 1;
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidDuration.selector, tooLong));
        registry.openBreakGlass(doctor, patient, _mask(LAB), tooLong, "reason", 0, _deadline());
    }

    function test_openBreakGlass_revertsWithoutAReason() public {
        vm.prank(doctor);
        vm.expectRevert(ConsentRegistry.EmptyReason.selector);
        registry.openBreakGlass(doctor, patient, _mask(LAB), 1 hours, "", 0, _deadline());
    }

    function test_openBreakGlass_revertsWhenThePatientSwitchedItOff() public {
        vm.expectEmit(address(registry));
        emit ConsentRegistry.BreakGlassSettingChanged(patient, false, patient, 1);
        vm.prank(patient);
        registry.setBreakGlassAllowed(patient, patient, false, 0, _deadline());
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.BreakGlassDisabled.selector, patient));
        registry.openBreakGlass(doctor, patient, _mask(LAB), 1 hours, "reason", 0, _deadline());
    }

    function test_openBreakGlass_revertsWithoutACredentialOrCategories() public {
        vm.prank(researcher);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.MissingCredential.selector, researcher, DOCTOR)
        );
        registry.openBreakGlass(researcher, patient, _mask(LAB), 1 hours, "reason", 0, _deadline());
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidCategories.selector, 0));
        registry.openBreakGlass(doctor, patient, 0, 1 hours, "reason", 0, _deadline());
    }

    function test_revokeAccess_endsBreakGlassAccess() public {
        _openBreakGlass(4 hours);
        vm.prank(patient);
        registry.revokeAccess(patient, patient, doctor, 0, _deadline());
        assertFalse(registry.hasAccess(patient, doctor, LAB));
        assertEq(registry.breakGlassOf(patient, doctor).expiresAt, 0);
    }

    function test_setBreakGlassAllowed_canSwitchBackOn() public {
        vm.startPrank(patient);
        registry.setBreakGlassAllowed(patient, patient, false, 0, _deadline());
        registry.setBreakGlassAllowed(patient, patient, true, 1, _deadline());
        vm.stopPrank();
        _openBreakGlass(1 hours);
        assertTrue(registry.hasAccess(patient, doctor, LAB));
    }

    // ================================================================ delegates

    function _appoint() internal {
        vm.prank(patient);
        registry.appointDelegate(patient, patient, delegate, 0, _deadline());
    }

    function test_appointDelegate_letsTheDelegateDecide() public {
        vm.expectEmit(address(registry));
        emit ConsentRegistry.DelegateAppointed(patient, delegate, 1);
        _appoint();
        assertTrue(registry.isDelegate(patient, delegate));
        _request();
        vm.prank(delegate);
        registry.approveAccess(
            delegate, patient, doctor, _mask(LAB), uint40(block.timestamp + 1 days), 1, _deadline()
        );
        assertTrue(registry.hasAccess(patient, doctor, LAB));
    }

    function test_appointDelegate_isForThePatientOnly() public {
        _appoint();
        address other = makeAddr("other");
        vm.prank(delegate);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.NotPatientOrDelegate.selector, delegate, patient)
        );
        registry.appointDelegate(delegate, patient, other, 0, _deadline());
    }

    function test_appointDelegate_revertsForZeroTheSelfOrTwice() public {
        vm.startPrank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidDelegate.selector, address(0)));
        registry.appointDelegate(patient, patient, address(0), 0, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidDelegate.selector, patient));
        registry.appointDelegate(patient, patient, patient, 0, _deadline());
        registry.appointDelegate(patient, patient, delegate, 0, _deadline());
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.DelegationUnchanged.selector, patient, delegate)
        );
        registry.appointDelegate(patient, patient, delegate, 1, _deadline());
        vm.stopPrank();
    }

    function test_revokeDelegate_endsTheDelegatesAuthority() public {
        _appoint();
        vm.expectEmit(address(registry));
        emit ConsentRegistry.DelegateRevoked(patient, delegate, 2);
        vm.prank(patient);
        registry.revokeDelegate(patient, patient, delegate, 1, _deadline());
        assertFalse(registry.isDelegate(patient, delegate));
        _request();
        vm.prank(delegate);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.NotPatientOrDelegate.selector, delegate, patient)
        );
        registry.denyAccess(delegate, patient, doctor, 1, _deadline());
    }

    function test_revokeDelegate_revertsForANonDelegate() public {
        vm.prank(patient);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.DelegationUnchanged.selector, patient, delegate)
        );
        registry.revokeDelegate(patient, patient, delegate, 0, _deadline());
    }

    // ================================================================ research consent

    function test_setResearchConsent_recordsConsentPerPurposeAndCategory() public {
        uint8 research = ConsentCodes.PURPOSE_RESEARCH;
        vm.expectEmit(address(registry));
        emit ConsentRegistry.ResearchConsentChanged(patient, research, _mask(LAB, MEDICATION), patient, 1);
        vm.prank(patient);
        registry.setResearchConsent(patient, patient, research, _mask(LAB, MEDICATION), 0, _deadline());
        assertTrue(registry.hasResearchConsent(patient, research, LAB));
        assertFalse(registry.hasResearchConsent(patient, research, IMAGING));
        assertFalse(registry.hasResearchConsent(patient, ConsentCodes.PURPOSE_CLINICAL_TRIAL, LAB));
        assertFalse(registry.hasResearchConsent(patient, research, ConsentCodes.CATEGORY_COUNT));
        assertEq(registry.researchConsentOf(patient, research).nonce, 1);
    }

    function test_setResearchConsent_optsOutWithZero() public {
        uint8 research = ConsentCodes.PURPOSE_RESEARCH;
        vm.startPrank(patient);
        registry.setResearchConsent(patient, patient, research, _mask(LAB), 0, _deadline());
        registry.setResearchConsent(patient, patient, research, 0, 1, _deadline());
        vm.stopPrank();
        assertFalse(registry.hasResearchConsent(patient, research, LAB));
    }

    function test_setResearchConsent_revertsForACarePurposeOrUnknownCategories() public {
        uint64 unknown = uint64(1) << ConsentCodes.CATEGORY_COUNT;
        vm.startPrank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidPurpose.selector, TREATMENT));
        registry.setResearchConsent(patient, patient, TREATMENT, _mask(LAB), 0, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidCategories.selector, unknown));
        registry.setResearchConsent(patient, patient, ConsentCodes.PURPOSE_RESEARCH, unknown, 0, _deadline());
        vm.stopPrank();
    }

    function test_researchersNeverGetGrants() public {
        vm.prank(researcher);
        vm.expectRevert(
            abi.encodeWithSelector(ConsentRegistry.MissingCredential.selector, researcher, DOCTOR)
        );
        registry.requestAccess(researcher, patient, _mask(LAB), TREATMENT, MONTH, 0, _deadline());
        assertFalse(registry.hasAccess(patient, researcher, LAB));
    }

    // ================================================================ views

    function test_hasAccess_isFalseForAnUnknownCategory() public {
        _grantLab();
        assertFalse(registry.hasAccess(patient, doctor, ConsentCodes.CATEGORY_COUNT));
    }

    function test_views_reportTheTrustedForwarderAndDelegations() public view {
        assertTrue(registry.isTrustedForwarder(address(forwarder)));
        assertEq(registry.delegationOf(patient, delegate).nonce, 0);
        assertFalse(registry.delegationOf(patient, delegate).active);
    }
}
