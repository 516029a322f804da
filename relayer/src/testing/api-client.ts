// Test support: an account talking to the relayer's API the way the extension does: sign in with SIWE, call
// routes with the access token, publish its encryption key, upload encrypted records, submit signed intents.

import { createSignInMessage, type SignedIntent, signInTarget } from '@medicrypt/contracts';
import {
  type AccountKeyPair,
  accountKeyMessage,
  deriveAccountKeyPair,
  encryptRecord,
  generateRecordKey,
  type RecordContext,
  signKeyBinding,
} from '@medicrypt/crypto';
import type { LocalAccount } from 'viem';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

export interface SiweOptions {
  /** The page that signs in (default: the relayer's console, at the relayer's origin). */
  page?: string;
  domain?: string;
  uri?: string;
  chainId?: number;
  nonce?: string;
  expirationTime?: Date;
}

export class ApiClient {
  accessToken: string | undefined;
  refreshToken: string | undefined;
  keys: AccountKeyPair | undefined;

  constructor(
    readonly url: string,
    readonly account: LocalAccount,
    readonly chainId: number,
  ) {}

  get address() {
    return this.account.address;
  }

  /** A SIWE message for this relayer (overridable, for attacks) and its signature. */
  async signIn(options: SiweOptions = {}): Promise<{ message: string; signature: `0x${string}` }> {
    const nonce = options.nonce ?? ((await this.call('POST', '/v1/auth/nonce')).body.nonce as string);
    const target = signInTarget(options.page ?? `${this.url}/console`);
    const message = createSignInMessage({
      address: this.account.address,
      chainId: options.chainId ?? this.chainId,
      domain: options.domain ?? target.domain,
      uri: options.uri ?? target.uri,
      nonce,
      statement: 'Sign in to MediCrypt',
      issuedAt: new Date(),
      expirationTime: options.expirationTime,
    });
    return { message, signature: await this.account.signMessage({ message }) };
  }

  /** Signs in and keeps the tokens. */
  async login(options: SiweOptions = {}): Promise<ApiResponse> {
    const response = await this.call('POST', '/v1/auth/login', await this.signIn(options));
    if (response.status === 200) {
      this.accessToken = response.body.accessToken as string;
      this.refreshToken = response.body.refreshToken as string;
    }
    return response;
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.accessToken)
      (init.headers as Record<string, string>).authorization = `Bearer ${this.accessToken}`;
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${this.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as ApiResponse<T>['body'] };
  }

  /** Derives the account's X25519 key from its wallet signature and publishes the signed binding. */
  async publishKey(): Promise<ApiResponse> {
    const signature = await this.account.signMessage({ message: accountKeyMessage(this.address) });
    this.keys = await deriveAccountKeyPair({ address: this.address, signature });
    const binding = await signKeyBinding({
      account: this.address,
      publicKey: this.keys.publicKey,
      chainId: this.chainId,
      signTypedData: (typedData) => this.account.signTypedData(typedData as never),
    });
    return this.call('PUT', '/v1/keys', binding);
  }

  /** Encrypts `plaintext` for a new record version and uploads it. */
  async uploadRecord(
    fields: { recordId: string; version?: number; contentType: string; category: string; name: string },
    plaintext: Uint8Array,
  ) {
    const recordKey = generateRecordKey();
    const context: RecordContext = {
      patient: this.address,
      recordId: fields.recordId,
      version: fields.version ?? 1,
      contentType: fields.contentType,
    };
    const ciphertext = await encryptRecord({ key: recordKey, context, plaintext });
    const response = await this.uploadBytes(fields, ciphertext);
    return { response, recordKey, context, ciphertext };
  }

  /** Uploads bytes as they are (multipart: the fields, then the file). */
  uploadBytes(
    fields: { recordId: string; version?: number; contentType: string; category: string; name: string },
    bytes: Uint8Array,
  ) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), fields.name);
    return this.call('POST', '/v1/records', form);
  }

  /** Downloads a record's bytes. */
  async download(cid: string): Promise<{ status: number; bytes: Uint8Array; error?: { code: string } }> {
    const response = await fetch(`${this.url}/v1/records/${cid}/content`, {
      headers: this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {},
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 200)
      return {
        status: response.status,
        bytes,
        error: (JSON.parse(new TextDecoder().decode(bytes)) as { error: { code: string } }).error,
      };
    return { status: response.status, bytes };
  }

  /** Sends a signed intent to the relayer. */
  submit(intent: SignedIntent, forwarder: `0x${string}`) {
    return this.call('POST', '/v1/intents', { chainId: this.chainId, forwarder, ...intent });
  }
}
