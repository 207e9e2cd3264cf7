/**
 * Aave v4 (Hub & Spoke) on the devnet — served by OUR STAND-IN contracts (`contracts/aave-v4/AaveV4StandIn.sol`),
 * NOT by Aave's: v4 is not on npm and nothing in the repo builds code taken from a repository. The stand-in
 * answers the Spoke / Hub / oracle views the guard's reader uses, with the same ABI and the formulas of the
 * v4 source (file:line in the .sol header), so the same reader runs unchanged against real v4 Spokes.
 *
 * Layout: one Hub listing WETH (18 decimals), WBTC (8), USDC (6) and DAI (18) — the Aave devnet's mintable
 * tokens — with a fixed yearly drawn rate each; two Spokes on that Hub ("Main": all four reserves, "Second":
 * WETH and USDC), each with its own oracle over shared settable 8-decimal feeds. Collateral risk is non-zero
 * so borrowers carry premium debt. Tests change a reserve's dynamic config after positions open (see
 * `addDynamicConfig`) to get users on old and new config keys.
 */
import { maxUint256, parseAbi, type Abi, type Address, type Hex } from 'viem';
import type { AaveV4MarketConfig } from '../markets/types.ts';
import { spokeAbi } from '../protocols/aave-v4/abi.ts';
import { mintableErc20Abi } from './abis.ts';
import type { AaveDevnet } from './aave.ts';
import { RESERVES } from './aave-config.ts';
import { DEVNET_CHAIN_ID } from './anvil.ts';
import { ANVIL_ACCOUNTS, devnetClientFor } from './chain.ts';
import { Deployer } from './deployer.ts';
import { compileOwnContracts } from './solc.ts';

export type V4Symbol = 'WETH' | 'WBTC' | 'USDC' | 'DAI';
export const V4_SYMBOLS: readonly V4Symbol[] = ['WETH', 'WBTC', 'USDC', 'DAI'];
export type V4SpokeName = 'main' | 'second';

const RAY = 10n ** 27n;
const WAD = 10n ** 18n;

export interface V4ReserveSpec {
  /** bps of collateral value counted (dynamic config key 0). */
  collateralFactor: number;
  /** bps, 10000 = no bonus. */
  maxLiquidationBonus: number;
  /** bps of the bonus taken as the protocol's fee. */
  liquidationFee: number;
  /** bps; drives the premium (risk premium) of debt backed by this collateral. */
  collateralRisk: number;
  /** Yearly drawn rate of the Hub asset (0.05 = 5 %). */
  drawnRate: number;
}

export const V4_RESERVES: Record<V4Symbol, V4ReserveSpec> = {
  WETH: { collateralFactor: 80_00, maxLiquidationBonus: 105_00, liquidationFee: 10_00, collateralRisk: 10_00, drawnRate: 0.03 },
  WBTC: { collateralFactor: 75_00, maxLiquidationBonus: 107_00, liquidationFee: 10_00, collateralRisk: 15_00, drawnRate: 0.02 },
  USDC: { collateralFactor: 85_00, maxLiquidationBonus: 104_00, liquidationFee: 5_00, collateralRisk: 2_00, drawnRate: 0.06 },
  DAI: { collateralFactor: 82_00, maxLiquidationBonus: 105_00, liquidationFee: 5_00, collateralRisk: 5_00, drawnRate: 0.05 },
};

/** ISpoke.LiquidationConfig for both Spokes: back to HF 1.05, max bonus at HF ≤ 0.95, min bonus half of max. */
export const V4_LIQUIDATION_CONFIG = { targetHealthFactor: 105n * 10n ** 16n, healthFactorForMaxBonus: 95n * 10n ** 16n, liquidationBonusFactor: 50_00 };

export interface V4SpokeDevnet {
  name: V4SpokeName;
  spoke: Address;
  oracle: Address;
  /** Reserve id per listed symbol. */
  reserveIds: Partial<Record<V4Symbol, number>>;
  market: AaveV4MarketConfig;
}

export interface AaveV4Devnet {
  rpcUrl: string;
  chainId: typeof DEVNET_CHAIN_ID;
  hub: Address;
  /** Owner of the Hub and Spokes (anvil account #0). */
  owner: Address;
  tokens: Record<V4Symbol, { address: Address; decimals: number; assetId: number; feed: Address; price: bigint }>;
  spokes: Record<V4SpokeName, V4SpokeDevnet>;
}

// ---- compile and deploy ------------------------------------------------------------------------------------

export async function aaveV4StandInArtifacts() {
  const contract = await compileOwnContracts('aave-v4/AaveV4StandIn.sol');
  return {
    hub: contract('V4StandInHub'),
    spoke: contract('V4StandInSpoke'),
    oracle: contract('V4StandInOracle'),
    feed: contract('V4StandInPriceFeed'),
  };
}

/** The stand-in's own admin and test functions (its views are the real v4 ABI, `lib/protocols/aave-v4/abi.ts`). */
export const v4StandInAbi = parseAbi([
  'struct ReserveConfig { uint24 collateralRisk; bool paused; bool frozen; bool borrowable; bool receiveSharesEnabled; }',
  'struct DynamicReserveConfig { uint16 collateralFactor; uint32 maxLiquidationBonus; uint16 liquidationFee; }',
  'struct LiquidationConfig { uint128 targetHealthFactor; uint64 healthFactorForMaxBonus; uint16 liquidationBonusFactor; }',
  'function addAsset(address underlying, uint8 decimals, uint256 drawnRate) returns (uint256)',
  'function setDrawnRate(uint256 assetId, uint256 drawnRate)',
  'function setLiquidityFee(uint256 assetId, uint256 liquidityFee)',
  'function addReserve(address hub, uint256 assetId, address priceSource, ReserveConfig config, DynamicReserveConfig dyn) returns (uint256)',
  'function addDynamicReserveConfig(uint256 reserveId, DynamicReserveConfig dyn) returns (uint32)',
  'function updateLiquidationConfig(LiquidationConfig config)',
  'function setAnswer(int256 answer)',
]);

const yearlyRay = (rate: number) => (BigInt(Math.round(rate * 1e6)) * RAY) / 1_000_000n;

/** Deploy Hub, two Spokes with their oracles, feeds, and seed each Hub asset with liquidity (account #9). */
export async function deployAaveV4StandIn(aave: AaveDevnet): Promise<AaveV4Devnet> {
  const client = devnetClientFor(aave.rpcUrl);
  const owner = ANVIL_ACCOUNTS[0];
  const a = await aaveV4StandInArtifacts();
  const d = await Deployer.create(client, owner);
  const hub = await d.deploy('v4 Hub', a.hub.abi, a.hub.bytecode);
  const tokens = {} as AaveV4Devnet['tokens'];
  for (const [assetId, symbol] of V4_SYMBOLS.entries()) {
    const feed = await d.deploy(`v4 ${symbol} feed`, a.feed.abi, a.feed.bytecode, [RESERVES[symbol].price, `${symbol} / USD`]);
    const address = aave.reserves[symbol].address;
    await d.call(`v4 hub asset ${symbol}`, hub, v4StandInAbi, 'addAsset', [address, RESERVES[symbol].decimals, yearlyRay(V4_RESERVES[symbol].drawnRate)]);
    tokens[symbol] = { address, decimals: RESERVES[symbol].decimals, assetId, feed, price: RESERVES[symbol].price };
  }
  const spokes = {} as AaveV4Devnet['spokes'];
  const listings: [V4SpokeName, string, readonly V4Symbol[]][] = [
    ['main', 'Devnet Aave v4 Main', V4_SYMBOLS],
    ['second', 'Devnet Aave v4 Second', ['WETH', 'USDC']],
  ];
  for (const [name, marketName, symbols] of listings) {
    const oracle = await d.deploy(`v4 ${name} oracle`, a.oracle.abi, a.oracle.bytecode);
    const spoke = await d.deploy(`v4 ${name} spoke`, a.spoke.abi, a.spoke.bytecode, [oracle]);
    await d.call(`v4 ${name} liquidation config`, spoke, v4StandInAbi, 'updateLiquidationConfig', [V4_LIQUIDATION_CONFIG]);
    const reserveIds: V4SpokeDevnet['reserveIds'] = {};
    symbols.forEach((symbol, id) => {
      reserveIds[symbol] = id;
    });
    for (const symbol of symbols) {
      const spec = V4_RESERVES[symbol];
      await d.call(`v4 ${name} reserve ${symbol}`, spoke, v4StandInAbi, 'addReserve', [
        hub,
        BigInt(tokens[symbol].assetId),
        tokens[symbol].feed,
        { collateralRisk: spec.collateralRisk, paused: false, frozen: false, borrowable: true, receiveSharesEnabled: false },
        { collateralFactor: spec.collateralFactor, maxLiquidationBonus: spec.maxLiquidationBonus, liquidationFee: spec.liquidationFee },
      ]);
    }
    spokes[name] = { name, spoke, oracle, reserveIds, market: { protocol: 'aave-v4', chainId: DEVNET_CHAIN_ID, name: marketName, spoke } };
  }
  await d.settle();

  const v4: AaveV4Devnet = { rpcUrl: aave.rpcUrl, chainId: DEVNET_CHAIN_ID, hub, owner, tokens, spokes };
  // Liquidity: the provider supplies (not as collateral) on the Main spoke; the Hub lends it to both spokes.
  const provider = ANVIL_ACCOUNTS[9];
  const liquidity: Record<V4Symbol, bigint> = { WETH: 10_000n, WBTC: 500n, USDC: 50_000_000n, DAI: 50_000_000n };
  await v4Send(v4, provider, V4_SYMBOLS.flatMap((s) => supplySteps(v4, provider, 'main', s, liquidity[s] * 10n ** BigInt(tokens[s].decimals), false)));
  return v4;
}

// ---- actions -----------------------------------------------------------------------------------------------

export interface V4Step {
  label: string;
  to: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

/** Sends the steps back to back from `account` (unlocked or impersonated) and waits for all; throws on a revert. */
export async function v4Send(v4: AaveV4Devnet, account: Address, steps: readonly V4Step[]): Promise<void> {
  const d = await Deployer.create(devnetClientFor(v4.rpcUrl), account);
  for (const s of steps) await d.call(s.label, s.to, s.abi as never, s.functionName as never, s.args as never);
  await d.settle();
}

function reserveId(v4: AaveV4Devnet, spoke: V4SpokeName, symbol: V4Symbol): bigint {
  const id = v4.spokes[spoke].reserveIds[symbol];
  if (id === undefined) throw new Error(`${symbol} is not listed on the ${spoke} spoke.`);
  return BigInt(id);
}

/** Mint, approve, supply and (optionally) enable as collateral. */
export function supplySteps(v4: AaveV4Devnet, account: Address, spoke: V4SpokeName, symbol: V4Symbol, amount: bigint, collateral = true): V4Step[] {
  const token = v4.tokens[symbol].address;
  const s = v4.spokes[spoke].spoke;
  const id = reserveId(v4, spoke, symbol);
  return [
    { label: `mint ${symbol}`, to: token, abi: mintableErc20Abi, functionName: 'mint', args: [account, amount] },
    { label: `approve ${symbol}`, to: token, abi: mintableErc20Abi, functionName: 'approve', args: [s, maxUint256] },
    { label: `supply ${symbol}`, to: s, abi: spokeAbi, functionName: 'supply', args: [id, amount, account] },
    ...(collateral
      ? [{ label: `collateral ${symbol}`, to: s, abi: spokeAbi, functionName: 'setUsingAsCollateral', args: [id, true, account] } as V4Step]
      : []),
  ];
}

export function borrowStep(v4: AaveV4Devnet, account: Address, spoke: V4SpokeName, symbol: V4Symbol, amount: bigint): V4Step {
  return { label: `borrow ${symbol}`, to: v4.spokes[spoke].spoke, abi: spokeAbi, functionName: 'borrow', args: [reserveId(v4, spoke, symbol), amount, account] };
}

/** Governance adds a new dynamic config (the reserve's latest key); existing users keep theirs. */
export async function addDynamicConfig(
  v4: AaveV4Devnet,
  p: { spoke: V4SpokeName; symbol: V4Symbol; collateralFactor: number; maxLiquidationBonus: number; liquidationFee: number },
): Promise<void> {
  const { spoke, symbol, ...dyn } = p;
  await v4Send(v4, v4.owner, [
    { label: `new config ${symbol}`, to: v4.spokes[spoke].spoke, abi: v4StandInAbi, functionName: 'addDynamicReserveConfig', args: [reserveId(v4, spoke, symbol), dyn] },
  ]);
}

/** Sets the shared feed of a token (both spokes see it), 8 decimals. */
export async function setV4Price(v4: AaveV4Devnet, p: { symbol: V4Symbol; price: bigint }): Promise<void> {
  await v4Send(v4, v4.owner, [{ label: `price ${p.symbol}`, to: v4.tokens[p.symbol].feed, abi: v4StandInAbi, functionName: 'setAnswer', args: [p.price] }]);
}

/** Accrue and set every Hub asset's yearly rate (0 freezes indices so reads and later blocks agree). */
export async function setV4Rates(v4: AaveV4Devnet, rate: number | ((s: V4Symbol) => number)): Promise<void> {
  await v4Send(
    v4,
    v4.owner,
    V4_SYMBOLS.map((s) => ({
      label: `rate ${s}`,
      to: v4.hub,
      abi: v4StandInAbi,
      functionName: 'setDrawnRate',
      args: [BigInt(v4.tokens[s].assetId), yearlyRay(typeof rate === 'number' ? rate : rate(s))],
    })),
  );
}

export { RAY as V4_RAY, WAD as V4_WAD };
export type { Hex };
