// MetaMask's checks of `wallet_addEthereumChain` params, for tests: what MetaMask refuses, this refuses, with
// MetaMask's error code (-32602) and the start of its message. MetaMask's extension does not publish these checks
// on npm; they are reproduced from its sources (MetaMask/metamask-extension):
//   - validateAddEthereumChainParams, app/scripts/lib/rpc-method-middleware/handlers/ethereum-chain-utils.ts
//   - getValidUrl, app/scripts/lib/util.ts
//   - isPrefixedFormattedHexString and isSafeChainId, shared/modules/network.utils.ts (MAX_SAFE_CHAIN_ID in
//     shared/constants/network.ts)
// Notably `blockExplorerUrls` and `nativeCurrency` must be present: `null` or valid, never left out (MetaMask
// compares them with `!== null`, so a missing key fails like an invalid one).

/** The largest chain id MetaMask accepts: floor((2^53 - 39) / 2). */
const MAX_SAFE_CHAIN_ID = 4_503_599_627_370_476;
const MAX_CHAIN_NAME_LENGTH = 100;
const MAX_SYMBOL_LENGTH = 6;
const INVALID_PARAMS = -32602;

export class MetaMaskInvalidParamsError extends Error {
  override name = 'MetaMaskInvalidParamsError';
  readonly code = INVALID_PARAMS;
}

const refuse = (message: string): never => {
  throw new MetaMaskInvalidParamsError(message);
};

function validUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    if (url.hostname.length === 0 || url.pathname.length === 0) return null;
    // A %, a space or another character a host cannot hold.
    if (url.hostname !== decodeURIComponent(url.hostname)) return null;
    return url;
  } catch {
    return null;
  }
}

const localhostOrHttps = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const url = validUrl(value);
  return (
    url !== null &&
    (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.protocol === 'https:')
  );
};

export interface AcceptedChain {
  chainId: string;
  chainName: string;
  rpcUrl: string;
  blockExplorerUrl: string | null;
  ticker: string;
}

/**
 * Throws MetaMaskInvalidParamsError where MetaMask refuses the request's first param; returns what MetaMask would
 * add otherwise.
 */
export function checkAddEthereumChainParams(params: unknown): AcceptedChain {
  if (!params || typeof params !== 'object')
    refuse(`Expected single, object parameter. Received:\n${JSON.stringify(params)}`);
  const { chainId, chainName, blockExplorerUrls, nativeCurrency, rpcUrls, ...others } = params as Record<
    string,
    unknown
  >;
  const unexpected = Object.keys(others).filter((key) => key !== 'iconUrls');
  if (unexpected.length > 0)
    refuse(`Received unexpected keys on object parameter. Unsupported keys:\n${JSON.stringify(unexpected)}`);

  const lowerChainId = typeof chainId === 'string' ? chainId.toLowerCase() : null;
  if (lowerChainId === null || !/^0x[1-9a-f]+[0-9a-f]*$/i.test(lowerChainId))
    refuse(`Expected 0x-prefixed, unpadded, non-zero hexadecimal string 'chainId'. Received:\n${chainId}`);
  const numericChainId = Number.parseInt(lowerChainId!, 16);
  if (!Number.isSafeInteger(numericChainId) || numericChainId <= 0 || numericChainId > MAX_SAFE_CHAIN_ID)
    refuse(
      `Invalid chain ID "${lowerChainId}": numerical value greater than max safe value. Received:\n${chainId}`,
    );

  if (!Array.isArray(rpcUrls) || rpcUrls.length === 0)
    refuse(
      `Expected an array with at least one valid string HTTPS url 'rpcUrls', Received:\n${JSON.stringify(rpcUrls)}`,
    );
  const rpcUrl = (rpcUrls as unknown[]).find(localhostOrHttps);
  const blockExplorerUrl =
    blockExplorerUrls !== null && Array.isArray(blockExplorerUrls)
      ? (blockExplorerUrls.find(localhostOrHttps) ?? null)
      : null;
  if (!rpcUrl)
    refuse(
      `Expected an array with at least one valid string HTTPS url 'rpcUrls', Received:\n${JSON.stringify(rpcUrls)}`,
    );
  if (blockExplorerUrls !== null && !blockExplorerUrl)
    refuse(
      `Expected null or array with at least one valid string HTTPS URL 'blockExplorerUrl'. Received: ${JSON.stringify(blockExplorerUrls)}`,
    );

  if (typeof chainName !== 'string' || !chainName)
    refuse(`Expected non-empty string 'chainName'. Received:\n${chainName}`);

  let ticker = 'UNKNOWN';
  if (nativeCurrency !== null) {
    if (typeof nativeCurrency !== 'object' || Array.isArray(nativeCurrency))
      refuse(`Expected null or object 'nativeCurrency'. Received:\n${JSON.stringify(nativeCurrency)}`);
    const { decimals, symbol } = nativeCurrency as { decimals?: unknown; symbol?: unknown };
    if (decimals !== 18)
      refuse(
        `Expected the number 18 for 'nativeCurrency.decimals' when 'nativeCurrency' is provided. Received: ${JSON.stringify(decimals)}`,
      );
    if (!symbol || typeof symbol !== 'string')
      refuse(`Expected a string 'nativeCurrency.symbol'. Received: ${symbol}`);
    ticker = symbol as string;
    if (ticker.length > MAX_SYMBOL_LENGTH)
      refuse(`Expected 1-6 character string 'nativeCurrency.symbol'. Received:\n${ticker}`);
  }

  return {
    chainId: lowerChainId!,
    chainName: (chainName as string).slice(0, MAX_CHAIN_NAME_LENGTH),
    rpcUrl: rpcUrl as string,
    blockExplorerUrl,
    ticker,
  };
}
