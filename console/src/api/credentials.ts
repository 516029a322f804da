// How the console proves it is an operator: an operator session (SIWE) or an API key. Kept in sessionStorage,
// so closing the tab signs out and no other site or tab can read it.

export type Credentials =
  | { kind: 'api-key'; key: string }
  | { kind: 'siwe'; accessToken: string; refreshToken: string; account: string };

const STORAGE_KEY = 'medicrypt.console.credentials';

export function loadCredentials(): Credentials | undefined {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Credentials) : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: Credentials | undefined): void {
  if (credentials) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** The headers that authenticate a request. */
export function authHeaders(credentials: Credentials): Record<string, string> {
  return credentials.kind === 'api-key'
    ? { 'x-operator-key': credentials.key }
    : { authorization: `Bearer ${credentials.accessToken}` };
}
