// Pseudonyms for study records. A subject's id in a study is HMAC-SHA256(studyKey, patientAddress || studyId):
// stable across exports of the same study, unrelated between studies, and not computable without the key. The
// key must stay with the patients' clients (see docs/research.md): whoever holds it can recompute the pseudonym
// of any known wallet address, and addresses are public on chain.
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** The shortest study key accepted (256 bits). */
export const MIN_STUDY_KEY_BYTES = 32;
/** Hex characters kept of the HMAC for ids of resources other than the Patient (128 bits). */
export const RESOURCE_ID_HEX_CHARS = 32;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
/** A registry study id (bytes32 hex). */
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const RESOURCE_ID_DOMAIN = 'medicrypt/research/resource-id\0';

function checkKey(studyKey: Uint8Array): void {
  if (!(studyKey instanceof Uint8Array) || studyKey.length < MIN_STUDY_KEY_BYTES)
    throw new RangeError(`a study key needs at least ${MIN_STUDY_KEY_BYTES} bytes`);
}

/**
 * The subject pseudonym of a patient in a study: HMAC-SHA256(studyKey, the 20 address bytes || studyId), 64 hex
 * characters (a valid FHIR id). A bytes32 study id (as the consent registry's keccak256 ids) is taken as its 32
 * bytes, like abi.encodePacked(address, bytes32); any other study id as UTF-8. The address is fixed-length, so
 * the concatenation is unambiguous, and hex spellings in any case give the same pseudonym.
 */
export function studyPseudonym(studyKey: Uint8Array, patientAddress: string, studyId: string): string {
  checkKey(studyKey);
  if (!ADDRESS.test(patientAddress)) throw new TypeError(`not an Ethereum address: ${patientAddress}`);
  if (studyId.length === 0) throw new TypeError('a study id must not be empty');
  const study = BYTES32.test(studyId) ? hexToBytes(studyId.slice(2)) : utf8ToBytes(studyId);
  const message = concatBytes(hexToBytes(patientAddress.slice(2)), study);
  return bytesToHex(hmac(sha256, studyKey, message));
}

/**
 * A pseudonymous id for one of a subject's other resources, from its original reference ("Observation/abc" or a
 * fullUrl): stable for the same input, unlinkable to the original id, and different for every subject.
 */
export function resourcePseudonym(studyKey: Uint8Array, subject: string, originalReference: string): string {
  checkKey(studyKey);
  const message = utf8ToBytes(`${RESOURCE_ID_DOMAIN}${subject}\0${originalReference}`);
  return bytesToHex(hmac(sha256, studyKey, message)).slice(0, RESOURCE_ID_HEX_CHARS);
}
