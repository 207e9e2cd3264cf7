import { getAddress, isHex, type Address, type Hex } from 'viem';
import { GuardError } from '../../errors.ts';
import type { AssetRef } from '../../core/types.ts';
import { decoded, type CallBatch, type Decoded } from '../shared/batch.ts';
import { addSymbol } from '../shared/token.ts';
import { erc20Abi } from './abi.ts';

/** Morpho's `MarketParams`: the five immutable fields whose ABI encoding hashes to the market id. */
export interface MorphoMarketParams {
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  /** address(0) for a zero-interest market. */
  irm: Address;
  /** WAD. */
  lltv: bigint;
}

/** What never changes about a created market: its params and its two tokens. */
export interface MorphoMarketInfo {
  id: Hex;
  params: MorphoMarketParams;
  loanToken: AssetRef;
  collateralToken: AssetRef;
  /**
   * Where the oracle is Morpho's Chainlink-style oracle: its non-zero BASE_FEED_1/2 (price = their product)
   * and QUOTE_FEED_1/2 (divided by): immutable, so read once. Empty for another kind of oracle.
   */
  feeds?: { address: Address; invert: boolean }[];
}

/**
 * Static data of the markets read so far on one Morpho contract, keyed by lower-case market id. A market's
 * params are immutable once created, so entries never go stale; the caller keeps this between refreshes
 * (like Aave's `marketStatic`) and the reader only fills in ids it has not seen.
 */
export interface MorphoMarketStatic {
  morpho: Address;
  markets: Record<Hex, MorphoMarketInfo>;
}

export const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000';

/** A market id as the contract knows it: 32 bytes, lower-case hex. Throws INVALID_INPUT otherwise. */
export function normalizeMarketId(id: string): Hex {
  if (!isHex(id) || id.length !== 66) {
    throw new GuardError('invalid-input', `"${id}" is not a Morpho Blue market id (32 bytes of hex).`);
  }
  return id.toLowerCase() as Hex;
}

/**
 * A token as the views show it: symbol (string, then bytes32 for old tokens) and decimals, read in `batch`.
 * Decimals are required (amounts would be misread without them): `value` throws without them.
 */
export function addToken(batch: CallBatch, token: Address): Decoded<AssetRef> {
  const symbol = addSymbol(batch, token);
  const decimals = batch.add({ address: token, abi: erc20Abi, functionName: 'decimals' });
  return decoded(() => {
    if (decimals.value === undefined) throw new GuardError('bad-data', `Token ${token} did not return its decimals.`);
    return { address: getAddress(token), symbol: symbol.value, decimals: Number(decimals.value) };
  });
}

/** `idToMarketParams` result → params. Whether the market exists is `market(id).lastUpdate != 0`, as in Morpho. */
export function decodeMarketParams(
  result: readonly [Address, Address, Address, Address, bigint] | undefined,
): MorphoMarketParams | undefined {
  if (!result) return undefined;
  const [loanToken, collateralToken, oracle, irm, lltv] = result;
  return {
    loanToken: getAddress(loanToken),
    collateralToken: getAddress(collateralToken),
    oracle: getAddress(oracle),
    irm: getAddress(irm),
    lltv,
  };
}
