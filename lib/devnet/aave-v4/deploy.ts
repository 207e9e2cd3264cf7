/**
 * Aave v4 (Hub & Spoke) on the devnet — served by OUR STAND-IN contracts
 * (`lib/devnet/contracts/aave-v4/AaveV4StandIn.sol`),
 * NOT by Aave's: v4 is not on npm and nothing in the repo builds code taken from a repository. The stand-in
 * answers the Spoke / Hub / oracle views the guard's reader uses, with the same ABI and the formulas of the
 * v4 source (file:line in the .sol header), so the same reader runs unchanged against real v4 Spokes.
 *
 * Layout: one Hub listing WETH (18 decimals), WBTC (8), USDC (6) and DAI (18) — the Aave devnet's mintable
 * tokens — with a fixed yearly drawn rate each; two Spokes on that Hub ("Main": all four reserves, "Second":
 * WETH and USDC), each with its own oracle over shared settable 8-decimal feeds. Collateral risk is non-zero
 * so borrowers carry premium debt. This module holds that layout, the stand-in's admin ABI and its
 * deployment; what tests do afterwards (positions, prices, rates, a new dynamic config that puts users on
 * old and new config keys) is `actions.ts`.
 */
import { maxUint256, parseAbi, type Address } from 'viem';
import type { AaveV4MarketConfig } from '../../protocols/aave-v4/config.ts';
import { spokeAbi } from '../../protocols/aave-v4/abi.ts';
import { RESERVES } from '../aave-v3/config.ts';
import type { AaveDevnet } from '../aave-v3/deploy.ts';
import { DEVNET_CHAIN_ID } from '../anvil.ts';
import { ANVIL_ACCOUNTS, devnetClientFor, type Within } from '../chain.ts';
import { Deployer } from '../deployer.ts';
import { compileOwnContracts } from '../solc.ts';
import { mintableErc20Abi } from '../tokens.ts';

export type V4Symbol = 'WETH' | 'WBTC' | 'USDC' | 'DAI';
export const V4_SYMBOLS: readonly V4Symbol[] = ['WETH', 'WBTC', 'USDC', 'DAI'];
export type V4SpokeName = 'main' | 'second';

const RAY = 10n ** 27n;

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

/** An `AaveV4Devnet` or anything holding one as `.aaveV4` (the `Devnet` from startDevnet). */
export type AaveV4DevnetLike = Within<'aaveV4', AaveV4Devnet>;

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

/** A yearly rate (0.05 = 5 %) as the Hub's drawn rate, ray. */
export const v4YearlyRay = (rate: number) => (BigInt(Math.round(rate * 1e6)) * RAY) / 1_000_000n;

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
    await d.call(`v4 hub asset ${symbol}`, hub, v4StandInAbi, 'addAsset', [address, RESERVES[symbol].decimals, v4YearlyRay(V4_RESERVES[symbol].drawnRate)]);
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

  // Liquidity: the provider supplies (not as collateral) on the Main spoke; the Hub lends it to both spokes.
  const provider = ANVIL_ACCOUNTS[9];
  const lp = await Deployer.create(client, provider);
  const liquidity: Record<V4Symbol, bigint> = { WETH: 10_000n, WBTC: 500n, USDC: 50_000_000n, DAI: 50_000_000n };
  const main = spokes.main;
  for (const symbol of V4_SYMBOLS) {
    const amount = liquidity[symbol] * 10n ** BigInt(tokens[symbol].decimals);
    const token = tokens[symbol].address;
    await lp.call(`mint ${symbol}`, token, mintableErc20Abi, 'mint', [provider, amount]);
    await lp.call(`approve ${symbol}`, token, mintableErc20Abi, 'approve', [main.spoke, maxUint256]);
    await lp.call(`supply ${symbol}`, main.spoke, spokeAbi, 'supply', [BigInt(main.reserveIds[symbol]!), amount, provider]);
  }
  await lp.settle();
  return { rpcUrl: aave.rpcUrl, chainId: DEVNET_CHAIN_ID, hub, owner, tokens, spokes };
}
