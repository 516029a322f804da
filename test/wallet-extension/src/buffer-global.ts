// MetaMask's packages use Node's Buffer (detectSIWE decodes the message with it, eth-sig-util signs with it);
// a service worker has none. Without this, detectSIWE would quietly see no SIWE message at all.
import { Buffer } from 'buffer';

(globalThis as { Buffer?: typeof Buffer }).Buffer ??= Buffer;
