// Sign-in against a real relayer on anvil, as attackers and unusual wallets try it: a forged Host header, pages
// the relayer does not serve, broken messages, and contract wallets — a real Safe 1.4.1 signing with its owner
// (ERC-1271), approving the message on chain (SignMessageLib, empty signature), and before it exists (ERC-6492).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createSignInMessage } from '@medicrypt/contracts';
import {
  createWalletClient,
  encodeDeployData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  type Hex,
  hashMessage,
  http as viemHttp,
} from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_EXTENSION_ID } from '../config.ts';
import type { RunningRelayer } from '../server.ts';
import { ApiClient } from '../testing/api-client.ts';
import { type ChainFixture, startChainFixture } from '../testing/chain-fixture.ts';
import { relayerEnv, startTestRelayer } from '../testing/relayer-fixture.ts';
import { type SafeAccount, SafeFixture } from '../testing/safe-fixture.ts';
import { SIGN_IN_VALIDATION_GAS } from './sign-in-signature.ts';

const FIREFOX_UUID = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const operator = privateKeyToAccount(generatePrivateKey());
const API_KEY = randomBytes(24).toString('base64url');
const KEY_FAILURES = 3;

/** A POST with a Host header of our choosing (fetch does not let a caller set it). */
function postWithHost(url: string, path: string, host: string, body: unknown) {
  const target = new URL(path, url);
  const payload = JSON.stringify(body);
  return new Promise<{ status: number; body: { error?: { code: string } } }>((resolve, reject) => {
    const request = http.request(
      target,
      {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

describe('sign-in against the relayer', () => {
  let fixture: ChainFixture;
  let relayer: RunningRelayer;
  let safes: SafeFixture;
  const client = (account = privateKeyToAccount(generatePrivateKey())) =>
    new ApiClient(relayer.url, account, fixture.deployment.chainId);

  beforeAll(async () => {
    fixture = await startChainFixture();
    relayer = await startTestRelayer(
      await relayerEnv(fixture, 'pglite', 'unused', {
        OPERATOR_ADDRESSES: operator.address,
        OPERATOR_API_KEYS: `ops:${API_KEY}`,
        OPERATOR_KEY_FAILURES_PER_IP_PER_MIN: String(KEY_FAILURES),
      }),
    );
    safes = await SafeFixture.deploy(fixture);
  });
  afterAll(async () => {
    await relayer?.stop();
    await fixture?.stop();
  });

  describe('origins', () => {
    it('accepts the pages it serves: its console, the extension (dev id), a Firefox extension page', async () => {
      expect((await client().login()).status).toBe(200);
      expect(
        (await client().login({ page: `chrome-extension://${DEV_EXTENSION_ID}/popup.html` })).status,
      ).toBe(200);
      expect((await client().login({ page: `moz-extension://${FIREFOX_UUID}/research.html` })).status).toBe(
        200,
      );
      // 127.0.0.1 and localhost are the same listening address in development.
      const localhost = relayer.url.replace('127.0.0.1', 'localhost');
      expect((await client().login({ page: `${localhost}/console` })).status).toBe(200);
    });

    it('never takes the expected domain from the Host header', async () => {
      // A signature phished on evil.example, posted with `Host: evil.example`: refused, for accounts and operators.
      for (const [path, account] of [
        ['/v1/auth', privateKeyToAccount(generatePrivateKey())],
        ['/v1/operator/auth', operator],
      ] as const) {
        const phished = client(account);
        const signed = await phished.signIn({ page: 'https://evil.example/login' });
        // signIn asked the account relayer for the nonce; the operator route needs its own.
        const nonce = (await phished.call('POST', `${path}/nonce`)).body.nonce as string;
        const message = signed.message.replace(/Nonce: .*/, `Nonce: ${nonce}`);
        const response = await postWithHost(relayer.url, `${path}/login`, 'evil.example', {
          message,
          signature: await account.signMessage({ message }),
        });
        expect(response, path).toMatchObject({
          status: 401,
          body: { error: { code: 'SIWE_DOMAIN_MISMATCH' } },
        });
      }
    });

    it('refuses pages it does not serve, and a URI at another origin than the domain', async () => {
      const other = client();
      expect((await other.login({ page: 'https://evil.example/' })).body.error?.code).toBe(
        'SIWE_DOMAIN_MISMATCH',
      );
      expect(
        (await other.login({ page: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/popup.html' })).body
          .error?.code,
      ).toBe('SIWE_DOMAIN_MISMATCH');
      expect(
        (
          await other.login({
            page: `chrome-extension://${DEV_EXTENSION_ID}/popup.html`,
            uri: 'https://evil.example/',
          })
        ).body.error?.code,
      ).toBe('SIWE_URI_MISMATCH');
      expect((await other.login({ chainId: 1 })).body.error?.code).toBe('SIWE_CHAIN_MISMATCH');
    });

    it('lets operators sign in only from the console, not from an extension page', async () => {
      const nonce = (await client().call('POST', '/v1/operator/auth/nonce')).body.nonce as string;
      const message = createSignInMessage({
        domain: DEV_EXTENSION_ID,
        uri: `chrome-extension://${DEV_EXTENSION_ID}/popup.html`,
        address: operator.address,
        chainId: fixture.deployment.chainId,
        nonce,
        issuedAt: new Date(),
        statement: 'Sign in',
      });
      const response = await client().call('POST', '/v1/operator/auth/login', {
        message,
        signature: await operator.signMessage({ message }),
      });
      expect(response).toMatchObject({ status: 401, body: { error: { code: 'SIWE_DOMAIN_MISMATCH' } } });
    });
  });

  describe('messages', () => {
    it('refuses a message it cannot read strictly, before any chain call', async () => {
      const other = client();
      const { message, signature } = await other.signIn();
      for (const broken of [
        message.replace(/Issued At: .*/, 'Issued At: yesterday'),
        message.replace(other.address, other.address.toLowerCase()),
        message.replace('Version: 1', 'Version: 2'),
        `${message}\nExtra: line`,
      ]) {
        const response = await other.call('POST', '/v1/auth/login', { message: broken, signature });
        expect(response, broken).toMatchObject({ status: 400, body: { error: { code: 'SIWE_MALFORMED' } } });
      }
    });

    it('issues nonces of 128 random bits, each unlike the last', async () => {
      const nonces = await Promise.all(
        Array.from(
          { length: 20 },
          async () => (await client().call('POST', '/v1/auth/nonce')).body.nonce as string,
        ),
      );
      for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
      expect(new Set(nonces).size).toBe(nonces.length);
    });

    it('refuses a nonce it never issued without asking the chain', async () => {
      const other = client();
      const response = await other.login({ nonce: 'notissuedbythisrelayer0123456789' });
      expect(response).toMatchObject({ status: 401, body: { error: { code: 'SIWE_NONCE_INVALID' } } });
    });
  });

  describe('Safe 1.4.1 accounts', () => {
    const loginAs = async (safe: SafeAccount, sign: (message: string) => Promise<Hex> | Hex) => {
      const account = client(safe.owner);
      const nonce = (await account.call('POST', '/v1/auth/nonce')).body.nonce as string;
      const message = createSignInMessage({
        domain: new URL(relayer.url).host,
        uri: `${relayer.url}/console`,
        address: safe.address,
        chainId: fixture.deployment.chainId,
        nonce,
        issuedAt: new Date(),
        statement: 'Sign in to MediCrypt',
      });
      const signature = await sign(message);
      const response = await account.call('POST', '/v1/auth/login', { message, signature });
      return { message, signature, response };
    };

    it('signs in with its owner’s signature (ERC-1271)', async () => {
      const safe = await safes.create(privateKeyToAccount(generatePrivateKey()), 1n);
      const { response } = await loginAs(safe, (message) => safes.ownerSignature(safe, message));
      expect(response).toMatchObject({ status: 200, body: { account: safe.address } });
      // The owner's signature is not the Safe's as a plain EOA signature: someone else's key gets nowhere.
      const stranger = privateKeyToAccount(generatePrivateKey());
      const forged = await loginAs(safe, (message) => stranger.signMessage({ message }));
      expect(forged.response).toMatchObject({
        status: 401,
        body: { error: { code: 'SIWE_SIGNATURE_INVALID' } },
      });
    });

    it('signs in with a message it approved on chain (SignMessageLib, empty signature)', async () => {
      const safe = await safes.create(privateKeyToAccount(generatePrivateKey()), 2n);
      // Before the Safe approves the message, an empty signature proves nothing.
      let approvedGas = 0n;
      const refused = await loginAs(safe, () => '0x' as Hex);
      expect(refused.response).toMatchObject({
        status: 401,
        body: { error: { code: 'SIWE_SIGNATURE_INVALID' } },
      });

      const { response, message } = await loginAs(safe, async (text) => {
        approvedGas = await safes.approveOnChain(safe, text);
        expect(await safes.isApproved(safe, text)).toBe(true);
        return '0x' as Hex;
      });
      expect(response, JSON.stringify(response.body)).toMatchObject({
        status: 200,
        body: { account: safe.address },
      });
      expect(approvedGas).toBeGreaterThan(0n);
      expect(hashMessage(message)).toMatch(/^0x/);
    });

    it('signs in before it is deployed (ERC-6492), within the validation gas bound', async () => {
      const safe = await safes.counterfactual(privateKeyToAccount(generatePrivateKey()), 3n);
      expect(await fixture.chain.publicClient.getCode({ address: safe.address })).toBeUndefined();
      const { response, message, signature } = await loginAs(safe, async (text) =>
        safes.erc6492(safe, await safes.ownerSignature(safe, text)),
      );
      expect(response, JSON.stringify(response.body)).toMatchObject({
        status: 200,
        body: { account: safe.address },
      });
      // Nothing was deployed: the validator deployed it inside the eth_call only.
      expect(await fixture.chain.publicClient.getCode({ address: safe.address })).toBeUndefined();
      expect(message).toContain(safe.address);
      expect(signature.endsWith('6492649264926492649264926492649264926492649264926492649264926492')).toBe(
        true,
      );
    });
  });

  describe('the validation call’s gas bound', () => {
    /**
     * A contract wallet that accepts every signature (ERC-1271 magic value) after a loop of `iterations` steps
     * (~26 gas each): raw EVM code, so the gas it needs is known.
     */
    const deployWallet = async (iterations: number) => {
      const count = iterations.toString(16).padStart(6, '0');
      const runtime = [
        `62${count}`, // PUSH3 count
        '5b600190038060045750', // loop: JUMPDEST, count - 1, JUMPI back while not 0, POP
        `7f1626ba7e${'00'.repeat(28)}600052`, // MSTORE the ERC-1271 magic value at 0
        '60206000f3', // RETURN 32 bytes
      ].join('');
      const length = (runtime.length / 2).toString(16).padStart(2, '0');
      // CODECOPY the runtime (after these 12 bytes) to memory and RETURN it.
      const init = `0x60${length}600c60003960${length}6000f3${runtime}`;
      const wallet = createWalletClient({
        account: fixture.admin,
        chain: fixture.chain.publicClient.chain,
        transport: viemHttp(fixture.anvil.rpcUrl),
      });
      const hash = await wallet.sendTransaction({
        account: fixture.admin,
        chain: wallet.chain,
        data: init as Hex,
      });
      const { contractAddress } = await fixture.chain.publicClient.waitForTransactionReceipt({ hash });
      return contractAddress!;
    };
    const loginAsContract = async (address: `0x${string}`) => {
      const account = client();
      const nonce = (await account.call('POST', '/v1/auth/nonce')).body.nonce as string;
      const message = createSignInMessage({
        domain: new URL(relayer.url).host,
        uri: `${relayer.url}/console`,
        address,
        chainId: fixture.deployment.chainId,
        nonce,
        issuedAt: new Date(),
        statement: 'Sign in to MediCrypt',
      });
      return account.call('POST', '/v1/auth/login', { message, signature: '0x' });
    };

    it('accepts a wallet whose check fits in the bound and refuses one that needs more', async () => {
      // ~260k gas: inside the bound.
      const light = await deployWallet(10_000);
      expect((await loginAsContract(light)).status).toBe(200);
      // ~1.56M gas: a node would run it to the end (anvil's eth_call default is the block's 30M); we stop it.
      const heavy = await deployWallet(60_000);
      expect(SIGN_IN_VALIDATION_GAS).toBeLessThan(60_000n * 26n);
      expect(await loginAsContract(heavy)).toMatchObject({
        status: 401,
        body: { error: { code: 'SIWE_SIGNATURE_INVALID' } },
      });
    });

    it('leaves a counterfactual Safe ample room', async () => {
      const safe = await safes.counterfactual(privateKeyToAccount(generatePrivateKey()), 4n);
      const message = 'measure';
      const signature = safes.erc6492(safe, await safes.ownerSignature(safe, message));
      const gas = await fixture.chain.publicClient.estimateGas({
        data: encodeDeployData({
          abi: erc6492SignatureValidatorAbi,
          bytecode: erc6492SignatureValidatorByteCode,
          args: [safe.address, hashMessage(message), signature],
        }),
      });
      expect(gas).toBeLessThan(SIGN_IN_VALIDATION_GAS / 2n);
    });
  });

  // Last: it locks this file's client address out of API keys for a minute.
  describe('operator API keys', () => {
    const asKey = (key: string) =>
      fetch(`${relayer.url}/v1/operator/me`, { headers: { 'x-operator-key': key } });

    it('takes a key as the README writes it (`label:secret`) or its secret alone', async () => {
      for (const key of [`ops:${API_KEY}`, API_KEY]) {
        const response = await asKey(key);
        expect(response.status, key).toBe(200);
        expect(await response.json()).toEqual({ id: 'api-key:ops', auth: 'api-key' });
      }
      expect((await asKey(`other:${API_KEY}`)).status).toBe(401);
    });

    it('answers 429 with Retry-After after too many wrong keys, even to the right one', async () => {
      // The wrong label above was the first wrong key from this address.
      for (let attempt = 1; attempt < KEY_FAILURES; attempt++) {
        const response = await asKey(`ops:wrong-${attempt}-${API_KEY}`);
        expect(response.status).toBe(401);
      }
      for (const key of ['still-wrong', `ops:${API_KEY}`]) {
        const limited = await asKey(key);
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
        expect(((await limited.json()) as { error: { code: string } }).error.code).toBe(
          'API_KEY_ATTEMPTS_LIMITED',
        );
      }
      // An operator session is not an API key: it still works.
      const session = client(operator);
      const nonce = (await session.call('POST', '/v1/operator/auth/nonce')).body.nonce as string;
      const signed = await session.signIn({ nonce });
      expect((await session.call('POST', '/v1/operator/auth/login', signed)).status).toBe(200);
    });
  });
});
