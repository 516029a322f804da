// Errors of the remote signer backends (the OpenZeppelin Relayer; Defender, legacy), as RelayerErrors with one
// of three codes: the backend refused our credentials, the backend refused the request, or the backend could
// not be reached or answered in a way that says "try again later". Shared by both adapters in this folder.
import { STATUS_CODES } from 'node:http';
import { RelayerError } from '../../errors.ts';

/** The backend refused the API key (HTTP 401/403, or a failed login). */
export const SIGNER_BACKEND_AUTH = 'SIGNER_BACKEND_AUTH';
/** The backend refused the request itself (any other 4xx). */
export const SIGNER_BACKEND_REJECTED = 'SIGNER_BACKEND_REJECTED';
/** The backend is down, timed out, overloaded (408, 429, 5xx) or answered with something unreadable. */
export const SIGNER_BACKEND_UNAVAILABLE = 'SIGNER_BACKEND_UNAVAILABLE';

const BAD_GATEWAY = 502;
const SERVICE_UNAVAILABLE = 503;
const UNAUTHORIZED = 401;
const FORBIDDEN = 403;
const REQUEST_TIMEOUT = 408;
const TOO_MANY_REQUESTS = 429;
const FIRST_CLIENT_ERROR = 400;
const FIRST_SERVER_ERROR = 500;

/** Which backend an error came from: named in the message and in `details.backend`. */
export type RemoteBackend = 'openzeppelin-relayer' | 'defender';

const backendNames: Record<RemoteBackend, string> = {
  'openzeppelin-relayer': 'the OpenZeppelin Relayer',
  defender: 'Defender',
};

/** The backend refused our API key. */
export function backendAuthError(backend: RemoteBackend, detail: string, cause?: unknown): RelayerError {
  return new RelayerError(
    SIGNER_BACKEND_AUTH,
    BAD_GATEWAY,
    `${backendNames[backend]} refused the API key: ${detail}`,
    {
      details: { backend },
      cause,
    },
  );
}

/** The backend refused the request. */
export function backendRejectedError(backend: RemoteBackend, detail: string, cause?: unknown): RelayerError {
  return new RelayerError(
    SIGNER_BACKEND_REJECTED,
    BAD_GATEWAY,
    `${backendNames[backend]} rejected the request: ${detail}`,
    { details: { backend }, cause },
  );
}

/** The backend could not be reached, timed out, or answered with something that calls for a retry. */
export function backendUnavailableError(
  backend: RemoteBackend,
  detail: string,
  cause?: unknown,
): RelayerError {
  return new RelayerError(
    SIGNER_BACKEND_UNAVAILABLE,
    SERVICE_UNAVAILABLE,
    `${backendNames[backend]} is unavailable: ${detail}`,
    { details: { backend }, cause },
  );
}

/**
 * The error for a non-2xx answer: 401/403 → auth; 408 and 429 (a retry can succeed) and 5xx → unavailable;
 * any other 4xx → rejected.
 */
export function errorForHttpStatus(
  backend: RemoteBackend,
  httpStatus: number,
  detail: string,
  cause?: unknown,
): RelayerError {
  if (httpStatus === UNAUTHORIZED || httpStatus === FORBIDDEN)
    return backendAuthError(backend, detail, cause);
  if (httpStatus === REQUEST_TIMEOUT || httpStatus === TOO_MANY_REQUESTS || httpStatus >= FIRST_SERVER_ERROR)
    return backendUnavailableError(backend, detail, cause);
  if (httpStatus >= FIRST_CLIENT_ERROR) return backendRejectedError(backend, detail, cause);
  return backendUnavailableError(backend, `unexpected HTTP status ${httpStatus}: ${detail}`, cause);
}

/** The HTTP status whose standard reason phrase is `reason` ("Unauthorized" → 401), if there is one. */
export function httpStatusForReason(reason: string): number | undefined {
  const entry = Object.entries(STATUS_CODES).find(([, text]) => text === reason);
  return entry ? Number(entry[0]) : undefined;
}

/** A readable one-line description of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
