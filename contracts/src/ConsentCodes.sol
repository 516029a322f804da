// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Codes shared by the registry, its tests and (through the generated TypeScript package) the clients
/// @notice Categories are bit positions in a uint64 mask; purposes follow HL7 v3 PurposeOfUse.
library ConsentCodes {
    // Credential roles.
    uint8 internal constant ROLE_DOCTOR = 1;
    uint8 internal constant ROLE_RESEARCHER = 2;

    // Record categories (bit positions). Keep in sync with contracts/ts/codes.ts, checked by its test.
    uint8 internal constant CATEGORY_LAB = 0;
    uint8 internal constant CATEGORY_IMAGING = 1;
    uint8 internal constant CATEGORY_MEDICATION = 2;
    uint8 internal constant CATEGORY_CONDITION = 3;
    uint8 internal constant CATEGORY_ALLERGY = 4;
    uint8 internal constant CATEGORY_IMMUNIZATION = 5;
    uint8 internal constant CATEGORY_PROCEDURE = 6;
    uint8 internal constant CATEGORY_VITALS = 7;
    uint8 internal constant CATEGORY_NOTE = 8;
    uint8 internal constant CATEGORY_ENCOUNTER = 9;
    uint8 internal constant CATEGORY_DOCUMENT = 10;
    uint8 internal constant CATEGORY_GENOMICS = 11;
    uint8 internal constant CATEGORY_MENTAL_HEALTH = 12;
    uint8 internal constant CATEGORY_OTHER = 13;
    uint8 internal constant CATEGORY_COUNT = 14;
    uint64 internal constant ALL_CATEGORIES = uint64((1 << CATEGORY_COUNT) - 1);

    // Purposes of use. Care purposes may be asked for by doctors; research purposes only through research consent.
    uint8 internal constant PURPOSE_TREATMENT = 0; // TREAT
    uint8 internal constant PURPOSE_EMERGENCY_TREATMENT = 1; // ETREAT
    uint8 internal constant PURPOSE_CARE_MANAGEMENT = 2; // CAREMGT
    uint8 internal constant PURPOSE_PATIENT_REQUESTED = 3; // PATRQT
    uint8 internal constant PURPOSE_RESEARCH = 4; // HRESCH
    uint8 internal constant PURPOSE_CLINICAL_TRIAL = 5; // CLINTRCH
    uint8 internal constant PURPOSE_PUBLIC_HEALTH = 6; // PUBHLTH
    uint8 internal constant PURPOSE_COUNT = 7;

    // Record status.
    uint8 internal constant RECORD_CURRENT = 0;
    uint8 internal constant RECORD_SUPERSEDED = 1;
    uint8 internal constant RECORD_REMOVED = 2;

    function isRole(uint8 role) internal pure returns (bool) {
        return role == ROLE_DOCTOR || role == ROLE_RESEARCHER;
    }

    function isCarePurpose(uint8 purpose) internal pure returns (bool) {
        return purpose < PURPOSE_RESEARCH;
    }

    function isResearchPurpose(uint8 purpose) internal pure returns (bool) {
        return purpose >= PURPOSE_RESEARCH && purpose < PURPOSE_COUNT;
    }
}
