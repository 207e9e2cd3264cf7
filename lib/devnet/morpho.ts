/**
 * Morpho Blue on the devnet: the real `Morpho.sol` (v1.0.0 from `@morpho-org/morpho-blue`, compiled here with
 * solc 0.8.19 and Morpho's own settings), our settable oracle and fixed-rate IRM (`contracts/morpho/`), the
 * four LLTVs the issue asks for, and a few markets with tokens of different decimals. Plus the actions a test
 * or demo needs: fund, supply, supply/withdraw collateral, borrow, repay, move the oracle, accrue, liquidate.
 *
 * Compilation: Morpho's foundry profile (via-IR, optimizer 999 999 runs, evm paris, no metadata hash). via-IR
 * takes ~8 s once; `compileSolidity` caches the output in `.cache/solc/` keyed by the sources and settings.
 *
 * Actions take `(devnet, params)` where `devnet` is a `MorphoDevnet` or anything holding one as `.morpho`,
 * and resolve once their transaction is mined. Writes are simulated first so a revert surfaces as a
 * `DevnetActionError` with Morpho's reason string (e.g. "insufficient collateral"); `morphoLiquidate`
 * returns `{ ok: false, reason }` instead for the revert tests assert on ("position is healthy"). Token
 * balances are topped up by minting (devnet tokens are free), so callers never fund by hand.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import {
  encodeAbiParameters,
  keccak256,
  maxUint256,
  numberToHex,
  padHex,
  parseAbi,
  parseUnits,
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import type { MorphoBlueMarketConfig } from '../markets/types.ts';
import type { MorphoMarketParams } from '../protocols/morpho-blue/market.ts';
import { WAD, borrowAssets, type MarketState } from '../protocols/morpho-blue/math.ts';
import type { AaveDevnet } from './aave.ts';
import { DevnetActionError, refusal, revertReason } from './actions.ts';
import { DEVNET_CHAIN_ID } from './anvil.ts';
import { loadArtifact } from './artifacts.ts';
import { ANVIL_ACCOUNTS, createDevnetClient, devnetClientFor, type DevnetClient } from './chain.ts';
import { Deployer } from './deployer.ts';
import { compileSolidity, contractBytecode, type SolcSettings } from './solc.ts';

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
  /** 'WETH/USDC' for the built-in markets; collateral/loan symbols for those made with `createMorphoMarket`. */
  key: string;
  /** keccak256(abi.encode(loanToken, collateralToken, oracle, irm, lltv)). */
  id: Hex;
  /** e.g. 'WETH/USDC 86%'. */
  name: string;
  params: MorphoMarketParams;
  loan: MorphoDevnetToken;
  collateral: MorphoDevnetToken;
  /** Oracle price at deployment (1e36-scaled). `setMorphoOraclePrice` changes the chain, not this field. */
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

/** A `MorphoDevnet` or anything holding one as `.morpho` (e.g. the lead's `Devnet`). */
export type MorphoDevnetLike = MorphoDevnet | { morpho: MorphoDevnet };

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

const tokenAbi = parseAbi([
  'function mint(uint256 value) returns (bool)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function decimals() view returns (uint8)',
]);

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
  const read = (name: string) => readFileSync(new URL(`./contracts/morpho/${name}`, import.meta.url), 'utf8');
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
export function aaveTokensForMorpho(aave: AaveDevnet | { aave: AaveDevnet }): Partial<Record<MorphoTokenSymbol, Address>> {
  const reserves = ('aave' in aave ? aave.aave : aave).reserves;
  return { WETH: reserves.WETH.address, WBTC: reserves.WBTC.address, USDC: reserves.USDC.address, DAI: reserves.DAI.address };
}

/** The devnet's Morpho as a markets-file entry (contract 1), listing every devnet market id. */
export function morphoMarketConfig(m: MorphoDevnetLike, name = 'Devnet Morpho'): MorphoBlueMarketConfig {
  const morpho = unwrap(m);
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
      name: `${spec.key} ${lltvLabel(spec.lltv)}`,
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
    const decimals = await client.readContract({ address: tokens[symbol].address, abi: tokenAbi, functionName: 'decimals' });
    if (decimals !== MORPHO_TOKENS[symbol].decimals) {
      throw new Error(`deployMorphoBlue: token ${symbol} has ${decimals} decimals, expected ${MORPHO_TOKENS[symbol].decimals}.`);
    }
  }

  const lp = await Deployer.create(client, liquidityProvider);
  const approved = new Set<Address>();
  for (const spec of MORPHO_MARKETS) {
    const market = markets[spec.key];
    const amount = spec.liquidity * 10n ** BigInt(market.loan.decimals);
    await lp.call(`mint ${spec.loan}`, market.loan.address, tokenAbi, 'mint', [amount]);
    if (!approved.has(market.loan.address)) {
      approved.add(market.loan.address);
      await lp.call(`approve ${spec.loan}`, market.loan.address, tokenAbi, 'approve', [morpho, maxUint256]);
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

const lltvLabel = (lltv: bigint): string => `${Number((lltv * 1000n) / WAD) / 10}%`;

/**
 * Create one more market on the devnet's Morpho (owner anvil #0): a new DevnetOracle at `price` (1e36-scaled,
 * see `morphoOraclePrice`), the devnet IRM unless `irm` is given (address(0) = no interest; it must be
 * enabled), an LLTV among `MORPHO_LLTVS`, and `liquidity` loan-token base units supplied by anvil #9.
 */
export async function createMorphoMarket(
  m: MorphoDevnetLike,
  p: { loan: MorphoDevnetToken; collateral: MorphoDevnetToken; lltv: bigint; price: bigint; irm?: Address; liquidity?: bigint },
): Promise<DevnetMorphoMarket> {
  const { morpho, client } = context(m);
  const { oracle: oracleCode } = await compileMorphoHelpers();
  const d = await Deployer.create(client, morpho.accounts.owner);
  const oracle = await d.deploy('oracle', oracleCode.abi, oracleCode.bytecode, [p.price]);
  const params: MorphoMarketParams = {
    loanToken: p.loan.address, collateralToken: p.collateral.address, oracle, irm: p.irm ?? morpho.addresses.irm, lltv: p.lltv,
  };
  await d.call('createMarket', morpho.addresses.morpho, morphoDevnetAbi, 'createMarket', [params]);
  await d.settle();
  const key = `${p.collateral.symbol}/${p.loan.symbol}`;
  const market: DevnetMorphoMarket = {
    key, id: morphoMarketId(params), name: `${key} ${lltvLabel(p.lltv)}`, params, loan: p.loan, collateral: p.collateral, initialPrice: p.price, fee: 0n,
  };
  if (p.liquidity && p.liquidity > 0n) {
    await morphoSupply(m, { account: morpho.accounts.liquidityProvider, market, assets: p.liquidity });
  }
  return market;
}

// ---- plumbing ----------------------------------------------------------------------------------------------


function unwrap(m: MorphoDevnetLike): MorphoDevnet {
  return 'addresses' in m ? m : m.morpho;
}

function context(m: MorphoDevnetLike): { morpho: MorphoDevnet; client: DevnetClient } {
  const morpho = unwrap(m);
  return { morpho, client: devnetClientFor(morpho.rpcUrl) };
}

const short = (a: Address): string => `${a.slice(0, 6)}…`;

interface Write {
  account: Address;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
}

/** Simulate (for a decoded revert reason), send, wait. Returns the simulated result and the receipt. */
async function write<T = unknown>(m: MorphoDevnetLike, action: string, call: Write): Promise<{ result: T; receipt: TransactionReceipt }> {
  const { client } = context(m);
  let request: unknown;
  let result: unknown;
  try {
    ({ request, result } = await client.simulateContract(call as never));
  } catch (error) {
    const reason = revertReason(error);
    throw new DevnetActionError(action, reason, reason === undefined ? ((error as Error).message.split('\n')[0] ?? 'failed') : `reverted: ${reason}`, { cause: error });
  }
  // A fixed gas limit: the estimate runs at the latest block's timestamp, where no interest is due, and the
  // real transaction a second later also writes the accrued totals — an estimated limit can run out.
  const hash = await client.writeContract({ ...(request as object), gas: 5_000_000n } as never);
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new DevnetActionError(action, undefined, `transaction ${hash} reverted`);
  return { result: result as T, receipt };
}

/**
 * Mint what `account` lacks to hold `needed` of `token`, and approve Morpho for it once (max allowance).
 * Actions do this themselves; tests call it ahead when the action's own block must be the only one mined.
 */
export async function prepareMorphoSpend(m: MorphoDevnetLike, p: { account: Address; token: Address; amount: bigint }): Promise<void> {
  return prepareSpend(m, p.account, p.token, p.amount);
}

async function prepareSpend(m: MorphoDevnetLike, account: Address, token: Address, needed: bigint): Promise<void> {
  const { morpho, client } = context(m);
  const [balance, allowance] = await Promise.all([
    client.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [account] }),
    client.readContract({ address: token, abi: tokenAbi, functionName: 'allowance', args: [account, morpho.addresses.morpho] }),
  ]);
  if (balance < needed) {
    await write(m, `mint for ${short(account)}`, { account, address: token, abi: tokenAbi, functionName: 'mint', args: [needed - balance] });
  }
  if (allowance < needed) {
    await write(m, `approve Morpho for ${short(account)}`, {
      account, address: token, abi: tokenAbi, functionName: 'approve', args: [morpho.addresses.morpho, maxUint256],
    });
  }
}

// ---- actions -----------------------------------------------------------------------------------------------

/** Mint devnet tokens to `account` (the token's `mint(uint256)`, sent by the account itself). */
export async function fundMorphoToken(m: MorphoDevnetLike, p: { account: Address; token: Address; amount: bigint }): Promise<TransactionReceipt> {
  return (await write(m, `mint for ${short(p.account)}`, { account: p.account, address: p.token, abi: tokenAbi, functionName: 'mint', args: [p.amount] })).receipt;
}

/** Supply loan-token liquidity (lender side). */
export async function morphoSupply(
  m: MorphoDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; assets: bigint; onBehalf?: Address },
): Promise<TransactionReceipt> {
  await prepareSpend(m, p.account, p.market.loan.address, p.assets);
  return (await write(m, `supply ${p.assets} ${p.market.loan.symbol} to ${p.market.name}`, {
    account: p.account, address: context(m).morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'supply',
    args: [p.market.params, p.assets, 0n, p.onBehalf ?? p.account, '0x'],
  })).receipt;
}

/** Supply collateral (minted as needed). */
export async function morphoSupplyCollateral(
  m: MorphoDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; assets: bigint; onBehalf?: Address },
): Promise<TransactionReceipt> {
  await prepareSpend(m, p.account, p.market.collateral.address, p.assets);
  return (await write(m, `supply ${p.assets} ${p.market.collateral.symbol} collateral to ${p.market.name} for ${short(p.account)}`, {
    account: p.account, address: context(m).morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'supplyCollateral',
    args: [p.market.params, p.assets, p.onBehalf ?? p.account, '0x'],
  })).receipt;
}

/** Withdraw collateral (reverts "insufficient collateral" if that would make the position unhealthy). */
export async function morphoWithdrawCollateral(
  m: MorphoDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; assets: bigint; receiver?: Address },
): Promise<TransactionReceipt> {
  return (await write(m, `withdraw ${p.assets} ${p.market.collateral.symbol} collateral from ${p.market.name} for ${short(p.account)}`, {
    account: p.account, address: context(m).morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'withdrawCollateral',
    args: [p.market.params, p.assets, p.account, p.receiver ?? p.account],
  })).receipt;
}

/** Borrow `assets` of the loan token (Morpho rounds the shares up). Returns the receipt and the shares minted. */
export async function morphoBorrow(
  m: MorphoDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; assets: bigint; receiver?: Address },
): Promise<{ receipt: TransactionReceipt; shares: bigint }> {
  const { result, receipt } = await write<readonly [bigint, bigint]>(m, `borrow ${p.assets} ${p.market.loan.symbol} from ${p.market.name} for ${short(p.account)}`, {
    account: p.account, address: context(m).morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'borrow',
    args: [p.market.params, p.assets, 0n, p.account, p.receiver ?? p.account],
  });
  return { receipt, shares: result[1] };
}

/**
 * Repay by `assets` (shares rounded down) or by `shares`; `all: true` repays every borrow share, the only
 * way to close a position exactly. The payer is minted what it lacks.
 */
export async function morphoRepay(
  m: MorphoDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; onBehalf?: Address } & ({ assets: bigint } | { shares: bigint } | { all: true }),
): Promise<{ receipt: TransactionReceipt; assets: bigint; shares: bigint }> {
  const onBehalf = p.onBehalf ?? p.account;
  let assets = 'assets' in p ? p.assets : 0n;
  let shares = 'shares' in p ? p.shares : 0n;
  if ('all' in p) shares = (await getMorphoPosition(m, { market: p.market, user: onBehalf })).borrowShares;
  // Enough for any interest until the transaction: the debt now plus 1 % plus one unit.
  const owed = assets > 0n ? assets : await debtUpperBound(m, p.market, shares);
  await prepareSpend(m, p.account, p.market.loan.address, owed);
  const { result, receipt } = await write<readonly [bigint, bigint]>(m, `repay ${p.market.loan.symbol} in ${p.market.name} for ${short(onBehalf)}`, {
    account: p.account, address: context(m).morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'repay',
    args: [p.market.params, assets, shares, onBehalf, '0x'],
  });
  [assets, shares] = result;
  return { receipt, assets, shares };
}

async function debtUpperBound(m: MorphoDevnetLike, market: DevnetMorphoMarket, shares: bigint): Promise<bigint> {
  const state = await getMorphoMarket(m, { market });
  const debt = borrowAssets(shares, state);
  return debt + debt / 100n + 1n;
}

/** Call `accrueInterest` (anyone may): stores the interest due up to this block's timestamp. */
export async function morphoAccrueInterest(m: MorphoDevnetLike, p: { market: DevnetMorphoMarket; from?: Address }): Promise<TransactionReceipt> {
  return (await write(m, `accrue interest in ${p.market.name}`, {
    account: p.from ?? ANVIL_ACCOUNTS[0], address: context(m).morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'accrueInterest',
    args: [p.market.params],
  })).receipt;
}

/**
 * Set the market oracle's price (1e36-scaled) by writing DevnetOracle's storage slot 0. No block is mined,
 * so time does not move (the contract's owner-only `setPrice` is there for demos that want a transaction).
 */
export async function setMorphoOraclePrice(m: MorphoDevnetLike, p: { market: DevnetMorphoMarket; price: bigint }): Promise<void> {
  if (p.price < 0n) throw new Error('setMorphoOraclePrice: a price cannot be negative.');
  await context(m).client.setStorageAt({ address: p.market.params.oracle, index: 0, value: padHex(numberToHex(p.price), { size: 32 }) });
}

export function getMorphoOraclePrice(m: MorphoDevnetLike, p: { market: DevnetMorphoMarket }): Promise<bigint> {
  return context(m).client.readContract({ address: p.market.params.oracle, abi: morphoDevnetOracleAbi, functionName: 'price' });
}

export type MorphoLiquidationResult =
  | { ok: true; receipt: TransactionReceipt; seizedAssets: bigint; repaidAssets: bigint }
  | { ok: false; reason: string };

/**
 * Liquidate `borrower`, by `seizedAssets` of collateral or `repaidShares` of debt (default: a quarter of the
 * borrow shares). Returns `{ ok: false, reason }` when Morpho refuses with a reason (e.g. "position is
 * healthy") instead of throwing; other failures throw. The liquidator is minted the loan token it needs.
 */
export async function morphoLiquidate(
  m: MorphoDevnetLike,
  p: { liquidator: Address; market: DevnetMorphoMarket; borrower: Address; seizedAssets?: bigint; repaidShares?: bigint },
): Promise<MorphoLiquidationResult> {
  const { morpho, client } = context(m);
  const position = await getMorphoPosition(m, { market: p.market, user: p.borrower });
  const seizedAssets = p.seizedAssets ?? 0n;
  const repaidShares = p.repaidShares ?? (seizedAssets > 0n ? 0n : position.borrowShares / 4n || position.borrowShares);
  await prepareSpend(m, p.liquidator, p.market.loan.address, await debtUpperBound(m, p.market, position.borrowShares));
  const call = {
    account: p.liquidator, address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'liquidate',
    args: [p.market.params, p.borrower, seizedAssets, repaidShares, '0x'],
  } as const;
  const refused = await refusal(client, call);
  if (refused !== undefined) return { ok: false, reason: refused };
  const { result, receipt } = await write<readonly [bigint, bigint]>(m, `liquidate ${short(p.borrower)} in ${p.market.name}`, call);
  return { ok: true, receipt, seizedAssets: result[0], repaidAssets: result[1] };
}

// ---- reads -------------------------------------------------------------------------------------------------

export interface MorphoPositionState {
  supplyShares: bigint;
  borrowShares: bigint;
  collateral: bigint;
}

/** `Morpho.position(id, user)` as stored (borrow shares, not assets: interest lives in the market's totals). */
export async function getMorphoPosition(
  m: MorphoDevnetLike,
  p: { market: DevnetMorphoMarket; user: Address; blockNumber?: bigint },
): Promise<MorphoPositionState> {
  const { morpho, client } = context(m);
  const [supplyShares, borrowShares, collateral] = await client.readContract({
    address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'position', args: [p.market.id, p.user],
    ...(p.blockNumber === undefined ? {} : { blockNumber: p.blockNumber }),
  });
  return { supplyShares, borrowShares, collateral };
}

/** `Morpho.market(id)` as stored (interest accrued up to `lastUpdate` only). */
export async function getMorphoMarket(m: MorphoDevnetLike, p: { market: DevnetMorphoMarket; blockNumber?: bigint }): Promise<MarketState> {
  const { morpho, client } = context(m);
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] = await client.readContract({
    address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'market', args: [p.market.id],
    ...(p.blockNumber === undefined ? {} : { blockNumber: p.blockNumber }),
  });
  return { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee };
}

/** Supply collateral, then borrow: a position in one call. */
export async function openMorphoPosition(
  m: MorphoDevnetLike,
  p: { account: Address; market: DevnetMorphoMarket; collateral: bigint; borrow?: bigint },
): Promise<MorphoPositionState> {
  if (p.collateral > 0n) await morphoSupplyCollateral(m, { account: p.account, market: p.market, assets: p.collateral });
  if (p.borrow && p.borrow > 0n) await morphoBorrow(m, { account: p.account, market: p.market, assets: p.borrow });
  return getMorphoPosition(m, { market: p.market, user: p.account });
}
