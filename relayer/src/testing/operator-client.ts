// Test support: an operator talking to /v1/operator with an API key or an operator session (SIWE at
// /v1/operator/auth), and a reader of the operator's live stream.
import { createSignInMessage, signInTarget } from '@medicrypt/contracts';
import type { LocalAccount } from 'viem';

export interface OperatorResponse<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

export class OperatorClient {
  accessToken: string | undefined;
  refreshToken: string | undefined;

  constructor(
    readonly url: string,
    private readonly credential: { apiKey: string } | { account: LocalAccount; chainId: number },
  ) {}

  /** Signs in with SIWE at /v1/operator/auth (for an account credential). */
  async login(): Promise<OperatorResponse> {
    if (!('account' in this.credential)) throw new Error('an API key needs no sign-in');
    const nonce = (await this.call('POST', '/v1/operator/auth/nonce', {}, false)).body.nonce as string;
    // As the console does: the page the relayer serves names its own origin.
    const message = createSignInMessage({
      ...signInTarget(`${this.url}/console`),
      address: this.credential.account.address,
      chainId: this.credential.chainId,
      nonce,
      statement: 'Sign in to the MediCrypt relayer console as an operator.',
      issuedAt: new Date(),
    });
    const signature = await this.credential.account.signMessage({ message });
    const response = await this.call('POST', '/v1/operator/auth/login', { message, signature }, false);
    if (response.status === 200) {
      this.accessToken = response.body.accessToken as string;
      this.refreshToken = response.body.refreshToken as string;
    }
    return response;
  }

  headers(): Record<string, string> {
    if ('apiKey' in this.credential) return { 'x-operator-key': this.credential.apiKey };
    return this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {};
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    authenticated = true,
  ): Promise<OperatorResponse<T>> {
    const headers: Record<string, string> = authenticated ? this.headers() : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as OperatorResponse<T>['body'] };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.call<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }

  /** The first `count` events of the live stream (or what arrived within the timeout). */
  async stream(count: number, timeoutMs = 10_000): Promise<{ event: string; data: unknown }[]> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const events: { event: string; data: unknown }[] = [];
    try {
      const response = await fetch(`${this.url}/v1/operator/stream`, {
        headers: this.headers(),
        signal: controller.signal,
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      while (events.length < count) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0 && events.length < count) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          let event = '';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (event) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return events;
  }
}
