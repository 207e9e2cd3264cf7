import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { callBatch, valuesOf } from '../shared/batch.ts';
import { addSymbol } from '../shared/token.ts';
import { cometAbi, priceFeedAbi, type CometAssetInfo } from './abi.ts';

/**
 * What rarely changes in a Comet market: its base token, collateral list, price feeds, token symbols and
 * the unit its prices are in. Read once (two requests) and kept by the caller; risk parameters (collateral
 * factors, liquidation factors) are re-read on every refresh, and a changed feed or asset count is noticed
 * there (see `readCompoundPositions`).
 */
export interface CometMarketStatic {
  comet: Address;
  base: CometToken;
  collaterals: CometCollateral[];
  /**
   * The unit every Comet price of this market is in (Comet's prices are 8-decimal numbers of one common
   * unit): 'USD' for the stablecoin markets, 'ETH' for the WETH markets, … See `quoteFromFeed`.
   */
  quote: string;
}

export interface CometToken {
  address: Address;
  symbol: string;
  decimals: number;
  /** 10^decimals: Comet's `scale` / `baseScale`. */
  scale: bigint;
  priceFeed: Address;
}

export interface CometCollateral extends CometToken {
  /** The asset's index in Comet's list (`getAssetInfo(offset)`, bit `offset` of `assetsIn`). */
  offset: number;
}

/** Comet's prices (`getPrice`) have 8 decimals in every market (PRICE_FEED_DECIMALS). */
export const COMET_PRICE_DECIMALS = 8;

/**
 * Comet lists at most 15 collaterals (24 in CometWithExtendedAssetList). Asking for all 24 slots in the same
 * multicall as `numAssets` (the extra ones revert `BadAsset()`, allowed to fail) saves a round trip.
 */
export const MAX_COMET_ASSETS = 24;

export async function readCometMarketStatic(client: Client, comet: Address): Promise<CometMarketStatic> {
  comet = getAddress(comet);
  const first = callBatch();
  const market = {
    numAssets: first.add({ address: comet, abi: cometAbi, functionName: 'numAssets' }),
    baseToken: first.add({ address: comet, abi: cometAbi, functionName: 'baseToken' }),
    baseFeed: first.add({ address: comet, abi: cometAbi, functionName: 'baseTokenPriceFeed' }),
    baseScale: first.add({ address: comet, abi: cometAbi, functionName: 'baseScale' }),
  };
  const slots = Array.from({ length: MAX_COMET_ASSETS }, (_, i) => first.add({ address: comet, abi: cometAbi, functionName: 'getAssetInfo', args: [i] }));
  await first.run(client);
  const { numAssets, baseToken, baseFeed, baseScale } = valuesOf(market);
  if (numAssets === undefined || !baseToken || !baseFeed || baseScale === undefined) {
    throw new GuardError('bad-data', `No Compound v3 (Comet) market answers at ${comet}.`);
  }
  if (numAssets > MAX_COMET_ASSETS) {
    throw new GuardError('bad-data', `Comet ${comet} lists ${numAssets} assets, more than the ${MAX_COMET_ASSETS} Comet allows.`);
  }
  const infos = slots.slice(0, numAssets).map((slot, i): CometAssetInfo => {
    const info = slot.value;
    if (!info) throw new GuardError('bad-data', `Comet ${comet} did not return asset ${i}.`);
    return info;
  });

  return withSymbols(client, comet, { baseToken, baseFeed, baseScale }, infos);
}

/** Token symbols and the base feed's description (second request), and the market put together. */
async function withSymbols(
  client: Client,
  comet: Address,
  { baseToken, baseFeed, baseScale }: { baseToken: Address; baseFeed: Address; baseScale: bigint },
  infos: readonly CometAssetInfo[],
): Promise<CometMarketStatic> {
  const second = callBatch();
  const description = second.add({ address: baseFeed, abi: priceFeedAbi, functionName: 'description' });
  const [baseSymbol, ...symbols] = [baseToken, ...infos.map((a) => a.asset)].map((token) => addSymbol(second, token));
  await second.run(client);
  const base: CometToken = {
    address: getAddress(baseToken),
    symbol: baseSymbol!.value,
    decimals: decimalsOf(baseScale, comet, 'base token'),
    scale: baseScale,
    priceFeed: getAddress(baseFeed),
  };
  const collaterals = infos.map(
    (info, i): CometCollateral => ({
      address: getAddress(info.asset),
      symbol: symbols[i]!.value,
      decimals: decimalsOf(info.scale, comet, info.asset),
      scale: info.scale,
      priceFeed: getAddress(info.priceFeed),
      offset: info.offset,
    }),
  );
  return { comet, base, collaterals, quote: quoteFromFeed(description.value, base.symbol) };
}

/**
 * The unit a market's prices are in, from its base token's feed. Chainlink feeds and Comet's wrappers
 * describe their pair ("USDC / USD", "Custom price feed for wstETH / ETH"): the quote is what follows the
 * last '/'. Comet's `ConstantPriceFeed` ("Constant price feed", used by the WETH markets) prices the base
 * token at exactly 1, so the unit is the base token itself (WETH is shown as ETH). A feed without a
 * readable description is taken as USD, the unit of every Comet market that is not priced in its base.
 */
export function quoteFromFeed(description: string | undefined, baseSymbol: string): string {
  const pair = description?.match(/\/\s*([A-Za-z0-9.$_-]{1,16})\s*$/);
  if (pair) return pair[1]!.toUpperCase() === 'USD' ? 'USD' : pair[1]!;
  if (description && /constant/i.test(description)) return baseSymbol === 'WETH' ? 'ETH' : baseSymbol;
  return 'USD';
}

/** Comet sets scale = 10^decimals (and checks the token's decimals when listing it). */
function decimalsOf(scale: bigint, comet: Address, what: string): number {
  const digits = scale.toString();
  if (!/^10*$/.test(digits) || digits.length > 78) {
    throw new GuardError('bad-data', `Comet ${comet} reports a scale of ${scale} for ${what}, not a power of ten.`);
  }
  return digits.length - 1;
}

