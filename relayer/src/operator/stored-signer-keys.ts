// Signer keys added by an operator while the relayer runs. The relayer generates the key itself (it never
// arrives over HTTP), stores it encrypted with AES-256-GCM under a key derived from SIGNER_KEY_ENCRYPTION_SECRET,
// and every instance with that secret loads it into its live signer list, so new batches can use it once funded.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Hex } from 'viem';
import { generatePrivateKey } from 'viem/accounts';
import type { Database } from '../db/schema.ts';
import { RelayerError } from '../errors.ts';
import { createLocalSigner } from '../submitter/local-signer.ts';
import type { LocalSigner } from '../submitter/signer-backend.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';
const HKDF_INFO = 'MediCrypt signer key encryption v1';

export interface StoredSignerKeysOptions {
  db: Kysely<Database>;
  /** SIGNER_KEY_ENCRYPTION_SECRET; without it, keys cannot be added or loaded. */
  secret: string | undefined;
  /** The live signer list shared with the batcher, submitter and tracker: loaded keys are appended. */
  signers: LocalSigner[];
  /** The live address list of the batcher and the signer registry. */
  addresses: string[];
}

export class StoredSignerKeys {
  private readonly key: Buffer | undefined;

  constructor(private readonly options: StoredSignerKeysOptions) {
    this.key = options.secret
      ? Buffer.from(hkdfSync('sha256', options.secret, Buffer.alloc(0), HKDF_INFO, KEY_BYTES))
      : undefined;
  }

  /** Generates a key, stores it encrypted (retired until funded), loads it here; answers its address. */
  async add(by: string): Promise<{ address: string }> {
    if (!this.key)
      throw new RelayerError(
        'KEY_STORAGE_DISABLED',
        409,
        'set SIGNER_KEY_ENCRYPTION_SECRET to add keys from the console, or add one to RELAYER_PRIVATE_KEYS',
      );
    const privateKey = generatePrivateKey();
    const signer = createLocalSigner(privateKey);
    await this.options.db
      .insertInto('signer_keys')
      .values({
        address: signer.address.toLowerCase(),
        // Retired until funded: the operator activates it once it holds ETH, so no batch goes to an empty key.
        status: 'retired',
        changed_by: by,
        changed_at: new Date(),
        encrypted_key: this.encrypt(privateKey),
      })
      .execute();
    this.hold(signer);
    return { address: signer.address.toLowerCase() };
  }

  /** Loads the stored keys this instance does not hold yet; answers how many it added. */
  async load(): Promise<number> {
    if (!this.key) return 0;
    const rows = await this.options.db
      .selectFrom('signer_keys')
      .select(['address', 'encrypted_key'])
      .where('encrypted_key', 'is not', null)
      .execute();
    let added = 0;
    for (const row of rows) {
      if (this.options.addresses.includes(row.address)) continue;
      this.hold(createLocalSigner(this.decrypt(row.encrypted_key!)));
      added++;
    }
    return added;
  }

  private hold(signer: LocalSigner): void {
    const address = signer.address.toLowerCase();
    if (this.options.addresses.includes(address)) return;
    this.options.signers.push(signer);
    this.options.addresses.push(address);
  }

  private encrypt(privateKey: Hex): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key!, iv);
    const sealed = Buffer.concat([cipher.update(privateKey, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${FORMAT}:${iv.toString('base64')}:${sealed.toString('base64')}`;
  }

  private decrypt(stored: string): Hex {
    const [format, ivText, sealedText] = stored.split(':');
    if (format !== FORMAT || !ivText || !sealedText) throw new Error('unknown stored signer key format');
    const sealed = Buffer.from(sealedText, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key!, Buffer.from(ivText, 'base64'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8') as Hex;
  }
}
