import { getAddress, type Address, type Client } from 'viem';
import { GuardError } from '../../errors.ts';
import { WAD, mulDiv } from '../../core/math.ts';
import type { CollateralLeg, DebtLeg, MarketAsset, Position } from '../../core/types.ts';
import { addBlock, callBatch, type CallBatch } from '../shared/batch.ts';
import { cometAbi, type CometAssetInfo } from './abi.ts';
import { COMET_PRICE_DECIMALS, readCometMarketStatic, type CometMarketStatic } from './market.ts';
import { addCometInterest, type CometInterestRead } from './interest.ts';

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
 * What the legs carry (see lib/core/types.ts):
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

type Stale = 'stale';

async function readState(
  client: Client,
  params: ReadCompoundPositionsParameters,
  marketStatic: CometMarketStatic,
): Promise<Stale | { state: MarketState; marketStatic: CometMarketStatic }> {
  const batch = callBatch();
  const reads = queueState(batch, params, marketStatic);
  await batch.run(client);
  const { blockNumber, timestamp } = reads.block.value;
  const { comet, collaterals } = marketStatic;
  const numAssets = reads.numAssets.value;
  const baseFeed = reads.baseFeed.value;
  if (numAssets === undefined || !baseFeed) throw new GuardError('bad-data', `Comet ${comet} did not answer numAssets.`);
  if (numAssets !== collaterals.length) return 'stale';
  const infos = decodeAssetInfos(reads.infos, marketStatic);
  if (infos === 'stale') return infos;
  const accounts = reads.accounts.map((a) => decodeAccount(a, comet));
  const priced = await repriceMovedFeeds(client, blockNumber, marketStatic, {
    baseFeed: getAddress(baseFeed),
    infos,
    basePrice: positive(reads.basePrice.value),
    prices: reads.prices.map((h) => positive(h.value)),
  });
  return {
    state: { blockNumber, timestamp, infos, basePrice: priced.basePrice, prices: priced.prices, accounts, interest: reads.interest.value },
    marketStatic: priced.marketStatic,
  };
}

/** Everything one refresh reads, in one batch at the latest block (see `readCompoundPositions`). */
function queueState(batch: CallBatch, params: ReadCompoundPositionsParameters, marketStatic: CometMarketStatic) {
  const { comet, base, collaterals } = marketStatic;
  const accounts = params.accounts.map((a) => getAddress(a));
  const price = (feed: Address) => batch.add({ address: comet, abi: cometAbi, functionName: 'getPrice', args: [feed] });
  return {
    block: addBlock(batch, params.chainId),
    numAssets: batch.add({ address: comet, abi: cometAbi, functionName: 'numAssets' }),
    baseFeed: batch.add({ address: comet, abi: cometAbi, functionName: 'baseTokenPriceFeed' }),
    basePrice: price(base.priceFeed),
    infos: collaterals.map((c) => batch.add({ address: comet, abi: cometAbi, functionName: 'getAssetInfo', args: [c.offset] })),
    prices: collaterals.map((c) => price(c.priceFeed)),
    accounts: accounts.map((account) => ({
      account,
      borrow: batch.add({ address: comet, abi: cometAbi, functionName: 'borrowBalanceOf', args: [account] }),
      supply: batch.add({ address: comet, abi: cometAbi, functionName: 'balanceOf', args: [account] }),
      collateral: collaterals.map((c) => batch.add({ address: comet, abi: cometAbi, functionName: 'userCollateral', args: [account, c.address] })),
    })),
    interest: addCometInterest(batch, comet, accounts, [base.priceFeed, ...collaterals.map((c) => c.priceFeed)]),
  };
}
type StateReads = ReturnType<typeof queueState>;

/** Each collateral's current `AssetInfo`; 'stale' when the list was reordered since the static read. */
function decodeAssetInfos(handles: StateReads['infos'], { comet, collaterals }: CometMarketStatic): CometAssetInfo[] | Stale {
  const infos = handles.map((h, i) => {
    const info = h.value;
    if (!info) throw new GuardError('bad-data', `Comet ${comet} did not return asset ${collaterals[i]!.symbol}.`);
    return getAddress(info.asset) === collaterals[i]!.address ? info : undefined;
  });
  return infos.some((i) => i === undefined) ? 'stale' : (infos as CometAssetInfo[]);
}

function decodeAccount(reads: StateReads['accounts'][number], comet: Address): AccountState {
  const borrow = reads.borrow.value;
  const supply = reads.supply.value;
  const collateral = reads.collateral.map((h) => h.value?.[0]);
  if (borrow === undefined || supply === undefined || collateral.some((b) => b === undefined)) {
    throw new GuardError('bad-data', `Comet ${comet} did not return the balances of ${reads.account}.`);
  }
  return { account: reads.account, borrow, supply, collateral: collateral as bigint[] };
}

/**
 * Governance may re-point a price feed (an upgrade of the base feed, or updateAssetPriceFeed): price the new
 * feeds at the same block and keep them for the next refresh. No request when no feed moved.
 */
async function repriceMovedFeeds(
  client: Client,
  blockNumber: bigint,
  marketStatic: CometMarketStatic,
  read: { baseFeed: Address; infos: CometAssetInfo[]; basePrice: bigint | undefined; prices: (bigint | undefined)[] },
) {
  const { comet, base, collaterals } = marketStatic;
  const batch = callBatch();
  const price = (feed: Address) => batch.add({ address: comet, abi: cometAbi, functionName: 'getPrice', args: [feed] });
  const feeds = read.infos.map((info) => getAddress(info.priceFeed));
  const baseMoved = read.baseFeed !== base.priceFeed ? price(read.baseFeed) : undefined;
  const moved = collaterals.map((c, i) => (feeds[i] !== c.priceFeed ? price(feeds[i]!) : undefined));
  if (batch.calls.length === 0) return { basePrice: read.basePrice, prices: read.prices, marketStatic };
  await batch.run(client, { blockNumber });
  return {
    basePrice: baseMoved ? positive(baseMoved.value) : read.basePrice,
    prices: read.prices.map((p, i) => (moved[i] ? positive(moved[i].value) : p)),
    marketStatic: {
      ...marketStatic,
      base: { ...base, priceFeed: read.baseFeed },
      collaterals: collaterals.map((c, i) => ({ ...c, priceFeed: feeds[i]! })),
    },
  };
}

/** A price Comet accepts: `getPrice` reverts `BadPrice()` unless the feed's answer is positive. */
function positive(p: bigint | undefined): bigint | undefined {
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
  const marketAssets = cometMarketAssets(state, marketStatic);
  return state.accounts.flatMap((account, k) => {
    const { collateral, debt } = accountLegs(state, marketStatic, account);
    if (collateral.length === 0 && debt.length === 0) return [];
    const { base, collaterals, comet, quote } = marketStatic;
    const position: Position = {
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
    };
    return [position];
  });
}

const baseRefOf = ({ base }: CometMarketStatic) => ({ address: base.address, symbol: base.symbol, decimals: base.decimals });

function cometMarketAssets(state: MarketState, marketStatic: CometMarketStatic): MarketAsset[] {
  const { base, collaterals } = marketStatic;
  return [
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
      ...baseRefOf(marketStatic),
      price: state.basePrice,
      priceUnit: base.scale,
      liquidationThreshold: 0n,
      liquidationBonus: WAD,
      canBeCollateral: false,
      canBeBorrowed: true,
    },
  ];
}

function accountLegs(state: MarketState, marketStatic: CometMarketStatic, account: AccountState) {
  const { base, collaterals } = marketStatic;
  const baseRef = baseRefOf(marketStatic);
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
  return { collateral, debt };
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
