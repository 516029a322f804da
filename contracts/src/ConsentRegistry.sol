// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ConsentCodes} from "./ConsentCodes.sol";

/// @title MediCrypt consent and record registry
/// @notice Patients register encrypted record CIDs, credentialed doctors request access, patients (or their
/// delegates) approve, deny and revoke; `hasAccess` is the single truth that key release is gated on.
/// @dev Every state-changing function takes the acting account as its first argument (`actor`) and a
/// `deadline` as its last, so its ABI parameters are exactly the fields of the EIP-712 struct that the
/// IntentForwarder verifies. Calls arrive either directly from `actor` (who pays gas) or through the trusted
/// ERC-2771 forwarder, which appends the verified signer. Replay protection lives in the storage slot each
/// action changes: a `nonce` field that the intent must name and the action bumps. There is no per-signer
/// nonce, so a signer's intents on different objects never block each other.
contract ConsentRegistry is ERC2771Context, AccessControl {
    // ---------------------------------------------------------------- roles and limits

    /// @notice Role of accounts that issue doctor and researcher credentials (licensing bodies, hospitals).
    bytes32 public constant ISSUER_ROLE = keccak256("medicrypt.issuer");

    /// @notice Longest time a doctor may ask access for.
    uint32 public constant MAX_GRANT_DURATION = 365 days;
    /// @notice Longest emergency (break-glass) access.
    uint32 public constant MAX_BREAK_GLASS_DURATION = 24 hours;
    /// @notice Longest a research study may run for.
    uint32 public constant MAX_STUDY_DURATION = 5 * 365 days;

    // ---------------------------------------------------------------- storage

    /// @dev One slot per (patient, grantee) pair: the pending request and the active grant side by side.
    struct Consent {
        uint64 granted; // category bitmask of the active grant
        uint40 expiresAt; // end of the active grant (0: none)
        uint64 requested; // category bitmask of the pending request
        uint32 requestedDuration; // seconds asked for
        uint8 purpose; // purpose of use of the pending request / the grant
        bool pending; // a request waits for the patient's decision
        uint32 nonce; // version of this slot; every action on the pair names it and bumps it
    }

    /// @dev Emergency access of one doctor to one patient.
    struct BreakGlass {
        uint64 categories;
        uint40 expiresAt;
        uint32 nonce;
    }

    /// @dev A doctor or researcher credential.
    struct Credential {
        address issuer;
        uint40 expiresAt; // 0: never issued or revoked
        uint32 nonce;
    }

    /// @dev A record version. The CID is CIDv1(codec, sha2-256 multihash of the mapping key).
    struct Record {
        uint32 codec; // multicodec of the CID (0x55 raw, 0x70 dag-pb, ...)
        uint8 category;
        bool encrypted;
        uint8 status; // RecordStatus
        uint40 createdAt;
        uint32 version; // 1 for a new record, previous + 1 for an update
    }

    /// @dev A patient's delegate (guardian, caregiver).
    struct Delegation {
        bool active;
        uint32 nonce;
    }

    /// @dev A patient's own settings.
    struct PatientSettings {
        bool breakGlassDisabled;
        uint32 nonce;
    }

    /// @dev Research use a patient allows for one purpose.
    struct ResearchConsent {
        uint64 categories;
        uint32 nonce;
    }

    /// @dev A research study. Its protocol (title, inclusion criteria, ethics approval...) lives off chain; the
    /// hash binds the study to it. The id is keccak256(abi.encode(researcher, protocolHash)).
    struct Study {
        address researcher;
        uint8 purpose; // a research purpose of use
        uint64 categories; // categories the study needs
        uint40 endsAt; // no consent applies after this
        bytes32 protocolHash;
    }

    /// @dev A patient's consent to one study.
    struct StudyConsent {
        bool granted;
        uint32 nonce;
    }

    mapping(address patient => mapping(address grantee => Consent)) private _consents;
    mapping(address patient => mapping(address doctor => BreakGlass)) private _breakGlass;
    mapping(address account => mapping(uint8 role => Credential)) private _credentials;
    mapping(address patient => mapping(bytes32 digest => Record)) private _records;
    mapping(address patient => mapping(address delegate => Delegation)) private _delegations;
    mapping(address patient => PatientSettings) private _settings;
    mapping(address patient => mapping(uint8 purpose => ResearchConsent)) private _research;
    mapping(bytes32 studyId => Study) private _studies;
    mapping(address patient => mapping(bytes32 studyId => StudyConsent)) private _studyConsents;

    // ---------------------------------------------------------------- events

    /// @notice An issuer gave `account` the credential `role` until `expiresAt`.
    event CredentialIssued(
        address indexed account, uint8 indexed role, address indexed issuer, uint40 expiresAt, uint32 nonce
    );
    /// @notice An issuer revoked `account`'s credential `role`.
    event CredentialRevoked(address indexed account, uint8 indexed role, address indexed issuer, uint32 nonce);
    /// @notice A patient registered a new record.
    event RecordRegistered(
        address indexed patient, bytes32 indexed digest, uint32 codec, uint8 category, bool encrypted, address actor
    );
    /// @notice A patient replaced `previousDigest` with a new version `digest`.
    event RecordUpdated(
        address indexed patient,
        bytes32 indexed digest,
        bytes32 indexed previousDigest,
        uint32 version,
        uint32 codec,
        uint8 category,
        bool encrypted,
        address actor
    );
    /// @notice A patient removed a record; its content should be unpinned.
    event RecordRemoved(address indexed patient, bytes32 indexed digest, address actor);
    /// @notice A doctor asked a patient for access. The request is identified by (patient, doctor, nonce).
    event AccessRequested(
        address indexed patient, address indexed doctor, uint64 categories, uint8 purpose, uint32 duration, uint32 nonce
    );
    /// @notice The patient (or `actor`, their delegate) granted `grantee` access to `categories` until `expiresAt`.
    event AccessApproved(
        address indexed patient, address indexed grantee, uint64 categories, uint40 expiresAt, address actor, uint32 nonce
    );
    /// @notice The patient (or delegate) denied `grantee`'s pending request.
    event AccessDenied(address indexed patient, address indexed grantee, address actor, uint32 nonce);
    /// @notice The patient (or delegate) ended `grantee`'s access, including any break-glass access.
    event AccessRevoked(address indexed patient, address indexed grantee, address actor, uint32 nonce);
    /// @notice A doctor opened emergency access; the patient must be told at once.
    event BreakGlassOpened(
        address indexed patient, address indexed doctor, uint64 categories, uint40 expiresAt, string reason, uint32 nonce
    );
    /// @notice The patient allowed or forbade break-glass access.
    event BreakGlassSettingChanged(address indexed patient, bool allowed, address actor, uint32 nonce);
    /// @notice The patient appointed a delegate who may decide on their behalf.
    event DelegateAppointed(address indexed patient, address indexed delegate, uint32 nonce);
    /// @notice The patient revoked a delegate.
    event DelegateRevoked(address indexed patient, address indexed delegate, uint32 nonce);
    /// @notice The patient set which categories may be used for research `purpose`.
    event ResearchConsentChanged(
        address indexed patient, uint8 indexed purpose, uint64 categories, address actor, uint32 nonce
    );

    /// @notice A credentialed researcher registered a study.
    event StudyRegistered(
        bytes32 indexed studyId,
        address indexed researcher,
        uint8 purpose,
        uint64 categories,
        uint40 endsAt,
        bytes32 protocolHash
    );
    /// @notice The patient (or `actor`, their delegate) gave or withdrew consent to a study.
    event StudyConsentChanged(
        address indexed patient, bytes32 indexed studyId, bool granted, address actor, uint32 nonce
    );

    // ---------------------------------------------------------------- errors

    /// @notice `actor` is not the account that sent (or signed) the call.
    error ActorMismatch(address actor, address sender);
    /// @notice The intent's deadline has passed.
    error IntentExpired(uint40 deadline);
    /// @notice The intent names a version of the object it changes that is not the current one (replay or race).
    error StaleNonce(uint32 current, uint32 provided);
    /// @notice `actor` may not act for `patient`.
    error NotPatientOrDelegate(address actor, address patient);
    /// @notice `actor` does not hold the issuer role.
    error NotIssuer(address actor);
    /// @notice `account` has no active credential `role`.
    error MissingCredential(address account, uint8 role);
    /// @notice Unknown credential role.
    error InvalidRole(uint8 role);
    /// @notice The category bitmask is empty or names unknown categories.
    error InvalidCategories(uint64 categories);
    /// @notice Unknown record category.
    error InvalidCategory(uint8 category);
    /// @notice Unknown or, here, disallowed purpose of use.
    error InvalidPurpose(uint8 purpose);
    /// @notice The duration is zero or above the allowed maximum.
    error InvalidDuration(uint32 duration);
    /// @notice The expiry is in the past or later than allowed.
    error InvalidExpiry(uint40 expiresAt);
    /// @notice There is no pending request from `grantee`.
    error NoPendingRequest(address patient, address grantee);
    /// @notice The approval grants categories that were not requested.
    error CategoriesNotRequested(uint64 requested, uint64 approved);
    /// @notice There is no active grant or break-glass access to revoke.
    error NothingToRevoke(address patient, address grantee);
    /// @notice A record with this digest is already registered for the patient.
    error RecordExists(address patient, bytes32 digest);
    /// @notice The record is unknown, removed or superseded by a newer version.
    error RecordNotCurrent(address patient, bytes32 digest);
    /// @notice The patient switched break-glass access off.
    error BreakGlassDisabled(address patient);
    /// @notice A break-glass request must state a reason.
    error EmptyReason();
    /// @notice The delegate address is invalid for this patient (zero or the patient).
    error InvalidDelegate(address delegate);
    /// @notice The delegation is already in the requested state.
    error DelegationUnchanged(address patient, address delegate);
    /// @notice This researcher already registered a study with this protocol.
    error StudyExists(bytes32 studyId);
    /// @notice No study has this id.
    error UnknownStudy(bytes32 studyId);
    /// @notice The study has ended: consent to it can no longer be given.
    error StudyEnded(bytes32 studyId);

    /// @param forwarder the trusted ERC-2771 forwarder (IntentForwarder)
    /// @param admin the account that manages issuers
    constructor(address forwarder, address admin) ERC2771Context(forwarder) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ================================================================ credentials (issuer)

    /// @notice Issue (or renew) the credential `role` to `account` until `expiresAt`.
    /// @param actor the issuer
    /// @param account the doctor or researcher
    /// @param role ConsentCodes.ROLE_DOCTOR or ConsentCodes.ROLE_RESEARCHER
    /// @param expiresAt end of validity (unix seconds, in the future)
    /// @param nonce current version of the credential (see `credentialOf`)
    /// @param deadline last second at which this intent may apply
    function issueCredential(
        address actor,
        address account,
        uint8 role,
        uint40 expiresAt,
        uint32 nonce,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkIssuer(actor);
        if (!ConsentCodes.isRole(role)) revert InvalidRole(role);
        if (expiresAt <= block.timestamp) revert InvalidExpiry(expiresAt);
        Credential storage credential = _credentials[account][role];
        uint32 next = _bump(credential.nonce, nonce);
        credential.issuer = actor;
        credential.expiresAt = expiresAt;
        credential.nonce = next;
        emit CredentialIssued(account, role, actor, expiresAt, next);
    }

    /// @notice Revoke `account`'s credential `role` at once.
    /// @param actor the issuer
    /// @param account the credential holder
    /// @param role the credential role
    /// @param nonce current version of the credential
    /// @param deadline last second at which this intent may apply
    function revokeCredential(address actor, address account, uint8 role, uint32 nonce, uint40 deadline) external {
        _checkIntent(actor, deadline);
        _checkIssuer(actor);
        if (!ConsentCodes.isRole(role)) revert InvalidRole(role);
        Credential storage credential = _credentials[account][role];
        uint32 next = _bump(credential.nonce, nonce);
        if (credential.expiresAt == 0) revert MissingCredential(account, role);
        credential.expiresAt = 0;
        credential.nonce = next;
        emit CredentialRevoked(account, role, actor, next);
    }

    // ================================================================ records (patient or delegate)

    /// @notice Register a new record: the sha2-256 `digest` and `codec` of its CID, its category and whether its
    /// content is encrypted. A digest can be registered once per patient, which is this action's replay protection.
    /// @param actor the patient or their delegate
    /// @param patient the record's owner
    /// @param digest sha2-256 digest from the CID's multihash
    /// @param codec multicodec of the CID
    /// @param category ConsentCodes category index
    /// @param encrypted whether the stored bytes are ciphertext
    /// @param deadline last second at which this intent may apply
    function registerRecord(
        address actor,
        address patient,
        bytes32 digest,
        uint32 codec,
        uint8 category,
        bool encrypted,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        _writeRecord(patient, digest, codec, category, encrypted, 1);
        emit RecordRegistered(patient, digest, codec, category, encrypted, actor);
    }

    /// @notice Replace the current version `previousDigest` by a new version `digest`.
    /// @param actor the patient or their delegate
    /// @param patient the record's owner
    /// @param previousDigest the version being replaced (must be current)
    /// @param digest the new version's digest
    /// @param codec multicodec of the new CID
    /// @param category category of the new version
    /// @param encrypted whether the new version is ciphertext
    /// @param deadline last second at which this intent may apply
    function updateRecord(
        address actor,
        address patient,
        bytes32 previousDigest,
        bytes32 digest,
        uint32 codec,
        uint8 category,
        bool encrypted,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        _supersede(patient, previousDigest, digest, codec, category, encrypted);
    }

    /// @notice Mark a record removed. The chain cannot forget it; the relayer unpins its content.
    /// @param actor the patient or their delegate
    /// @param patient the record's owner
    /// @param digest the current version to remove
    /// @param deadline last second at which this intent may apply
    function removeRecord(address actor, address patient, bytes32 digest, uint40 deadline) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        _currentRecord(patient, digest).status = ConsentCodes.RECORD_REMOVED;
        emit RecordRemoved(patient, digest, actor);
    }

    // ================================================================ access requests and decisions

    /// @notice A credentialed doctor asks `patient` for access to `categories` for `duration` seconds.
    /// A new request replaces a pending one; an active grant stays in force until the patient decides.
    /// @param actor the doctor
    /// @param patient the patient asked
    /// @param categories category bitmask asked for
    /// @param purpose purpose of use (a care purpose; research goes through research consent)
    /// @param duration seconds of access asked for (at most MAX_GRANT_DURATION)
    /// @param nonce current version of the (patient, doctor) consent
    /// @param deadline last second at which this intent may apply
    function requestAccess(
        address actor,
        address patient,
        uint64 categories,
        uint8 purpose,
        uint32 duration,
        uint32 nonce,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkCredential(actor, ConsentCodes.ROLE_DOCTOR);
        _checkCategories(categories);
        if (!ConsentCodes.isCarePurpose(purpose)) revert InvalidPurpose(purpose);
        if (duration == 0 || duration > MAX_GRANT_DURATION) revert InvalidDuration(duration);
        Consent storage consent = _consents[patient][actor];
        uint32 next = _bump(consent.nonce, nonce);
        consent.requested = categories;
        consent.requestedDuration = duration;
        consent.purpose = purpose;
        consent.pending = true;
        consent.nonce = next;
        emit AccessRequested(patient, actor, categories, purpose, duration, next);
    }

    /// @notice Approve `grantee`'s pending request, possibly for fewer categories or a shorter time.
    /// @param actor the patient or their delegate
    /// @param patient the patient
    /// @param grantee the requesting doctor
    /// @param categories categories granted: a non-empty subset of those requested
    /// @param expiresAt end of access: in the future and no later than now + the requested duration
    /// @param nonce current version of the (patient, grantee) consent
    /// @param deadline last second at which this intent may apply
    function approveAccess(
        address actor,
        address patient,
        address grantee,
        uint64 categories,
        uint40 expiresAt,
        uint32 nonce,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        Consent storage consent = _consents[patient][grantee];
        Consent memory current = consent;
        uint32 next = _bump(current.nonce, nonce);
        if (!current.pending) revert NoPendingRequest(patient, grantee);
        if (categories == 0 || categories & ~current.requested != 0) {
            revert CategoriesNotRequested(current.requested, categories);
        }
        if (expiresAt <= block.timestamp || expiresAt > block.timestamp + current.requestedDuration) {
            revert InvalidExpiry(expiresAt);
        }
        // One SSTORE: the grant replaces any earlier one and the request is settled.
        consent.granted = categories;
        consent.expiresAt = expiresAt;
        consent.requested = 0;
        consent.requestedDuration = 0;
        consent.pending = false;
        consent.nonce = next;
        emit AccessApproved(patient, grantee, categories, expiresAt, actor, next);
    }

    /// @notice Deny `grantee`'s pending request. An earlier active grant is not affected.
    /// @param actor the patient or their delegate
    /// @param patient the patient
    /// @param grantee the requesting doctor
    /// @param nonce current version of the (patient, grantee) consent
    /// @param deadline last second at which this intent may apply
    function denyAccess(address actor, address patient, address grantee, uint32 nonce, uint40 deadline) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        Consent storage consent = _consents[patient][grantee];
        uint32 next = _bump(consent.nonce, nonce);
        if (!consent.pending) revert NoPendingRequest(patient, grantee);
        consent.requested = 0;
        consent.requestedDuration = 0;
        consent.pending = false;
        consent.nonce = next;
        emit AccessDenied(patient, grantee, actor, next);
    }

    /// @notice End `grantee`'s access at once: the active grant and any open break-glass access.
    /// @param actor the patient or their delegate
    /// @param patient the patient
    /// @param grantee the doctor whose access ends
    /// @param nonce current version of the (patient, grantee) consent
    /// @param deadline last second at which this intent may apply
    function revokeAccess(address actor, address patient, address grantee, uint32 nonce, uint40 deadline) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        Consent storage consent = _consents[patient][grantee];
        uint32 next = _bump(consent.nonce, nonce);
        BreakGlass storage emergency = _breakGlass[patient][grantee];
        bool hadGrant = consent.expiresAt > block.timestamp;
        bool hadEmergency = emergency.expiresAt > block.timestamp;
        if (!hadGrant && !hadEmergency) revert NothingToRevoke(patient, grantee);
        consent.granted = 0;
        consent.expiresAt = 0;
        consent.nonce = next;
        if (hadEmergency) {
            emergency.categories = 0;
            emergency.expiresAt = 0;
        }
        emit AccessRevoked(patient, grantee, actor, next);
    }

    // ================================================================ break-glass

    /// @notice A credentialed doctor opens time-boxed emergency access, unless the patient switched it off.
    /// @param actor the doctor
    /// @param patient the patient
    /// @param categories categories needed in the emergency
    /// @param duration seconds of access (at most MAX_BREAK_GLASS_DURATION)
    /// @param reason the stated reason, shown to the patient
    /// @param nonce current version of the (patient, doctor) break-glass slot
    /// @param deadline last second at which this intent may apply
    function openBreakGlass(
        address actor,
        address patient,
        uint64 categories,
        uint32 duration,
        string calldata reason,
        uint32 nonce,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkCredential(actor, ConsentCodes.ROLE_DOCTOR);
        _checkCategories(categories);
        if (duration == 0 || duration > MAX_BREAK_GLASS_DURATION) revert InvalidDuration(duration);
        if (bytes(reason).length == 0) revert EmptyReason();
        if (_settings[patient].breakGlassDisabled) revert BreakGlassDisabled(patient);
        BreakGlass storage emergency = _breakGlass[patient][actor];
        uint32 next = _bump(emergency.nonce, nonce);
        uint40 expiresAt = uint40(block.timestamp + duration);
        emergency.categories = categories;
        emergency.expiresAt = expiresAt;
        emergency.nonce = next;
        emit BreakGlassOpened(patient, actor, categories, expiresAt, reason, next);
    }

    /// @notice Allow or forbid break-glass access to the patient's records (allowed by default).
    /// @param actor the patient or their delegate
    /// @param patient the patient
    /// @param allowed whether doctors may open emergency access
    /// @param nonce current version of the patient's settings
    /// @param deadline last second at which this intent may apply
    function setBreakGlassAllowed(address actor, address patient, bool allowed, uint32 nonce, uint40 deadline)
        external
    {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        PatientSettings storage settings = _settings[patient];
        uint32 next = _bump(settings.nonce, nonce);
        settings.breakGlassDisabled = !allowed;
        settings.nonce = next;
        emit BreakGlassSettingChanged(patient, allowed, actor, next);
    }

    // ================================================================ delegates (patient only)

    /// @notice Appoint `delegate` to decide on the patient's behalf until revoked.
    /// @param actor the patient (delegates cannot appoint delegates)
    /// @param patient the patient
    /// @param delegate the guardian or caregiver
    /// @param nonce current version of the delegation
    /// @param deadline last second at which this intent may apply
    function appointDelegate(address actor, address patient, address delegate, uint32 nonce, uint40 deadline)
        external
    {
        _setDelegation(actor, patient, delegate, nonce, deadline, true);
        emit DelegateAppointed(patient, delegate, nonce + 1);
    }

    /// @notice Revoke `delegate`; their authority ends at once.
    /// @param actor the patient
    /// @param patient the patient
    /// @param delegate the delegate to remove
    /// @param nonce current version of the delegation
    /// @param deadline last second at which this intent may apply
    function revokeDelegate(address actor, address patient, address delegate, uint32 nonce, uint40 deadline)
        external
    {
        _setDelegation(actor, patient, delegate, nonce, deadline, false);
        emit DelegateRevoked(patient, delegate, nonce + 1);
    }

    // ================================================================ research consent

    /// @notice Set which categories of the patient's records may be used, de-identified, for research `purpose`.
    /// @param actor the patient or their delegate
    /// @param patient the patient
    /// @param purpose a research purpose of use
    /// @param categories category bitmask allowed (0 opts out)
    /// @param nonce current version of this research consent
    /// @param deadline last second at which this intent may apply
    function setResearchConsent(
        address actor,
        address patient,
        uint8 purpose,
        uint64 categories,
        uint32 nonce,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        if (!ConsentCodes.isResearchPurpose(purpose)) revert InvalidPurpose(purpose);
        if (categories & ~ConsentCodes.ALL_CATEGORIES != 0) revert InvalidCategories(categories);
        ResearchConsent storage research = _research[patient][purpose];
        uint32 next = _bump(research.nonce, nonce);
        research.categories = categories;
        research.nonce = next;
        emit ResearchConsentChanged(patient, purpose, categories, actor, next);
    }

    // ================================================================ research studies

    /// @notice Register a study that patients can consent to. Its id is keccak256(abi.encode(actor, protocolHash)).
    /// @param actor the researcher (holds a valid researcher credential)
    /// @param purpose a research purpose of use (ConsentCodes.PURPOSE_RESEARCH and after)
    /// @param categories categories of data the study needs (non-empty)
    /// @param endsAt when the study ends: in the future, at most MAX_STUDY_DURATION away
    /// @param protocolHash keccak256 of the study protocol document the relayer serves
    /// @param deadline last second at which this intent may apply
    function registerStudy(
        address actor,
        uint8 purpose,
        uint64 categories,
        uint40 endsAt,
        bytes32 protocolHash,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkCredential(actor, ConsentCodes.ROLE_RESEARCHER);
        if (!ConsentCodes.isResearchPurpose(purpose)) revert InvalidPurpose(purpose);
        _checkCategories(categories);
        if (endsAt <= block.timestamp || endsAt > block.timestamp + MAX_STUDY_DURATION) revert InvalidExpiry(endsAt);
        bytes32 studyId = keccak256(abi.encode(actor, protocolHash));
        Study storage study = _studies[studyId];
        if (study.researcher != address(0)) revert StudyExists(studyId);
        study.researcher = actor;
        study.purpose = purpose;
        study.categories = categories;
        study.endsAt = endsAt;
        study.protocolHash = protocolHash;
        emit StudyRegistered(studyId, actor, purpose, categories, endsAt, protocolHash);
    }

    /// @notice Give or withdraw the patient's consent to a study.
    /// @param actor the patient or their delegate
    /// @param patient the patient
    /// @param studyId the study
    /// @param granted true to consent, false to withdraw
    /// @param nonce current version of this consent (see `studyConsentOf`)
    /// @param deadline last second at which this intent may apply
    function setStudyConsent(
        address actor,
        address patient,
        bytes32 studyId,
        bool granted,
        uint32 nonce,
        uint40 deadline
    ) external {
        _checkIntent(actor, deadline);
        _checkPatientOrDelegate(actor, patient);
        Study storage study = _studies[studyId];
        if (study.researcher == address(0)) revert UnknownStudy(studyId);
        if (granted && study.endsAt <= block.timestamp) revert StudyEnded(studyId);
        StudyConsent storage consent = _studyConsents[patient][studyId];
        uint32 next = _bump(consent.nonce, nonce);
        consent.granted = granted;
        consent.nonce = next;
        emit StudyConsentChanged(patient, studyId, granted, actor, next);
    }

    // ================================================================ views

    /// @notice Whether `grantee` may read `patient`'s records of `category` now: through an unexpired,
    /// unrevoked grant or break-glass access, while the grantee's doctor credential is valid.
    /// @param patient the patient
    /// @param grantee the doctor
    /// @param category ConsentCodes category index
    /// @return allowed true if access is allowed
    function hasAccess(address patient, address grantee, uint8 category) public view returns (bool allowed) {
        if (category >= ConsentCodes.CATEGORY_COUNT) return false;
        uint64 bit = uint64(1) << category;
        Consent storage consent = _consents[patient][grantee];
        bool granted = consent.granted & bit != 0 && consent.expiresAt > block.timestamp;
        if (!granted) {
            BreakGlass storage emergency = _breakGlass[patient][grantee];
            granted = emergency.categories & bit != 0 && emergency.expiresAt > block.timestamp;
        }
        return granted && isCredentialed(grantee, ConsentCodes.ROLE_DOCTOR);
    }

    /// @notice Whether `grantee` may read the record `digest` of `patient` now (current or older version,
    /// not removed, and `hasAccess` for its category).
    /// @param patient the record's owner
    /// @param grantee the doctor
    /// @param digest the record's digest
    /// @return allowed true if access is allowed
    function hasRecordAccess(address patient, address grantee, bytes32 digest) external view returns (bool allowed) {
        Record storage record = _records[patient][digest];
        if (record.version == 0 || record.status == ConsentCodes.RECORD_REMOVED) return false;
        return hasAccess(patient, grantee, record.category);
    }

    /// @notice Whether `account` holds an unexpired, unrevoked credential `role` from a current issuer.
    /// @param account the account
    /// @param role the credential role
    /// @return valid true if the credential is valid now
    function isCredentialed(address account, uint8 role) public view returns (bool valid) {
        Credential storage credential = _credentials[account][role];
        return credential.expiresAt > block.timestamp && hasRole(ISSUER_ROLE, credential.issuer);
    }

    /// @notice Whether `delegate` currently acts for `patient`.
    /// @param patient the patient
    /// @param delegate the delegate
    /// @return active true while appointed and not revoked
    function isDelegate(address patient, address delegate) public view returns (bool active) {
        return _delegations[patient][delegate].active;
    }

    /// @notice The consent between `patient` and `grantee`: pending request, grant, and its current nonce.
    /// @param patient the patient
    /// @param grantee the doctor
    /// @return consent the stored consent
    function consentOf(address patient, address grantee) external view returns (Consent memory consent) {
        return _consents[patient][grantee];
    }

    /// @notice Break-glass access of `doctor` to `patient`, and its nonce.
    /// @param patient the patient
    /// @param doctor the doctor
    /// @return emergency the stored break-glass access
    function breakGlassOf(address patient, address doctor) external view returns (BreakGlass memory emergency) {
        return _breakGlass[patient][doctor];
    }

    /// @notice The credential `role` of `account`, and its nonce.
    /// @param account the account
    /// @param role the credential role
    /// @return credential the stored credential
    function credentialOf(address account, uint8 role) external view returns (Credential memory credential) {
        return _credentials[account][role];
    }

    /// @notice A record version of `patient`.
    /// @param patient the owner
    /// @param digest the record's digest
    /// @return record the stored record (version 0: unknown)
    function recordOf(address patient, bytes32 digest) external view returns (Record memory record) {
        return _records[patient][digest];
    }

    /// @notice The delegation of `delegate` by `patient`, and its nonce.
    /// @param patient the patient
    /// @param delegate the delegate
    /// @return delegation the stored delegation
    function delegationOf(address patient, address delegate) external view returns (Delegation memory delegation) {
        return _delegations[patient][delegate];
    }

    /// @notice The patient's settings, and their nonce.
    /// @param patient the patient
    /// @return settings the stored settings
    function settingsOf(address patient) external view returns (PatientSettings memory settings) {
        return _settings[patient];
    }

    /// @notice The patient's research consent for `purpose`, and its nonce.
    /// @param patient the patient
    /// @param purpose the research purpose
    /// @return research the stored research consent
    function researchConsentOf(address patient, uint8 purpose) external view returns (ResearchConsent memory research) {
        return _research[patient][purpose];
    }

    /// @notice Whether `patient` allows research `purpose` on `category`.
    /// @param patient the patient
    /// @param purpose the research purpose
    /// @param category the category index
    /// @return allowed true if consented
    function hasResearchConsent(address patient, uint8 purpose, uint8 category) external view returns (bool allowed) {
        if (category >= ConsentCodes.CATEGORY_COUNT) return false;
        return _research[patient][purpose].categories & (uint64(1) << category) != 0;
    }

    /// @notice A registered study (researcher zero: none).
    /// @param studyId the study
    /// @return study the stored study
    function studyOf(bytes32 studyId) external view returns (Study memory study) {
        return _studies[studyId];
    }

    /// @notice The patient's consent to a study, and its nonce.
    /// @param patient the patient
    /// @param studyId the study
    /// @return consent the stored consent
    function studyConsentOf(address patient, bytes32 studyId) external view returns (StudyConsent memory consent) {
        return _studyConsents[patient][studyId];
    }

    /// @notice Whether the study may use `patient`'s `category` data now: the patient consents, the study needs
    /// the category and has not ended, and its researcher's credential is valid.
    /// @param patient the patient
    /// @param studyId the study
    /// @param category the category index
    /// @return allowed true if the study may use it
    function hasStudyConsent(address patient, bytes32 studyId, uint8 category) external view returns (bool allowed) {
        if (category >= ConsentCodes.CATEGORY_COUNT) return false;
        Study storage study = _studies[studyId];
        return _studyConsents[patient][studyId].granted && study.endsAt > block.timestamp
            && study.categories & (uint64(1) << category) != 0
            && isCredentialed(study.researcher, ConsentCodes.ROLE_RESEARCHER);
    }

    // ================================================================ internals

    function _checkIntent(address actor, uint40 deadline) private view {
        address sender = _msgSender();
        if (actor != sender) revert ActorMismatch(actor, sender);
        if (block.timestamp > deadline) revert IntentExpired(deadline);
    }

    function _checkPatientOrDelegate(address actor, address patient) private view {
        if (actor != patient && !_delegations[patient][actor].active) revert NotPatientOrDelegate(actor, patient);
    }

    function _checkIssuer(address actor) private view {
        if (!hasRole(ISSUER_ROLE, actor)) revert NotIssuer(actor);
    }

    function _checkCredential(address account, uint8 role) private view {
        if (!isCredentialed(account, role)) revert MissingCredential(account, role);
    }

    function _checkCategories(uint64 categories) private pure {
        if (categories == 0 || categories & ~ConsentCodes.ALL_CATEGORIES != 0) revert InvalidCategories(categories);
    }

    /// @dev The replay check shared by every versioned object: the intent must name the current version.
    function _bump(uint32 current, uint32 provided) private pure returns (uint32 next) {
        if (current != provided) revert StaleNonce(current, provided);
        return current + 1;
    }

    function _currentRecord(address patient, bytes32 digest) private view returns (Record storage record) {
        record = _records[patient][digest];
        if (record.version == 0 || record.status != ConsentCodes.RECORD_CURRENT) {
            revert RecordNotCurrent(patient, digest);
        }
    }

    /// @dev Split out of updateRecord to keep its stack shallow; the caller already checked the actor.
    function _supersede(
        address patient,
        bytes32 previousDigest,
        bytes32 digest,
        uint32 codec,
        uint8 category,
        bool encrypted
    ) private {
        Record storage previous = _currentRecord(patient, previousDigest);
        previous.status = ConsentCodes.RECORD_SUPERSEDED;
        uint32 version = previous.version + 1;
        _writeRecord(patient, digest, codec, category, encrypted, version);
        emit RecordUpdated(patient, digest, previousDigest, version, codec, category, encrypted, _msgSender());
    }

    function _writeRecord(
        address patient,
        bytes32 digest,
        uint32 codec,
        uint8 category,
        bool encrypted,
        uint32 version
    ) private {
        if (category >= ConsentCodes.CATEGORY_COUNT) revert InvalidCategory(category);
        Record storage record = _records[patient][digest];
        if (record.version != 0) revert RecordExists(patient, digest);
        record.codec = codec;
        record.category = category;
        record.encrypted = encrypted;
        record.status = ConsentCodes.RECORD_CURRENT;
        record.createdAt = uint40(block.timestamp);
        record.version = version;
    }

    function _setDelegation(
        address actor,
        address patient,
        address delegate,
        uint32 nonce,
        uint40 deadline,
        bool active
    ) private {
        _checkIntent(actor, deadline);
        if (actor != patient) revert NotPatientOrDelegate(actor, patient);
        if (delegate == address(0) || delegate == patient) revert InvalidDelegate(delegate);
        Delegation storage delegation = _delegations[patient][delegate];
        uint32 next = _bump(delegation.nonce, nonce);
        if (delegation.active == active) revert DelegationUnchanged(patient, delegate);
        delegation.active = active;
        delegation.nonce = next;
    }

    // ---------------------------------------------------------------- ERC-2771 plumbing

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
