/**
 * Deploy a real Aave v3.0 market (the audited bytecode from `@aave/core-v3` 1.19.x and
 * `@aave/periphery-v3`) on an anvil devnet, list the reserves of `aave-config.ts` and seed liquidity.
 *
 * Order matters in places the contracts enforce:
 * - the addresses provider needs its ACL admin before `ACLManager` is constructed (its constructor reads it
 *   and reverts '75' when zero);
 * - `setPoolImpl` / `setPoolConfiguratorImpl` create and initialise the proxies, whose addresses are read
 *   back; token implementations are constructed with the Pool proxy;
 * - a debt ceiling can only be set on a reserve nobody supplied yet, and e-mode assignment needs the
 *   category to exist with a higher LT than the asset's, so all configuration precedes the liquidity deposit.
 */
import { maxUint256, type Address } from 'viem';
import { addressesProviderAbi, aclManagerAbi, dataProviderAbi, poolAbi, poolConfiguratorAbi } from './abis.ts';
import {
  ETH_USD_PRICE,
  LIQUIDATION_PROTOCOL_FEE,
  MARKET_ID,
  RESERVE_FACTOR,
  RESERVE_SYMBOLS,
  RESERVES,
  STABLECOINS_EMODE,
  USD_USD_PRICE,
  type RateStrategySpec,
  type ReserveSymbol,
} from './config.ts';
import { DEVNET_CHAIN_ID } from '../anvil.ts';
import { linkBytecode, loadArtifact, type Artifact } from '../artifacts.ts';
import { ANVIL_ACCOUNTS, createDevnetClient, type Within } from '../chain.ts';
import { Deployer } from '../deployer.ts';
import { mintableErc20Abi } from '../tokens.ts';

export type { ReserveSymbol };

export interface DevnetReserve {
  address: Address;
  symbol: ReserveSymbol;
  decimals: number;
  aToken: Address;
  variableDebtToken: Address;
  stableDebtToken: Address;
  /** The MockAggregator AaveOracle reads for this asset (its answer is storage slot 0). */
  aggregator: Address;
  /** Price at deploy, USD with 8 decimals. `setPrice` changes the chain, not this field. */
  price: bigint;
}

export interface AaveDevnet {
  rpcUrl: string;
  chainId: typeof DEVNET_CHAIN_ID;
  addresses: {
    poolAddressesProvider: Address;
    pool: Address;
    poolConfigurator: Address;
    aclManager: Address;
    oracle: Address;
    protocolDataProvider: Address;
    uiPoolDataProvider: Address;
  };
  reserves: Record<ReserveSymbol, DevnetReserve>;
  eModeCategories: { stablecoins: 1 };
  isolatedAsset: 'GHOST';
  /** anvil account #0 (deployer, ACL/pool/risk/emergency admin, treasury) and #9 (liquidity provider). */
  accounts: { admin: Address; liquidityProvider: Address };
}

/** An `AaveDevnet` (either market) or anything holding one as `.aave` (the `Devnet` from startDevnet). */
export type AaveV3DevnetLike = Within<'aave', AaveDevnet>;

const core = (path: string): Artifact => loadArtifact('@aave/core-v3', path);
const periphery = (path: string): Artifact => loadArtifact('@aave/periphery-v3', path);

/** Pool's and PoolConfigurator's libraries, in dependency order (FlashLoanLogic links BorrowLogic). */
const LIBRARIES = [
  'SupplyLogic',
  'BorrowLogic',
  'LiquidationLogic',
  'EModeLogic',
  'BridgeLogic',
  'PoolLogic',
  'FlashLoanLogic',
  'ConfiguratorLogic',
] as const;

export async function deployAaveV3(rpcUrl: string): Promise<AaveDevnet> {
  const client = createDevnetClient(rpcUrl);
  const admin = ANVIL_ACCOUNTS[0];
  const liquidityProvider = ANVIL_ACCOUNTS[9];
  const d = await Deployer.create(client, admin);
  const deployArtifact = (a: Artifact, args: readonly unknown[] = [], libs: Record<string, Address> = {}) =>
    d.deploy(a.contractName, a.abi, linkBytecode(a, libs), args);

  // --- libraries, provider, ACL, Pool and PoolConfigurator proxies -----------------------------------------
  const libs: Record<string, Address> = {};
  for (const name of LIBRARIES) {
    libs[name] = await deployArtifact(core(`protocol/libraries/logic/${name}.sol/${name}.json`), [], libs);
  }
  const provider = await deployArtifact(core('protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json'), [MARKET_ID, admin]);
  await d.call('setACLAdmin', provider, addressesProviderAbi, 'setACLAdmin', [admin]);
  const aclManager = await deployArtifact(core('protocol/configuration/ACLManager.sol/ACLManager.json'), [provider]);
  await d.call('setACLManager', provider, addressesProviderAbi, 'setACLManager', [aclManager]);
  for (const role of ['addPoolAdmin', 'addRiskAdmin', 'addEmergencyAdmin', 'addAssetListingAdmin'] as const) {
    await d.call(role, aclManager, aclManagerAbi, role, [admin]);
  }
  const poolImpl = await deployArtifact(core('protocol/pool/Pool.sol/Pool.json'), [provider], libs);
  await d.call('setPoolImpl', provider, addressesProviderAbi, 'setPoolImpl', [poolImpl]);
  const configuratorImpl = await deployArtifact(core('protocol/pool/PoolConfigurator.sol/PoolConfigurator.json'), [], libs);
  await d.call('setPoolConfiguratorImpl', provider, addressesProviderAbi, 'setPoolConfiguratorImpl', [configuratorImpl]);

  // --- tokens, price feeds, oracle, data providers, rate strategies ---------------------------------------
  const tokenArtifact = core('mocks/tokens/MintableERC20.sol/MintableERC20.json');
  const aggregatorArtifact = core('mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json');
  const tokens = {} as Record<ReserveSymbol, Address>;
  const aggregators = {} as Record<ReserveSymbol, Address>;
  for (const symbol of RESERVE_SYMBOLS) {
    const spec = RESERVES[symbol];
    tokens[symbol] = await deployArtifact(tokenArtifact, [spec.name, spec.symbol, spec.decimals]);
    aggregators[symbol] = await deployArtifact(aggregatorArtifact, [spec.price]);
  }
  const assets = RESERVE_SYMBOLS.map((s) => tokens[s]);
  const zero: Address = '0x0000000000000000000000000000000000000000';
  const oracle = await deployArtifact(core('misc/AaveOracle.sol/AaveOracle.json'), [
    provider,
    assets,
    RESERVE_SYMBOLS.map((s) => aggregators[s]),
    zero, // no fallback oracle
    zero, // base currency: USD, which Aave encodes as address 0 …
    10n ** 8n, // … with 8 decimals
  ]);
  await d.call('setPriceOracle', provider, addressesProviderAbi, 'setPriceOracle', [oracle]);
  const protocolDataProvider = await deployArtifact(core('misc/AaveProtocolDataProvider.sol/AaveProtocolDataProvider.json'), [provider]);
  await d.call('setPoolDataProvider', provider, addressesProviderAbi, 'setPoolDataProvider', [protocolDataProvider]);
  const ethUsdFeed = await deployArtifact(aggregatorArtifact, [ETH_USD_PRICE]);
  const usdUsdFeed = await deployArtifact(aggregatorArtifact, [USD_USD_PRICE]);
  const uiPoolDataProvider = await deployArtifact(
    periphery('misc/UiPoolDataProviderV3.sol/UiPoolDataProviderV3.json'),
    [ethUsdFeed, usdUsdFeed],
  );
  const strategyArtifact = core('protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json');
  const strategies = new Map<RateStrategySpec, Address>();
  for (const symbol of RESERVE_SYMBOLS) {
    const r = RESERVES[symbol].rates;
    if (strategies.has(r)) continue;
    strategies.set(r, await deployArtifact(strategyArtifact, [
      provider, r.optimalUsageRatio, r.baseVariableBorrowRate, r.variableRateSlope1, r.variableRateSlope2,
      r.stableRateSlope1, r.stableRateSlope2, r.baseStableRateOffset, r.stableRateExcessOffset,
      r.optimalStableToTotalDebtRatio,
    ]));
  }
  await d.settle();

  const [pool, poolConfigurator] = await Promise.all([
    client.readContract({ address: provider, abi: addressesProviderAbi, functionName: 'getPool' }),
    client.readContract({ address: provider, abi: addressesProviderAbi, functionName: 'getPoolConfigurator' }),
  ]);

  // --- token implementations (constructed with the Pool proxy), listing and risk parameters ---------------
  const aTokenImpl = await deployArtifact(core('protocol/tokenization/AToken.sol/AToken.json'), [pool]);
  const stableDebtImpl = await deployArtifact(core('protocol/tokenization/StableDebtToken.sol/StableDebtToken.json'), [pool]);
  const variableDebtImpl = await deployArtifact(core('protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json'), [pool]);
  for (const symbol of RESERVE_SYMBOLS) {
    // One reserve per transaction: each listing creates three proxies, and one transaction per reserve keeps
    // every step well under the Deployer's fixed gas limit.
    const spec = RESERVES[symbol];
    await d.call(`initReserves ${symbol}`, poolConfigurator, poolConfiguratorAbi, 'initReserves', [[{
      aTokenImpl,
      stableDebtTokenImpl: stableDebtImpl,
      variableDebtTokenImpl: variableDebtImpl,
      underlyingAssetDecimals: spec.decimals,
      interestRateStrategyAddress: strategies.get(spec.rates)!,
      underlyingAsset: tokens[symbol],
      treasury: admin,
      incentivesController: zero,
      aTokenName: `Aave Devnet ${symbol}`,
      aTokenSymbol: `aDev${symbol}`,
      variableDebtTokenName: `Aave Devnet Variable Debt ${symbol}`,
      variableDebtTokenSymbol: `variableDebtDev${symbol}`,
      stableDebtTokenName: `Aave Devnet Stable Debt ${symbol}`,
      stableDebtTokenSymbol: `stableDebtDev${symbol}`,
      params: '0x',
    }]]);
  }
  const C = poolConfiguratorAbi;
  const E = STABLECOINS_EMODE;
  await d.call('setEModeCategory', poolConfigurator, C, 'setEModeCategory', [E.id, E.ltv, E.liquidationThreshold, E.liquidationBonus, zero, E.label]);
  for (const symbol of RESERVE_SYMBOLS) {
    const spec = RESERVES[symbol];
    const asset = tokens[symbol];
    const bps = (n: number): bigint => BigInt(n);
    await d.call(`collateral ${symbol}`, poolConfigurator, C, 'configureReserveAsCollateral', [asset, bps(spec.ltv), bps(spec.liquidationThreshold), bps(spec.liquidationBonus)]);
    await d.call(`borrowing ${symbol}`, poolConfigurator, C, 'setReserveBorrowing', [asset, true]);
    if (spec.stableBorrowing) await d.call(`stable ${symbol}`, poolConfigurator, C, 'setReserveStableRateBorrowing', [asset, true]);
    await d.call(`flash ${symbol}`, poolConfigurator, C, 'setReserveFlashLoaning', [asset, true]);
    await d.call(`reserve factor ${symbol}`, poolConfigurator, C, 'setReserveFactor', [asset, bps(RESERVE_FACTOR)]);
    await d.call(`liquidation fee ${symbol}`, poolConfigurator, C, 'setLiquidationProtocolFee', [asset, bps(LIQUIDATION_PROTOCOL_FEE)]);
    if (spec.debtCeiling) await d.call(`debt ceiling ${symbol}`, poolConfigurator, C, 'setDebtCeiling', [asset, spec.debtCeiling]);
    if (spec.borrowableInIsolation) await d.call(`isolation ${symbol}`, poolConfigurator, C, 'setBorrowableInIsolation', [asset, true]);
    if (spec.eModeCategory) await d.call(`e-mode ${symbol}`, poolConfigurator, C, 'setAssetEModeCategory', [asset, spec.eModeCategory]);
  }

  // --- liquidity: account #9 mints and supplies every asset ----------------------------------------------
  const lp = await Deployer.create(client, liquidityProvider);
  for (const symbol of RESERVE_SYMBOLS) {
    const spec = RESERVES[symbol];
    const amount = spec.liquidity * 10n ** BigInt(spec.decimals);
    await lp.call(`mint ${symbol}`, tokens[symbol], mintableErc20Abi, 'mint', [amount]);
    await lp.call(`approve ${symbol}`, tokens[symbol], mintableErc20Abi, 'approve', [pool, maxUint256]);
    await lp.call(`supply ${symbol}`, pool, poolAbi, 'supply', [tokens[symbol], amount, liquidityProvider, 0]);
  }
  await d.settle();
  await lp.settle();

  const tokenSets = await Promise.all(
    RESERVE_SYMBOLS.map((symbol) =>
      client.readContract({ address: protocolDataProvider, abi: dataProviderAbi, functionName: 'getReserveTokensAddresses', args: [tokens[symbol]] }),
    ),
  );
  const reserves = {} as Record<ReserveSymbol, DevnetReserve>;
  RESERVE_SYMBOLS.forEach((symbol, i) => {
    const [aToken, stableDebtToken, variableDebtToken] = tokenSets[i]!;
    const spec = RESERVES[symbol];
    reserves[symbol] = {
      address: tokens[symbol],
      symbol,
      decimals: spec.decimals,
      aToken,
      variableDebtToken,
      stableDebtToken,
      aggregator: aggregators[symbol],
      price: spec.price,
    };
  });

  return {
    rpcUrl,
    chainId: DEVNET_CHAIN_ID,
    addresses: { poolAddressesProvider: provider, pool, poolConfigurator, aclManager, oracle, protocolDataProvider, uiPoolDataProvider },
    reserves,
    eModeCategories: { stablecoins: 1 },
    isolatedAsset: 'GHOST',
    accounts: { admin, liquidityProvider },
  };
}
