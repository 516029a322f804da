// Calls to the relayer's operator API (same origin). Errors arrive as { error: { code, message } } and become an
// ApiError; an expired operator session is refreshed once, transparently.
import { authHeaders, type Credentials, saveCredentials } from './credentials.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener = (credentials: Credentials | undefined) => void;

export class OperatorApi {
  private listeners = new Set<Listener>();

  constructor(private credentials: Credentials | undefined) {}

  get signedIn(): Credentials | undefined {
    return this.credentials;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setCredentials(credentials: Credentials | undefined): void {
    this.credentials = credentials;
    saveCredentials(credentials);
    for (const listener of this.listeners) listener(credentials);
  }

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined && value !== '') search.set(name, String(value));
    const suffix = search.size > 0 ? `?${search}` : '';
    return this.request<T>('GET', `${path}${suffix}`);
  }

  post<T>(path: string, body: Record<string, unknown> = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** A raw authenticated fetch (the live stream). */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    if (!this.credentials) throw new ApiError(401, 'AUTH_REQUIRED', 'sign in first');
    return fetch(path, { ...init, headers: { ...authHeaders(this.credentials), ...init.headers } });
  }

  private async request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const credentials = this.credentials;
    if (!credentials) throw new ApiError(401, 'AUTH_REQUIRED', 'sign in first');
    const response = await fetch(path, {
      method,
      headers: {
        ...authHeaders(credentials),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as { error?: { code: string; message: string } }) : {};
    if (response.ok) return json as T;
    const error = new ApiError(
      response.status,
      json.error?.code ?? 'HTTP_ERROR',
      json.error?.message ?? `HTTP ${response.status}`,
    );
    if (error.code === 'TOKEN_EXPIRED' && credentials.kind === 'siwe' && !retried) {
      await this.refresh(credentials);
      return this.request<T>(method, path, body, true);
    }
    if (response.status === 401) this.setCredentials(undefined);
    throw error;
  }

  private async refresh(credentials: Extract<Credentials, { kind: 'siwe' }>): Promise<void> {
    const response = await fetch('/v1/operator/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: credentials.refreshToken }),
    });
    if (!response.ok) {
      this.setCredentials(undefined);
      throw new ApiError(401, 'SESSION_ENDED', 'the operator session has ended; sign in again');
    }
    const tokens = (await response.json()) as { accessToken: string; refreshToken: string };
    this.setCredentials({
      ...credentials,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
    });
  }
}
