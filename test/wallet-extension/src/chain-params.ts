// wallet_addEthereumChain and wallet_switchEthereumChain parameters, validated as MetaMask does. Reproduced from
// metamask-extension app/scripts/lib/rpc-method-middleware/handlers/ethereum-chain-utils.ts
// (`validateChainId`, `validateSwitchEthereumChainParams`, `validateAddEthereumChainParams`) and
// shared/modules/network.utils.ts (`isPrefixedFormattedHexString`, `isSafeChainId`): that code ships inside the
// extension, not in an npm package. The messages are MetaMask's.
import { MetaMaskRefusal } from './metamask-checks.ts';

/** shared/constants/network.ts: the largest chain id MetaMask accepts. */
const MAX_SAFE_CHAIN_ID = 4_503_599_627_370_476;
const UNKNOWN_TICKER_SYMBOL = 'UNKNOWN';

const invalidParams = (message: string) => new MetaMaskRefusal(-32602, message);

export interface AddChainParameters {
  chainId: `0x${string}`;
  chainName: string;
  rpcUrl: string;
  blockExplorerUrl: string | null;
  ticker: string;
}

function validateChainId(chainId: unknown): `0x${string}` {
  const lower = typeof chainId === 'string' ? chainId.toLowerCase() : '';
  if (!/^0x[1-9a-f]+[0-9a-f]*$/iu.test(lower))
    throw invalidParams(
      `Expected 0x-prefixed, unpadded, non-zero hexadecimal string 'chainId'. Received:\n${String(chainId)}`,
    );
  const value = Number.parseInt(lower, 16);
  if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_SAFE_CHAIN_ID)
    throw invalidParams(
      `Invalid chain ID "${lower}": numerical value greater than max safe value. Received:\n${String(chainId)}`,
    );
  return lower as `0x${string}`;
}

export function validateSwitchEthereumChainParams(params: unknown): `0x${string}` {
  if (params === undefined)
    throw invalidParams(`Expected params object or array. Received:\n${JSON.stringify(params)}`);
  if (!Array.isArray(params))
    throw invalidParams(`Expected params array. Received:\n${JSON.stringify(params)}`);
  if (!params[0] || typeof params[0] !== 'object')
    throw invalidParams(`Expected single, object parameter. Received:\n${JSON.stringify(params)}`);
  const { chainId, ...otherParams } = params[0] as Record<string, unknown>;
  if (Object.keys(otherParams).length > 0)
    throw invalidParams(
      `Received unexpected keys on object parameter. Unsupported keys:\n${Object.keys(otherParams).join(',')}`,
    );
  return validateChainId(chainId);
}

/** app/scripts/lib/util.ts getValidUrl: a URL with a host and a path, or null. */
function validUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.hostname.length > 0 && url.pathname.length > 0 ? url : null;
  } catch {
    return null;
  }
}

const isLocalhostOrHttps = (value: string) => {
  const url = validUrl(value);
  return (
    url !== null &&
    (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.protocol === 'https:')
  );
};

export function validateAddEthereumChainParams(params: unknown): AddChainParameters {
  const first = Array.isArray(params) ? params[0] : undefined;
  if (!first || typeof first !== 'object')
    throw invalidParams(`Expected single, object parameter. Received:\n${JSON.stringify(first)}`);
  const { chainId, chainName, blockExplorerUrls, nativeCurrency, rpcUrls, ...otherParams } = first as Record<
    string,
    unknown
  >;
  // iconUrls is a valid optional but not currently used parameter.
  const otherKeys = Object.keys(otherParams).filter((key) => key !== 'iconUrls');
  if (otherKeys.length > 0)
    throw invalidParams(
      `Received unexpected keys on object parameter. Unsupported keys:\n${otherKeys.join(',')}`,
    );
  const validChainId = validateChainId(chainId);
  if (!rpcUrls || !Array.isArray(rpcUrls) || rpcUrls.length === 0)
    throw invalidParams(
      `Expected an array with at least one valid string HTTPS url 'rpcUrls', Received:\n${String(rpcUrls)}`,
    );
  const rpcUrl = rpcUrls.find((url): url is string => typeof url === 'string' && isLocalhostOrHttps(url));
  const blockExplorerUrl =
    blockExplorerUrls !== null && Array.isArray(blockExplorerUrls)
      ? (blockExplorerUrls.find((url): url is string => typeof url === 'string' && isLocalhostOrHttps(url)) ??
        null)
      : null;
  if (!rpcUrl)
    throw invalidParams(
      `Expected an array with at least one valid string HTTPS url 'rpcUrls', Received:\n${String(rpcUrls)}`,
    );
  // Absent counts as given-and-empty: only an explicit null skips the block explorer.
  if (blockExplorerUrls !== null && !blockExplorerUrl)
    throw invalidParams(
      `Expected null or array with at least one valid string HTTPS URL 'blockExplorerUrl'. Received: ${String(blockExplorerUrls)}`,
    );
  if (typeof chainName !== 'string' || !chainName)
    throw invalidParams(`Expected non-empty string 'chainName'. Received:\n${String(chainName)}`);
  const currency = nativeCurrency as { decimals?: unknown; symbol?: unknown } | null | undefined;
  if (currency !== null) {
    if (typeof currency !== 'object' || Array.isArray(currency))
      throw invalidParams(`Expected null or object 'nativeCurrency'. Received:\n${String(currency)}`);
    if (currency.decimals !== 18)
      throw invalidParams(
        `Expected the number 18 for 'nativeCurrency.decimals' when 'nativeCurrency' is provided. Received: ${String(currency.decimals)}`,
      );
    if (!currency.symbol || typeof currency.symbol !== 'string')
      throw invalidParams(`Expected a string 'nativeCurrency.symbol'. Received: ${String(currency.symbol)}`);
  }
  const ticker = (currency?.symbol as string | undefined) || UNKNOWN_TICKER_SYMBOL;
  if (ticker !== UNKNOWN_TICKER_SYMBOL && (ticker.length < 1 || ticker.length > 6))
    throw invalidParams(`Expected 1-6 character string 'nativeCurrency.symbol'. Received:\n${ticker}`);
  return {
    chainId: validChainId,
    chainName: chainName.length > 100 ? chainName.slice(0, 100) : chainName,
    rpcUrl,
    blockExplorerUrl,
    ticker,
  };
}
