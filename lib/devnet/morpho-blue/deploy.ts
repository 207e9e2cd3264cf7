/**
 * Morpho Blue on the devnet, as `startDevnet` puts it there: the real `Morpho.sol` (v1.0.0 from
 * `@morpho-org/morpho-blue`, compiled here with solc 0.8.19 and Morpho's own settings), our settable oracle
 * and fixed-rate IRM (`../contracts/morpho/`), the four LLTVs the issue asks for, and a few markets with
 * tokens of different decimals: the configuration, the ABIs, compiling, deploying and configuring. What a
 * test does to it afterwards (positions, prices, liquidations, one more market) is `actions.ts`.
 *
 * Compilation: Morpho's foundry profile (via-IR, optimizer 999 999 runs, evm paris, no metadata hash). via-IR
 * takes ~8 s once; `compileSolidity` caches the output in `.cache/solc/` keyed by the sources and settings.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import {
  encodeAbiParameters,
  keccak256,
  maxUint256,
  parseAbi,
  parseUnits,
  type Abi,
  type Address,
  type Hex,
} from 'viem';
import type { MorphoBlueMarketConfig } from '../../protocols/morpho-blue/config.ts';
import type { MorphoMarketParams } from '../../protocols/morpho-blue/market.ts';
import { WAD } from '../../protocols/morpho-blue/math.ts';
import type { AaveV3DevnetLike } from '../aave-v3/deploy.ts';
import { DEVNET_CHAIN_ID } from '../anvil.ts';
import { loadArtifact } from '../artifacts.ts';
import { ANVIL_ACCOUNTS, createDevnetClient, deploymentOf, type DevnetClient, type Within } from '../chain.ts';
import { Deployer } from '../deployer.ts';
import { compileSolidity, contractBytecode, type SolcSettings } from '../solc.ts';
import { mintableErc20Abi } from '../tokens.ts';

// ---- configuration -----------------------------------------------------------------------------------------

export type MorphoTokenSymbol = 'WETH' | 'WBTC' | 'USDC' | 'DAI' | 'wstETH';
export type MorphoMarketKey = 'WETH/USDC' | 'WBTC/USDC' | 'wstETH/WETH' | 'WETH/DAI';

export const MORPHO_TOKENS: Record<MorphoTokenSymbol, { name: string; decimals: number }> = {
  WETH: { name: 'Wrapped Ether', decimals: 18 },
  WBTC: { name: 'Wrapped BTC', decimals: 8 },
  USDC: { name: 'USD Coin', decimals: 6 },
  DAI: { name: 'Dai Stablecoin', decimals: 18 },
  wstETH: { name: 'Wrapped liquid staked Ether (devnet)', decimals: 18 },
};

const pct = (basisPoints: bigint): bigint => (basisPoints * WAD) / 10_000n;

/** The LLTVs the devnet's Morpho enables (WAD): 77 %, 86 %, 91.5 %, 94.5 %, as on Morpho's main deployments. */
export const MORPHO_LLTVS: readonly bigint[] = [pct(7700n), pct(8600n), pct(9150n), pct(9450n)];

export interface MorphoMarketSpec {
  key: MorphoMarketKey;
  collateral: MorphoTokenSymbol;
  loan: MorphoTokenSymbol;
  lltv: bigint;
  /** Loan tokens per collateral token, human (e.g. '2000' USDC per WETH); becomes the oracle's 1e36-scaled price. */
  price: string;
  /** Whole loan tokens the liquidity provider supplies. */
  liquidity: bigint;
  /** Protocol fee on interest, WAD (0 = none). */
  fee: bigint;
}

/** Pairs of different decimals (18/6, 8/6, 18/18) over all four LLTVs; one market carries a fee. */
export const MORPHO_MARKETS: readonly MorphoMarketSpec[] = [
  { key: 'WETH/USDC', collateral: 'WETH', loan: 'USDC', lltv: pct(8600n), price: '2000', liquidity: 20_000_000n, fee: pct(1000n) },
  { key: 'WBTC/USDC', collateral: 'WBTC', loan: 'USDC', lltv: pct(9150n), price: '60000', liquidity: 20_000_000n, fee: 0n },
  { key: 'wstETH/WETH', collateral: 'wstETH', loan: 'WETH', lltv: pct(9450n), price: '1.2', liquidity: 20_000n, fee: 0n },
  { key: 'WETH/DAI', collateral: 'WETH', loan: 'DAI', lltv: pct(7700n), price: '2000', liquidity: 20_000_000n, fee: 0n },
];

/** ~10 % a year, per second (WAD): interest is visible within a test but small against a 0.01 % bracket per hour. */
export const DEFAULT_RATE_PER_SECOND = 10n ** 17n / 31_536_000n;

// ---- types -------------------------------------------------------------------------------------------------

export interface MorphoDevnetToken {
  address: Address;
  symbol: MorphoTokenSymbol;
  decimals: number;
}

export interface DevnetMorphoMarket {
  /** 'WETH/USDC' for the built-in markets; collateral/loan symbols for those made with the `createMarket` action. */
  key: string;
  /** keccak256(abi.encode(loanToken, collateralToken, oracle, irm, lltv)). */
  id: Hex;
  /** e.g. 'WETH/USDC 86%'. */
  name: string;
  params: MorphoMarketParams;
  loan: MorphoDevnetToken;
  collateral: MorphoDevnetToken;
  /** Oracle price at deployment (1e36-scaled). The `setPrice` action changes the chain, not this field. */
  initialPrice: bigint;
  fee: bigint;
}

export interface MorphoDevnet {
  rpcUrl: string;
  chainId: typeof DEVNET_CHAIN_ID;
  addresses: { morpho: Address; irm: Address };
  /** The IRM's fixed borrow rate per second (WAD). */
  ratePerSecond: bigint;
  lltvs: readonly bigint[];
  tokens: Record<MorphoTokenSymbol, MorphoDevnetToken>;
  markets: Record<MorphoMarketKey, DevnetMorphoMarket>;
  /** anvil #0 owns Morpho (and is its fee recipient); #9 supplies the loan-token liquidity. */
  accounts: { owner: Address; liquidityProvider: Address };
}

/** A `MorphoDevnet` or anything holding one as `.morpho` (the `Devnet` from startDevnet). */
export type MorphoBlueDevnetLike = Within<'morpho', MorphoDevnet>;

export interface DeployMorphoBlueOptions {
  /**
   * Tokens that already exist on the devnet, by symbol (e.g. the Aave devnet's reserves, see
   * `aaveTokensForMorpho`). They must have the devnet token interface (anyone may `mint(uint256)`) and the
   * decimals of `MORPHO_TOKENS`. Missing symbols get a fresh MintableERC20.
   */
  tokens?: Partial<Record<MorphoTokenSymbol, Address>>;
  /** The IRM's borrow rate per second, WAD (default `DEFAULT_RATE_PER_SECOND`, must be > 0 to accrue). */
  ratePerSecond?: bigint;
}

// ---- ABIs --------------------------------------------------------------------------------------------------

const marketParamsStruct =
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }';

/** Morpho's write functions and views, typed (deployment uses the compiled ABI). */
export const morphoDevnetAbi = parseAbi([
  marketParamsStruct,
  'function owner() view returns (address)',
  'function enableIrm(address irm)',
  'function enableLltv(uint256 lltv)',
  'function setFeeRecipient(address newFeeRecipient)',
  'function setFee(MarketParams marketParams, uint256 newFee)',
  'function createMarket(MarketParams marketParams)',
  'function supply(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256, uint256)',
  'function withdraw(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256, uint256)',
  'function borrow(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256, uint256)',
  'function repay(MarketParams marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256, uint256)',
  'function supplyCollateral(MarketParams marketParams, uint256 assets, address onBehalf, bytes data)',
  'function withdrawCollateral(MarketParams marketParams, uint256 assets, address onBehalf, address receiver)',
  'function liquidate(MarketParams marketParams, address borrower, uint256 seizedAssets, uint256 repaidShares, bytes data) returns (uint256, uint256)',
  'function accrueInterest(MarketParams marketParams)',
  'function idToMarketParams(bytes32 id) view returns (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)',
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
  'function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)',
  'function isLltvEnabled(uint256 lltv) view returns (bool)',
]);

export const morphoDevnetOracleAbi = parseAbi(['function price() view returns (uint256)', 'function setPrice(uint256 newPrice)']);

// ---- compilation -------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);

/** Morpho Blue's foundry profile (morpho-blue `foundry.toml`: via_ir, 999999 runs, paris, bytecode_hash none). */
export const MORPHO_SOLC_SETTINGS: SolcSettings = {
  optimizer: { enabled: true, runs: 999_999 },
  viaIR: true,
  evmVersion: 'paris',
  metadata: { bytecodeHash: 'none' },
};

const MORPHO_PREFIX = '@morpho-org/morpho-blue/src/';

function listSol(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSol(path);
    return name.endsWith('.sol') ? [path] : [];
  });
}

/** Morpho.sol and what it imports: everything under src/ but the mocks and the periphery libraries. */
function morphoSources(): Record<string, string> {
  const src = join(dirname(require.resolve('@morpho-org/morpho-blue/package.json')), 'src');
  const sources: Record<string, string> = {};
  for (const file of listSol(src)) {
    const rel = relative(src, file).split('\\').join('/');
    if (rel.startsWith('mocks/') || rel.startsWith('libraries/periphery/')) continue;
    sources[MORPHO_PREFIX + rel] = readFileSync(file, 'utf8');
  }
  return sources;
}

interface Compiled {
  abi: Abi;
  bytecode: Hex;
}

/** Morpho's creation bytecode and ABI (compiled once, then from `.cache/solc`). */
export async function compileMorpho(): Promise<Compiled> {
  const output = await compileSolidity(morphoSources(), {
    ...MORPHO_SOLC_SETTINGS,
    outputSelection: { [`${MORPHO_PREFIX}Morpho.sol`]: { Morpho: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  });
  return contractBytecode(output, `${MORPHO_PREFIX}Morpho.sol`, 'Morpho');
}

/** Our DevnetOracle and FixedRateIrm. */
export async function compileMorphoHelpers(): Promise<{ oracle: Compiled; irm: Compiled }> {
  const read = (name: string) => readFileSync(new URL(`../contracts/morpho/${name}`, import.meta.url), 'utf8');
  const output = await compileSolidity({ 'DevnetOracle.sol': read('DevnetOracle.sol'), 'FixedRateIrm.sol': read('FixedRateIrm.sol') });
  return {
    oracle: contractBytecode(output, 'DevnetOracle.sol', 'DevnetOracle'),
    irm: contractBytecode(output, 'FixedRateIrm.sol', 'FixedRateIrm'),
  };
}

// ---- ids and prices ----------------------------------------------------------------------------------------

/** Morpho's `MarketParamsLib.id`: keccak256 of the five params ABI-encoded (5 × 32 bytes). */
export function morphoMarketId(params: MorphoMarketParams): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'address' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }],
      [params.loanToken, params.collateralToken, params.oracle, params.irm, params.lltv],
    ),
  );
}

/**
 * A human price (loan tokens per collateral token) as Morpho's oracle scale: loan base units per collateral
 * base unit × 1e36, i.e. `price × 10^(36 + loanDecimals − collateralDecimals)`, exact for decimal strings.
 */
export function morphoOraclePrice(price: string | number, collateralDecimals: number, loanDecimals: number): bigint {
  return parseUnits(String(price), 36 + loanDecimals - collateralDecimals);
}

/** The Aave devnet's reserves that the Morpho markets reuse (same addresses, so both protocols share tokens). */
export function aaveTokensForMorpho(aave: AaveV3DevnetLike): Partial<Record<MorphoTokenSymbol, Address>> {
  const reserves = deploymentOf(aave, 'aave').reserves;
  return { WETH: reserves.WETH.address, WBTC: reserves.WBTC.address, USDC: reserves.USDC.address, DAI: reserves.DAI.address };
}

/** The devnet's Morpho as a markets-file entry (contract 1), listing every devnet market id. */
export function morphoMarketConfig(m: MorphoBlueDevnetLike, name = 'Devnet Morpho'): MorphoBlueMarketConfig {
  const morpho = deploymentOf(m, 'morpho');
  return {
    protocol: 'morpho-blue',
    chainId: morpho.chainId,
    name,
    morpho: morpho.addresses.morpho,
    marketIds: Object.values(morpho.markets).map((market) => market.id),
  };
}

// ---- deployment --------------------------------------------------------------------------------------------

/**
 * Deploy Morpho Blue (owner: anvil #0), the fixed-rate IRM, the missing tokens, one oracle per market; enable
 * the IRM and the four LLTVs, create the `MORPHO_MARKETS`, set the fee where the spec has one, and supply each
 * market's loan-token liquidity from anvil #9. Takes ~0.3 s once compiled.
 */
export async function deployMorphoBlue(rpcUrlOrClient: string | DevnetClient, opts: DeployMorphoBlueOptions = {}): Promise<MorphoDevnet> {
  const client = typeof rpcUrlOrClient === 'string' ? createDevnetClient(rpcUrlOrClient) : rpcUrlOrClient;
  const rpcUrl = typeof rpcUrlOrClient === 'string' ? rpcUrlOrClient : client.chain.rpcUrls.default.http[0];
  const ratePerSecond = opts.ratePerSecond ?? DEFAULT_RATE_PER_SECOND;
  if (ratePerSecond <= 0n) throw new Error('deployMorphoBlue: the IRM rate must be positive so interest accrues.');
  const owner = ANVIL_ACCOUNTS[0];
  const liquidityProvider = ANVIL_ACCOUNTS[9];
  const [morphoCode, helpers] = await Promise.all([compileMorpho(), compileMorphoHelpers()]);

  const d = await Deployer.create(client, owner);
  const morpho = await d.deploy('Morpho', morphoCode.abi, morphoCode.bytecode, [owner]);
  const irm = await d.deploy('FixedRateIrm', helpers.irm.abi, helpers.irm.bytecode, [ratePerSecond]);

  const tokenArtifact = loadArtifact('@aave/core-v3', 'mocks/tokens/MintableERC20.sol/MintableERC20.json');
  const tokens = {} as Record<MorphoTokenSymbol, MorphoDevnetToken>;
  for (const symbol of Object.keys(MORPHO_TOKENS) as MorphoTokenSymbol[]) {
    const spec = MORPHO_TOKENS[symbol];
    const existing = opts.tokens?.[symbol];
    const address = existing ?? (await d.deploy(`token ${symbol}`, tokenArtifact.abi, tokenArtifact.bytecode, [spec.name, symbol, spec.decimals]));
    tokens[symbol] = { address, symbol, decimals: spec.decimals };
  }

  await d.call('enableIrm', morpho, morphoDevnetAbi, 'enableIrm', [irm]);
  for (const lltv of MORPHO_LLTVS) await d.call(`enableLltv ${lltv}`, morpho, morphoDevnetAbi, 'enableLltv', [lltv]);
  await d.call('setFeeRecipient', morpho, morphoDevnetAbi, 'setFeeRecipient', [owner]);

  const markets = {} as Record<MorphoMarketKey, DevnetMorphoMarket>;
  for (const spec of MORPHO_MARKETS) {
    const loan = tokens[spec.loan];
    const collateral = tokens[spec.collateral];
    const initialPrice = morphoOraclePrice(spec.price, collateral.decimals, loan.decimals);
    const oracle = await d.deploy(`oracle ${spec.key}`, helpers.oracle.abi, helpers.oracle.bytecode, [initialPrice]);
    const params: MorphoMarketParams = { loanToken: loan.address, collateralToken: collateral.address, oracle, irm, lltv: spec.lltv };
    await d.call(`createMarket ${spec.key}`, morpho, morphoDevnetAbi, 'createMarket', [params]);
    if (spec.fee > 0n) await d.call(`setFee ${spec.key}`, morpho, morphoDevnetAbi, 'setFee', [params, spec.fee]);
    markets[spec.key] = {
      key: spec.key,
      id: morphoMarketId(params),
      name: `${spec.key} ${morphoLltvLabel(spec.lltv)}`,
      params,
      loan,
      collateral,
      initialPrice,
      fee: spec.fee,
    };
  }
  await d.settle();

  // Existing tokens must match the decimals the prices were scaled with.
  for (const symbol of Object.keys(opts.tokens ?? {}) as MorphoTokenSymbol[]) {
    const decimals = await client.readContract({ address: tokens[symbol].address, abi: mintableErc20Abi, functionName: 'decimals' });
    if (decimals !== MORPHO_TOKENS[symbol].decimals) {
      throw new Error(`deployMorphoBlue: token ${symbol} has ${decimals} decimals, expected ${MORPHO_TOKENS[symbol].decimals}.`);
    }
  }

  const lp = await Deployer.create(client, liquidityProvider);
  const approved = new Set<Address>();
  for (const spec of MORPHO_MARKETS) {
    const market = markets[spec.key];
    const amount = spec.liquidity * 10n ** BigInt(market.loan.decimals);
    await lp.call(`mint ${spec.loan}`, market.loan.address, mintableErc20Abi, 'mint', [amount]);
    if (!approved.has(market.loan.address)) {
      approved.add(market.loan.address);
      await lp.call(`approve ${spec.loan}`, market.loan.address, mintableErc20Abi, 'approve', [morpho, maxUint256]);
    }
    await lp.call(`supply ${spec.key}`, morpho, morphoDevnetAbi, 'supply', [market.params, amount, 0n, liquidityProvider, '0x']);
  }
  await lp.settle();

  return {
    rpcUrl,
    chainId: DEVNET_CHAIN_ID,
    addresses: { morpho, irm },
    ratePerSecond,
    lltvs: MORPHO_LLTVS,
    tokens,
    markets,
    accounts: { owner, liquidityProvider },
  };
}

export const morphoLltvLabel = (lltv: bigint): string => `${Number((lltv * 1000n) / WAD) / 10}%`;
