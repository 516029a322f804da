// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ConsentRegistry} from "./ConsentRegistry.sol";

/// @title EIP-712 types of MediCrypt intents
/// @notice Each struct is named after its registry function (capitalised) and has exactly its parameters, so a
/// signed struct is the function call. The TypeScript package derives the same types from the generated ABI and
/// its test checks every type hash below against them on a live chain.
library IntentTypes {
    bytes32 internal constant ISSUE_CREDENTIAL = keccak256(
        "IssueCredential(address actor,address account,uint8 role,uint40 expiresAt,uint32 nonce,uint40 deadline)"
    );
    bytes32 internal constant REVOKE_CREDENTIAL =
        keccak256("RevokeCredential(address actor,address account,uint8 role,uint32 nonce,uint40 deadline)");
    bytes32 internal constant REGISTER_RECORD = keccak256(
        "RegisterRecord(address actor,address patient,bytes32 digest,uint32 codec,uint8 category,bool encrypted,uint40 deadline)"
    );
    bytes32 internal constant UPDATE_RECORD = keccak256(
        "UpdateRecord(address actor,address patient,bytes32 previousDigest,bytes32 digest,uint32 codec,uint8 category,bool encrypted,uint40 deadline)"
    );
    bytes32 internal constant REMOVE_RECORD =
        keccak256("RemoveRecord(address actor,address patient,bytes32 digest,uint40 deadline)");
    bytes32 internal constant REQUEST_ACCESS = keccak256(
        "RequestAccess(address actor,address patient,uint64 categories,uint8 purpose,uint32 duration,uint32 nonce,uint40 deadline)"
    );
    bytes32 internal constant APPROVE_ACCESS = keccak256(
        "ApproveAccess(address actor,address patient,address grantee,uint64 categories,uint40 expiresAt,uint32 nonce,uint40 deadline)"
    );
    bytes32 internal constant DENY_ACCESS =
        keccak256("DenyAccess(address actor,address patient,address grantee,uint32 nonce,uint40 deadline)");
    bytes32 internal constant REVOKE_ACCESS =
        keccak256("RevokeAccess(address actor,address patient,address grantee,uint32 nonce,uint40 deadline)");
    bytes32 internal constant OPEN_BREAK_GLASS = keccak256(
        "OpenBreakGlass(address actor,address patient,uint64 categories,uint32 duration,string reason,uint32 nonce,uint40 deadline)"
    );
    bytes32 internal constant SET_BREAK_GLASS_ALLOWED =
        keccak256("SetBreakGlassAllowed(address actor,address patient,bool allowed,uint32 nonce,uint40 deadline)");
    bytes32 internal constant APPOINT_DELEGATE =
        keccak256("AppointDelegate(address actor,address patient,address delegate,uint32 nonce,uint40 deadline)");
    bytes32 internal constant REVOKE_DELEGATE =
        keccak256("RevokeDelegate(address actor,address patient,address delegate,uint32 nonce,uint40 deadline)");
    bytes32 internal constant SET_RESEARCH_CONSENT = keccak256(
        "SetResearchConsent(address actor,address patient,uint8 purpose,uint64 categories,uint32 nonce,uint40 deadline)"
    );
    bytes32 internal constant REGISTER_STUDY = keccak256(
        "RegisterStudy(address actor,uint8 purpose,uint64 categories,uint40 endsAt,bytes32 protocolHash,uint40 deadline)"
    );
    bytes32 internal constant SET_STUDY_CONSENT = keccak256(
        "SetStudyConsent(address actor,address patient,bytes32 studyId,bool granted,uint32 nonce,uint40 deadline)"
    );

    /// @dev Bit i of `dynamicArgs` marks argument i as `string`/`bytes` (hashed by content in EIP-712).
    uint256 private constant BREAK_GLASS_REASON_ARG = 1 << 4;

    /// @notice The type hash, argument count and dynamic-argument mask of the intent behind `selector`;
    /// argCount 0 for a selector that is not an intent. Ordered by expected frequency.
    function specOf(bytes4 selector)
        internal
        pure
        returns (bytes32 typehash, uint256 argCount, uint256 dynamicArgs)
    {
        if (selector == ConsentRegistry.approveAccess.selector) return (APPROVE_ACCESS, 7, 0);
        if (selector == ConsentRegistry.requestAccess.selector) return (REQUEST_ACCESS, 7, 0);
        if (selector == ConsentRegistry.registerRecord.selector) return (REGISTER_RECORD, 7, 0);
        if (selector == ConsentRegistry.revokeAccess.selector) return (REVOKE_ACCESS, 5, 0);
        if (selector == ConsentRegistry.denyAccess.selector) return (DENY_ACCESS, 5, 0);
        if (selector == ConsentRegistry.updateRecord.selector) return (UPDATE_RECORD, 8, 0);
        if (selector == ConsentRegistry.removeRecord.selector) return (REMOVE_RECORD, 4, 0);
        if (selector == ConsentRegistry.openBreakGlass.selector) return (OPEN_BREAK_GLASS, 7, BREAK_GLASS_REASON_ARG);
        if (selector == ConsentRegistry.setBreakGlassAllowed.selector) return (SET_BREAK_GLASS_ALLOWED, 5, 0);
        if (selector == ConsentRegistry.setResearchConsent.selector) return (SET_RESEARCH_CONSENT, 6, 0);
        if (selector == ConsentRegistry.setStudyConsent.selector) return (SET_STUDY_CONSENT, 6, 0);
        if (selector == ConsentRegistry.appointDelegate.selector) return (APPOINT_DELEGATE, 5, 0);
        if (selector == ConsentRegistry.revokeDelegate.selector) return (REVOKE_DELEGATE, 5, 0);
        if (selector == ConsentRegistry.issueCredential.selector) return (ISSUE_CREDENTIAL, 6, 0);
        if (selector == ConsentRegistry.revokeCredential.selector) return (REVOKE_CREDENTIAL, 5, 0);
        if (selector == ConsentRegistry.registerStudy.selector) return (REGISTER_STUDY, 6, 0);
        return (bytes32(0), 0, 0);
    }
}
