// MediCrypt's client of the relayer API: JSON in and out, the session's access token on every authenticated
// call, and one transparent refresh when the relayer says the token expired.
import { errorFromResponse, SignedOutError, unreachable } from './relayer-error.ts';
import { clearRelayerSession, getRelayerSession, type RelayerSession } from './relayer-session.ts';
import { refreshSession } from './token-refresh.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /** A JSON value (sent as application/json) or a FormData (multipart). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export class RelayerClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetchImpl = fetchImpl;
  }

  /** A call that needs no session (sign-in, intents). */
  async publicJson<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    return readJson<T>(await this.send(method, path, options, undefined));
  }

  /** The raw answer of a call that needs no session (public streams). */
  publicResponse(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<Response> {
    return this.send(method, path, options, undefined);
  }

  /** A call as the signed-in account. @throws SignedOutError when there is no usable session. */
  async json<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    return readJson<T>(await this.authed(method, path, options));
  }

  /**
   * The raw answer of an authenticated call (streams, downloads). A non-2xx answer other than an expired token
   * is returned as it is, for the caller to read.
   */
  async authed(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<Response> {
    const session = await this.session();
    let response = await this.send(method, path, options, session.accessToken);
    if (response.status === 401) {
      // On these routes a 401 is always about the session: expired (refresh) or over (sign in again).
      const error = await errorFromResponse(response);
      if (error.code !== 'TOKEN_EXPIRED') {
        await clearRelayerSession();
        throw new SignedOutError({ cause: error });
      }
      const refreshed = await refreshSession(this.baseUrl, session.accessToken, this.fetchImpl);
      response = await this.send(method, path, options, refreshed.accessToken);
      if (response.status === 401) {
        await clearRelayerSession();
        throw new SignedOutError({ cause: await errorFromResponse(response) });
      }
    }
    return response;
  }

  /** The stored session, if it is for this relayer. */
  async session(): Promise<RelayerSession> {
    const session = await getRelayerSession();
    if (!session || session.relayerUrl !== this.baseUrl) throw new SignedOutError();
    return session;
  }

  private async send(
    method: HttpMethod,
    path: string,
    { body, headers = {}, signal }: RequestOptions,
    accessToken: string | undefined,
  ): Promise<Response> {
    const init: RequestInit = { method, headers: { ...headers }, signal };
    const requestHeaders = init.headers as Record<string, string>;
    if (accessToken) requestHeaders.authorization = `Bearer ${accessToken}`;
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      requestHeaders['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      return await this.fetchImpl(`${this.baseUrl}${path}`, init);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw unreachable(this.baseUrl, error);
    }
  }
}

async function readJson<T>(response: Response): Promise<T> {
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
