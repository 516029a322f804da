// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ConsentCodes} from "../src/ConsentCodes.sol";
import {ConsentRegistry} from "../src/ConsentRegistry.sol";
import {IntentForwarder} from "../src/IntentForwarder.sol";
import {RegistryFixture} from "./support/RegistryFixture.sol";

/// @notice Research studies: registration by credentialed researchers, per-study consent, and `hasStudyConsent`.
contract RegistryStudiesTest is RegistryFixture {
    uint8 internal constant RESEARCH = ConsentCodes.PURPOSE_RESEARCH;
    bytes32 internal constant PROTOCOL = keccak256("protocol: HbA1c and LDL in adults, ethics board ref EB-2026-17");

    function _studyId() internal view returns (bytes32) {
        return keccak256(abi.encode(researcher, PROTOCOL));
    }

    function _register() internal returns (bytes32 studyId) {
        vm.prank(researcher);
        registry.registerStudy(researcher, RESEARCH, _mask(LAB, MEDICATION), START + YEAR, PROTOCOL, _deadline());
        return _studyId();
    }

    function _consent(bool granted, uint32 nonce) internal {
        vm.prank(patient);
        registry.setStudyConsent(patient, patient, _studyId(), granted, nonce, _deadline());
    }

    function test_registerStudy_storesItUnderItsDerivedId() public {
        vm.expectEmit(address(registry));
        emit ConsentRegistry.StudyRegistered(_studyId(), researcher, RESEARCH, _mask(LAB, MEDICATION), START + YEAR, PROTOCOL);
        bytes32 studyId = _register();
        ConsentRegistry.Study memory study = registry.studyOf(studyId);
        assertEq(study.researcher, researcher);
        assertEq(study.purpose, RESEARCH);
        assertEq(study.categories, _mask(LAB, MEDICATION));
        assertEq(study.endsAt, START + YEAR);
        assertEq(study.protocolHash, PROTOCOL);
    }

    function test_registerStudy_revertsForTheSameProtocolTwice() public {
        _register();
        vm.prank(researcher);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.StudyExists.selector, _studyId()));
        registry.registerStudy(researcher, RESEARCH, _mask(LAB), START + YEAR, PROTOCOL, _deadline());
    }

    function test_registerStudy_needsAResearcherCredential() public {
        vm.prank(doctor);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.MissingCredential.selector, doctor, RESEARCHER));
        registry.registerStudy(doctor, RESEARCH, _mask(LAB), START + YEAR, PROTOCOL, _deadline());
    }

    function test_registerStudy_revertsForACarePurposeNoCategoriesOrABadEnd() public {
        vm.startPrank(researcher);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidPurpose.selector, TREATMENT));
        registry.registerStudy(researcher, TREATMENT, _mask(LAB), START + YEAR, PROTOCOL, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidCategories.selector, 0));
        registry.registerStudy(researcher, RESEARCH, 0, START + YEAR, PROTOCOL, _deadline());
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidExpiry.selector, START));
        registry.registerStudy(researcher, RESEARCH, _mask(LAB), START, PROTOCOL, _deadline());
        uint40 tooLate = START + registry.MAX_STUDY_DURATION() + 1;
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.InvalidExpiry.selector, tooLate));
        registry.registerStudy(researcher, RESEARCH, _mask(LAB), tooLate, PROTOCOL, _deadline());
        vm.stopPrank();
    }

    function test_setStudyConsent_grantsTheStudysCategoriesOnlyUntilWithdrawn() public {
        bytes32 studyId = _register();
        assertFalse(registry.hasStudyConsent(patient, studyId, LAB));
        vm.expectEmit(address(registry));
        emit ConsentRegistry.StudyConsentChanged(patient, studyId, true, patient, 1);
        _consent(true, 0);
        assertTrue(registry.hasStudyConsent(patient, studyId, LAB));
        assertTrue(registry.hasStudyConsent(patient, studyId, MEDICATION));
        assertFalse(registry.hasStudyConsent(patient, studyId, IMAGING));
        assertFalse(registry.hasStudyConsent(patient, studyId, ConsentCodes.CATEGORY_COUNT));
        _consent(false, 1);
        assertFalse(registry.hasStudyConsent(patient, studyId, LAB));
        assertEq(registry.studyConsentOf(patient, studyId).nonce, 2);
    }

    function test_setStudyConsent_endsWithTheStudyAndTheResearchersCredential() public {
        bytes32 studyId = _register();
        _consent(true, 0);
        vm.prank(issuer);
        registry.revokeCredential(issuer, researcher, RESEARCHER, 1, _deadline());
        assertFalse(registry.hasStudyConsent(patient, studyId, LAB));
        vm.prank(issuer);
        registry.issueCredential(issuer, researcher, RESEARCHER, START + 2 * YEAR, 2, _deadline());
        assertTrue(registry.hasStudyConsent(patient, studyId, LAB));
        vm.warp(START + YEAR);
        assertFalse(registry.hasStudyConsent(patient, studyId, LAB));
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.StudyEnded.selector, studyId));
        registry.setStudyConsent(patient, patient, studyId, true, 1, _deadline());
        // Withdrawing still works after the end.
        _consent(false, 1);
    }

    function test_setStudyConsent_revertsForAnUnknownStudyAStaleNonceOrAStranger() public {
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.UnknownStudy.selector, _studyId()));
        registry.setStudyConsent(patient, patient, _studyId(), true, 0, _deadline());
        _register();
        _consent(true, 0);
        vm.prank(patient);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.StaleNonce.selector, 1, 0));
        registry.setStudyConsent(patient, patient, _studyId(), false, 0, _deadline());
        vm.prank(researcher);
        vm.expectRevert(abi.encodeWithSelector(ConsentRegistry.NotPatientOrDelegate.selector, researcher, patient));
        registry.setStudyConsent(researcher, patient, _studyId(), true, 1, _deadline());
    }

    function test_studyIntents_travelThroughTheForwarderAsSignedMessages() public {
        bytes memory register = abi.encodeCall(
            ConsentRegistry.registerStudy, (researcher, RESEARCH, _mask(LAB), START + YEAR, PROTOCOL, _deadline())
        );
        bytes memory consent =
            abi.encodeCall(ConsentRegistry.setStudyConsent, (patient, patient, _studyId(), true, 0, _deadline()));
        forwarder.executeBatch(_batch(_intent(researcherKey, register), _intent(patientKey, consent)));
        assertTrue(registry.hasStudyConsent(patient, _studyId(), LAB));
    }
}
