import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { WAD, mulDiv } from '../../risk/math.ts';
import type { CollateralLeg, DebtLeg, MarketAsset, Position } from '../../risk/types.ts';
import { blockCalls, blockInfo, multicall, value, type Call, type CallResult } from '../shared/multicall.ts';
import { cometAbi, type CometAssetInfo } from './abi.ts';
import { COMET_PRICE_DECIMALS, readCometMarketStatic, type CometMarketStatic } from './market.ts';
import { cometInterestCalls, readCometInterest, type CometInterestRead } from './interest.ts';

export interface ReadCompoundPositionsParameters {
  chainId: number;
  /** Display name of the market. */
  market: string;
  comet: Address;
  accounts: readonly Address[];
  /** Static market data from an earlier read (saves two requests per refresh). */
  marketStatic?: CometMarketStatic;
}

export interface ReadCompoundPositionsReturnType {
  /** One per account that borrows, holds collateral or supplies the base token in the market. */
  positions: Position[];
  /** The static data used, refreshed when the market's asset list or a price feed changed. */
  marketStatic: CometMarketStatic;
}

/**
 * Positions of many accounts in one Comet market, in one JSON-RPC request whatever the number of accounts
 * (after the static read): a multicall at the latest block with its block number, timestamp and chain id,
 * `numAssets`, every asset's `getAssetInfo` (collateral factors change by governance), every price, and per
 * account `borrowBalanceOf`, `balanceOf` and `userCollateral` of each asset. Only when governance re-pointed
 * a price feed does a second request, pinned to the first one's block, read the new feeds' prices; a changed
 * asset count re-reads the static data.
 *
 * What the legs carry (see lib/risk/types.ts):
 * - collateral: `userCollateral` balance at `getPrice(priceFeed)` per `scale`, threshold =
 *   `liquidateCollateralFactor`, bonus = 1 / `liquidationFactor` (absorb credits the user that share);
 * - debt: `borrowBalanceOf` — Comet accrues the borrow index to the block inside the view — at
 *   `getPrice(baseTokenPriceFeed)` per `baseScale`. Comet's own `isLiquidatable` view uses the index as last
 *   accrued, which lags by the interest since the market was last touched; `absorb` accrues first, so the
 *   accrued debt is what decides a liquidation, and it is never smaller: the guard errs towards warning early;
 * - a positive base balance (`balanceOf`) is a supply: it earns interest and backs nothing (Comet nets it
 *   against no borrow: an account either supplies or borrows the base), so it is shown as a leg with
 *   threshold 0.
 * A price that `getPrice` refuses (Comet reverts `BadPrice` for a non-positive answer) is `undefined`.
 */
export async function readCompoundPositions(
  client: Client,
  params: ReadCompoundPositionsParameters,
): Promise<ReadCompoundPositionsReturnType> {
  const comet = getAddress(params.comet);
  let marketStatic =
    params.marketStatic && params.marketStatic.comet === comet ? params.marketStatic : await readCometMarketStatic(client, comet);
  let read = await readState(client, params, marketStatic);
  if (read === 'stale') {
    // Governance listed or removed an asset since the static read: read the market again, once.
    marketStatic = await readCometMarketStatic(client, comet);
    read = await readState(client, params, marketStatic);
    if (read === 'stale') throw new GuardError('bad-data', `Comet ${comet} changed its asset list while being read.`);
  }
  return { positions: buildPositions(params, read.state, read.marketStatic), marketStatic: read.marketStatic };
}

interface AccountState {
  account: Address;
  borrow: bigint;
  supply: bigint;
  collateral: bigint[];
}

interface MarketState {
  blockNumber: bigint;
  timestamp: bigint;
  infos: CometAssetInfo[];
  basePrice: bigint | undefined;
  prices: (bigint | undefined)[];
  accounts: AccountState[];
  interest?: CometInterestRead;
}

async function readState(
  client: Client,
  params: ReadCompoundPositionsParameters,
  marketStatic: CometMarketStatic,
): Promise<'stale' | { state: MarketState; marketStatic: CometMarketStatic }> {
  const { comet, base, collaterals } = marketStatic;
  const accounts = params.accounts.map((a) => getAddress(a));
  const n = collaterals.length;
  const price = (feed: Address): Call => ({ address: comet, abi: cometAbi, functionName: 'getPrice', args: [feed] });
  const calls: Call[] = [
    ...blockCalls,
    { address: comet, abi: cometAbi, functionName: 'numAssets' },
    { address: comet, abi: cometAbi, functionName: 'baseTokenPriceFeed' },
    price(base.priceFeed),
    ...collaterals.map((c): Call => ({ address: comet, abi: cometAbi, functionName: 'getAssetInfo', args: [c.offset] })),
    ...collaterals.map((c) => price(c.priceFeed)),
    ...accounts.flatMap((account): Call[] => [
      { address: comet, abi: cometAbi, functionName: 'borrowBalanceOf', args: [account] },
      { address: comet, abi: cometAbi, functionName: 'balanceOf', args: [account] },
      ...collaterals.map((c): Call => ({ address: comet, abi: cometAbi, functionName: 'userCollateral', args: [account, c.address] })),
    ]),
  ];
  const interestAt = calls.length;
  calls.push(...cometInterestCalls(comet, accounts, [base.priceFeed, ...collaterals.map((c) => c.priceFeed)]));
  const first = await multicall(client, calls);
  const { blockNumber, timestamp } = blockInfo(first, params.chainId);
  let at = blockCalls.length;
  const numAssets = value<number>(first[at++]);
  const baseFeed = value<Address>(first[at++]);
  if (numAssets === undefined || !baseFeed) throw new GuardError('bad-data', `Comet ${comet} did not answer numAssets.`);
  if (numAssets !== n) return 'stale';
  let basePrice = positive(first[at++]);
  const infos = collaterals.map((c) => {
    const info = value<CometAssetInfo>(first[at++]);
    if (!info) throw new GuardError('bad-data', `Comet ${comet} did not return asset ${c.symbol}.`);
    if (getAddress(info.asset) !== c.address) return undefined; // the list was reordered: re-read it
    return info;
  });
  if (infos.some((i) => i === undefined)) return 'stale';
  const assetInfos = infos as CometAssetInfo[];
  const prices = collaterals.map(() => positive(first[at++]));
  const accountStates = accounts.map((account): AccountState => {
    const borrow = value<bigint>(first[at++]);
    const supply = value<bigint>(first[at++]);
    const collateral = collaterals.map(() => value<readonly [bigint, bigint]>(first[at++])?.[0]);
    if (borrow === undefined || supply === undefined || collateral.some((b) => b === undefined)) {
      throw new GuardError('bad-data', `Comet ${comet} did not return the balances of ${account}.`);
    }
    return { account, borrow, supply, collateral: collateral as bigint[] };
  });

  // Governance may re-point a price feed (an upgrade of the base feed, or updateAssetPriceFeed): price the
  // new feeds at the same block and keep them for the next refresh.
  const moved: { index: number; feed: Address }[] = [];
  if (getAddress(baseFeed) !== base.priceFeed) moved.push({ index: -1, feed: getAddress(baseFeed) });
  assetInfos.forEach((info, i) => {
    if (getAddress(info.priceFeed) !== collaterals[i]!.priceFeed) moved.push({ index: i, feed: getAddress(info.priceFeed) });
  });
  if (moved.length > 0) {
    const answers = await multicall(client, moved.map((m) => price(m.feed)), blockNumber);
    moved.forEach((m, j) => {
      if (m.index === -1) basePrice = positive(answers[j]);
      else prices[m.index] = positive(answers[j]);
    });
    marketStatic = {
      ...marketStatic,
      base: { ...base, priceFeed: getAddress(baseFeed) },
      collaterals: collaterals.map((c, i) => ({ ...c, priceFeed: getAddress(assetInfos[i]!.priceFeed) })),
    };
  }
  const interest = readCometInterest(first.slice(interestAt), accounts.length, collaterals.length + 1);
  return { state: { blockNumber, timestamp, infos: assetInfos, basePrice, prices, accounts: accountStates, interest }, marketStatic };
}

/** A price Comet accepts: `getPrice` reverts `BadPrice()` unless the feed's answer is positive. */
function positive(r: CallResult | undefined): bigint | undefined {
  const p = value<bigint>(r);
  return p !== undefined && p > 0n ? p : undefined;
}

/**
 * What the engine reads as the liquidation bonus: 1 / liquidationFactor (WAD), rounded up so the credit the
 * engine derives from it (value / bonus) is never more than Comet's (value × liquidationFactor). A factor of 0
 * (the user is credited nothing) becomes a bonus so large that the credit rounds to 0.
 */
export function bonusFromLiquidationFactor(liquidationFactor: bigint): bigint {
  if (liquidationFactor <= 0n) return WAD * WAD;
  return mulDiv(WAD, WAD, liquidationFactor, 'up');
}

function buildPositions(params: ReadCompoundPositionsParameters, state: MarketState, marketStatic: CometMarketStatic): Position[] {
  const { base, collaterals, comet, quote } = marketStatic;
  const baseRef = { address: base.address, symbol: base.symbol, decimals: base.decimals };
  const marketAssets: MarketAsset[] = [
    ...collaterals.map((c, i): MarketAsset => {
      const info = state.infos[i]!;
      return {
        address: c.address,
        symbol: c.symbol,
        decimals: c.decimals,
        price: state.prices[i],
        priceUnit: c.scale,
        liquidationThreshold: info.liquidateCollateralFactor,
        liquidationBonus: bonusFromLiquidationFactor(info.liquidationFactor),
        // A new supply always counts (Comet has no per-user switch); a zero factor means it would not.
        canBeCollateral: info.liquidateCollateralFactor > 0n,
        canBeBorrowed: false,
      };
    }),
    {
      ...baseRef,
      price: state.basePrice,
      priceUnit: base.scale,
      liquidationThreshold: 0n,
      liquidationBonus: WAD,
      canBeCollateral: false,
      canBeBorrowed: true,
    },
  ];

  const positions: Position[] = [];
  for (const [k, account] of state.accounts.entries()) {
    const collateral: CollateralLeg[] = [];
    collaterals.forEach((c, i) => {
      const amount = account.collateral[i]!;
      if (amount === 0n) return;
      const info = state.infos[i]!;
      collateral.push({
        address: c.address,
        symbol: c.symbol,
        decimals: c.decimals,
        amount,
        price: state.prices[i],
        priceUnit: c.scale,
        liquidationThreshold: info.liquidateCollateralFactor,
        liquidationBonus: bonusFromLiquidationFactor(info.liquidationFactor),
        usedAsCollateral: true,
      });
    });
    if (account.supply > 0n) {
      collateral.push({
        ...baseRef,
        amount: account.supply,
        price: state.basePrice,
        priceUnit: base.scale,
        liquidationThreshold: 0n,
        liquidationBonus: WAD,
        usedAsCollateral: false,
      });
    }
    const debt: DebtLeg[] =
      account.borrow > 0n ? [{ ...baseRef, amount: account.borrow, price: state.basePrice, priceUnit: base.scale }] : [];
    if (collateral.length === 0 && debt.length === 0) continue;
    positions.push({
      protocol: 'compound-v3',
      chainId: params.chainId,
      market: params.market,
      account: account.account,
      quote,
      quoteDecimals: COMET_PRICE_DECIMALS,
      blockNumber: state.blockNumber,
      timestamp: state.timestamp,
      collateral,
      debt,
      assets: marketAssets,
      details: { protocol: 'compound-v3', comet, baseToken: base.address },
      ...cometExtras(state, k, [base.address, ...collaterals.map((c) => c.address)], [base.priceFeed, ...collaterals.map((c) => c.priceFeed)]),
    });
  }
  return positions;
}

/** Interest state and oracle references of account k (see `interest.ts`). */
function cometExtras(state: MarketState, k: number, assets: Address[], feeds: Address[]): Pick<Position, 'interest' | 'oracles'> {
  const read = state.interest;
  if (!read) return {};
  const principal = read.principals[k];
  return {
    ...(read.market && principal !== undefined ? { interest: { protocol: 'compound-v3' as const, ...read.market, principal } } : {}),
    oracles: assets.map((asset, i) => ({ asset, updatedAt: read.updatedAt[i], feeds: [{ address: feeds[i]!, invert: false }] })),
  };
}
