// Chooses the record content store from the settings: Pinata when PINATA_JWT is set, else the embedded local
// IPFS store in IPFS_DATA_DIR.
import { ConfigError } from '../errors.ts';
import type { ContentStore } from './content-store.ts';
import { LocalIpfsStore } from './local-ipfs-store.ts';
import { PinataStore } from './pinata-store.ts';

/** The storage settings (PINATA_JWT, PINATA_GATEWAY, PINATA_API_URL, PINATA_UPLOAD_URL, IPFS_DATA_DIR). */
export interface ContentStoreConfig {
  /** `apiUrl` and `uploadUrl` empty: Pinata's own endpoints. */
  pinata: { jwt: string; gateway: string; apiUrl: string; uploadUrl: string };
  ipfsDataDir: string;
}

/** A PinataStore when the JWT is non-empty, else a LocalIpfsStore. Throws ConfigError for a JWT without gateway. */
export function createContentStore(config: ContentStoreConfig): ContentStore {
  const { jwt, gateway, apiUrl, uploadUrl } = config.pinata;
  if (!jwt) return new LocalIpfsStore({ dataDir: config.ipfsDataDir });
  if (!gateway) throw new ConfigError(['PINATA_GATEWAY: required when PINATA_JWT is set']);
  return new PinataStore({ jwt, gateway, apiUrl, uploadUrl });
}
