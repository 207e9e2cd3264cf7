/**
 * A real Aave 3.6 market (aave-v3-origin 3.6.0 compiled from npm, see `origin.ts`) beside the 3.0.2 one
 * (`deploy.ts`), on the same tokens and price feeds (so `setPrice` moves both), with the same listing
 * (`config.ts`: 18/8/6 decimals, the isolated GHOST, the Stablecoins e-mode — here as 3.2+ bitmaps),
 * plus what only 3.6 allows: LST, an e-mode-only collateral (LTV and LT 0 outside e-mode; collateral at
 * 93 % in the "ETH correlated" category 2 with WETH).
 *
 * 3.6 differs from 3.0 in how a market is put together: one interest rate strategy for the whole Pool
 * (given to the Pool's constructor, reserves carry their rate data in `initReserves`), token
 * implementations carry the treasury, and e-mode membership is per category bitmap
 * (`setAssetCollateralInEMode` / `setAssetBorrowableInEMode`).
 */
import { encodeAbiParameters, maxUint256, parseAbiParameters, type Abi, type Address, type Hex } from 'viem';
import { addressesProviderAbi, poolAbi } from './abis.ts';
import { LIQUIDATION_PROTOCOL_FEE, RESERVE_FACTOR, RESERVE_SYMBOLS, RESERVES, STABLECOINS_EMODE, type RateStrategySpec } from './config.ts';
import type { AaveDevnet, DevnetReserve } from './deploy.ts';
import { compileAaveOrigin, linkWithLibraries } from './origin.ts';
import { loadArtifact, linkBytecode, type Artifact } from '../artifacts.ts';
import { ANVIL_ACCOUNTS, createDevnetClient } from '../chain.ts';
import { Deployer } from '../deployer.ts';
import { mintableErc20Abi } from '../tokens.ts';

export const MARKET_ID_36 = 'Devnet Aave 3.6';

/** The e-mode-only collateral 3.6 adds (an LST: zero LTV/LT on its own, 93 % inside ETH-correlated e-mode). */
export const LST = { symbol: 'LST', name: 'Liquid Staked Ether', decimals: 18, price: 2400n * 10n ** 8n, liquidity: 10_000n } as const;
export const ETH_EMODE = { id: 2, ltv: 9000, liquidationThreshold: 9300, liquidationBonus: 10100, label: 'ETH correlated' } as const;

export type Aave36Devnet = AaveDevnet & {
  /** The e-mode-only collateral (not in `reserves`, whose keys the 3.0 market shares). */
  lst: DevnetReserve & { symbol: never };
  eModeCategories: { stablecoins: 1; ethCorrelated: 2 };
  /** Pool.POOL_REVISION() of this build (10 for 3.6.0). */
  poolRevision: number;
  /** Compile wall time in this process, ms (≈ 0 when the solc cache had it). */
  compileMs: number;
};

const bpsOfRay = (ray: bigint) => (ray * 10_000n) / 10n ** 27n;
/** 3.4+ rate data, in bps (IDefaultInterestRateStrategyV2.InterestRateData). */
const rateData = (r: RateStrategySpec): Hex =>
  encodeAbiParameters(parseAbiParameters('(uint16, uint32, uint32, uint32)'), [
    [Number(bpsOfRay(r.optimalUsageRatio)), Number(bpsOfRay(r.baseVariableBorrowRate)), Number(bpsOfRay(r.variableRateSlope1)), Number(bpsOfRay(r.variableRateSlope2))],
  ]);

const reserveDataAbi = [
  {
    type: 'function',
    name: 'getReserveData',
    stateMutability: 'view',
    inputs: [{ name: 'asset', type: 'address' }],
    outputs: [
      {
        type: 'tuple',
        components: [
          { name: 'configuration', type: 'uint256' },
          { name: 'liquidityIndex', type: 'uint128' },
          { name: 'currentLiquidityRate', type: 'uint128' },
          { name: 'variableBorrowIndex', type: 'uint128' },
          { name: 'currentVariableBorrowRate', type: 'uint128' },
          { name: 'currentStableBorrowRate', type: 'uint128' },
          { name: 'lastUpdateTimestamp', type: 'uint40' },
          { name: 'id', type: 'uint16' },
          { name: 'aTokenAddress', type: 'address' },
          { name: 'stableDebtTokenAddress', type: 'address' },
          { name: 'variableDebtTokenAddress', type: 'address' },
          { name: 'interestRateStrategyAddress', type: 'address' },
          { name: 'accruedToTreasury', type: 'uint128' },
          { name: 'unbacked', type: 'uint128' },
          { name: 'isolationModeTotalDebt', type: 'uint128' },
        ],
      },
    ],
  },
  { type: 'function', name: 'POOL_REVISION', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
] as const satisfies Abi;

export async function deployAaveV36(base: AaveDevnet): Promise<Aave36Devnet> {
  const { artifacts: A, libraries, compileMs } = await compileAaveOrigin();
  const client = createDevnetClient(base.rpcUrl);
  const admin = ANVIL_ACCOUNTS[0];
  const liquidityProvider = ANVIL_ACCOUNTS[9];
  const d = await Deployer.create(client, admin);
  const linked: Record<string, Address> = {};
  const deployRaw = (a: Artifact, bytecode: Hex, args: readonly unknown[] = []) => d.deploy(`3.6 ${a.contractName}`, a.abi, bytecode, args);
  const deploy = async (a: Artifact, args: readonly unknown[] = []) =>
    deployRaw(a, await linkWithLibraries(a, libraries, linked, (lib, code) => deployRaw(lib, code)), args);
  const call = (label: string, to: Address, abi: Abi, fn: string, args: readonly unknown[]) =>
    d.call(`3.6 ${label}`, to, abi, fn as never, args as never);

  // --- provider, ACL, rate strategy, Pool and PoolConfigurator proxies -------------------------------------
  const provider = await deploy(A.PoolAddressesProvider, [MARKET_ID_36, admin]);
  await call('setACLAdmin', provider, A.PoolAddressesProvider.abi, 'setACLAdmin', [admin]);
  const acl = await deploy(A.ACLManager, [provider]);
  await call('setACLManager', provider, A.PoolAddressesProvider.abi, 'setACLManager', [acl]);
  for (const role of ['addPoolAdmin', 'addRiskAdmin', 'addEmergencyAdmin', 'addAssetListingAdmin']) {
    await call(role, acl, A.ACLManager.abi, role, [admin]);
  }
  const strategy = await deploy(A.RateStrategy, [provider]);
  const poolImpl = await deploy(A.Pool, [provider, strategy]);
  await call('setPoolImpl', provider, A.PoolAddressesProvider.abi, 'setPoolImpl', [poolImpl]);
  const configuratorImpl = await deploy(A.PoolConfigurator);
  await call('setPoolConfiguratorImpl', provider, A.PoolAddressesProvider.abi, 'setPoolConfiguratorImpl', [configuratorImpl]);
  const dataProvider = await deploy(A.ProtocolDataProvider, [provider]);
  await call('setPoolDataProvider', provider, A.PoolAddressesProvider.abi, 'setPoolDataProvider', [dataProvider]);

  // --- LST token and feed (the rest are the 3.0 market's), oracle ----------------------------------------
  const tokenArtifact = loadArtifact('@aave/core-v3', 'mocks/tokens/MintableERC20.sol/MintableERC20.json');
  const aggregatorArtifact = loadArtifact('@aave/core-v3', 'mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json');
  const lstToken = await d.deploy('3.6 LST', tokenArtifact.abi, linkBytecode(tokenArtifact, {}), [LST.name, LST.symbol, LST.decimals]);
  const lstFeed = await d.deploy('3.6 LST feed', aggregatorArtifact.abi, linkBytecode(aggregatorArtifact, {}), [LST.price]);
  const assets = [...RESERVE_SYMBOLS.map((s) => base.reserves[s].address), lstToken];
  const feeds = [...RESERVE_SYMBOLS.map((s) => base.reserves[s].aggregator), lstFeed];
  const zero: Address = '0x0000000000000000000000000000000000000000';
  const oracle = await deploy(A.AaveOracle, [provider, assets, feeds, zero, zero, 10n ** 8n]);
  await call('setPriceOracle', provider, A.PoolAddressesProvider.abi, 'setPriceOracle', [oracle]);
  await d.settle();

  const [pool, configurator] = await Promise.all([
    client.readContract({ address: provider, abi: addressesProviderAbi, functionName: 'getPool' }),
    client.readContract({ address: provider, abi: addressesProviderAbi, functionName: 'getPoolConfigurator' }),
  ]);
  const C = A.PoolConfigurator.abi;

  // --- listing ---------------------------------------------------------------------------------------------
  const aTokenImpl = await deploy(A.AToken, [pool, zero, admin]);
  const vTokenImpl = await deploy(A.VariableDebtToken, [pool, zero]);
  const listing = [
    ...RESERVE_SYMBOLS.map((s) => ({ symbol: s as string, asset: base.reserves[s].address, rates: RESERVES[s].rates })),
    { symbol: LST.symbol as string, asset: lstToken, rates: RESERVES.WETH.rates },
  ];
  for (const r of listing) {
    await call(`initReserves ${r.symbol}`, configurator, C, 'initReserves', [[{
      aTokenImpl,
      variableDebtTokenImpl: vTokenImpl,
      underlyingAsset: r.asset,
      aTokenName: `Aave Devnet 3.6 ${r.symbol}`,
      aTokenSymbol: `aDev36${r.symbol}`,
      variableDebtTokenName: `Aave Devnet 3.6 Variable Debt ${r.symbol}`,
      variableDebtTokenSymbol: `variableDebtDev36${r.symbol}`,
      params: '0x',
      interestRateData: rateData(r.rates),
    }]]);
  }
  for (const s of RESERVE_SYMBOLS) {
    const spec = RESERVES[s];
    const asset = base.reserves[s].address;
    await call(`collateral ${s}`, configurator, C, 'configureReserveAsCollateral', [asset, BigInt(spec.ltv), BigInt(spec.liquidationThreshold), BigInt(spec.liquidationBonus)]);
    await call(`borrowing ${s}`, configurator, C, 'setReserveBorrowing', [asset, true]);
    await call(`reserve factor ${s}`, configurator, C, 'setReserveFactor', [asset, BigInt(RESERVE_FACTOR)]);
    await call(`liquidation fee ${s}`, configurator, C, 'setLiquidationProtocolFee', [asset, BigInt(LIQUIDATION_PROTOCOL_FEE)]);
    if (spec.debtCeiling) await call(`debt ceiling ${s}`, configurator, C, 'setDebtCeiling', [asset, spec.debtCeiling]);
    if (spec.borrowableInIsolation) await call(`isolation ${s}`, configurator, C, 'setBorrowableInIsolation', [asset, true]);
  }
  // LST: no LTV/LT of its own (3.6 allows LT 0 with bonus 0), borrowable, fee as the others.
  await call('borrowing LST', configurator, C, 'setReserveBorrowing', [lstToken, true]);
  await call('reserve factor LST', configurator, C, 'setReserveFactor', [lstToken, BigInt(RESERVE_FACTOR)]);
  await call('liquidation fee LST', configurator, C, 'setLiquidationProtocolFee', [lstToken, BigInt(LIQUIDATION_PROTOCOL_FEE)]);

  const E = STABLECOINS_EMODE;
  await call('e-mode 1', configurator, C, 'setEModeCategory', [E.id, E.ltv, E.liquidationThreshold, E.liquidationBonus, E.label]);
  for (const s of RESERVE_SYMBOLS) {
    if (RESERVES[s].eModeCategory !== E.id) continue;
    await call(`e-mode 1 collateral ${s}`, configurator, C, 'setAssetCollateralInEMode', [base.reserves[s].address, E.id, true]);
    await call(`e-mode 1 borrowable ${s}`, configurator, C, 'setAssetBorrowableInEMode', [base.reserves[s].address, E.id, true]);
  }
  const H = ETH_EMODE;
  await call('e-mode 2', configurator, C, 'setEModeCategory', [H.id, H.ltv, H.liquidationThreshold, H.liquidationBonus, H.label]);
  await call('e-mode 2 collateral WETH', configurator, C, 'setAssetCollateralInEMode', [base.reserves.WETH.address, H.id, true]);
  await call('e-mode 2 collateral LST', configurator, C, 'setAssetCollateralInEMode', [lstToken, H.id, true]);
  await call('e-mode 2 borrowable WETH', configurator, C, 'setAssetBorrowableInEMode', [base.reserves.WETH.address, H.id, true]);
  await d.settle();

  // --- liquidity: account #9 mints and supplies every asset ----------------------------------------------
  const lp = await Deployer.create(client, liquidityProvider);
  const liquidity = [
    ...RESERVE_SYMBOLS.map((s) => ({ symbol: s as string, asset: base.reserves[s].address, amount: RESERVES[s].liquidity * 10n ** BigInt(RESERVES[s].decimals) })),
    { symbol: 'LST', asset: lstToken, amount: LST.liquidity * 10n ** 18n },
  ];
  for (const l of liquidity) {
    await lp.call(`3.6 mint ${l.symbol}`, l.asset, mintableErc20Abi, 'mint', [l.amount]);
    await lp.call(`3.6 approve ${l.symbol}`, l.asset, mintableErc20Abi, 'approve', [pool, maxUint256]);
    await lp.call(`3.6 supply ${l.symbol}`, pool, poolAbi, 'supply', [l.asset, l.amount, liquidityProvider, 0]);
  }
  await lp.settle();

  const datas = await Promise.all(
    [...RESERVE_SYMBOLS.map((s) => base.reserves[s].address), lstToken].map((asset) =>
      client.readContract({ address: pool, abi: reserveDataAbi, functionName: 'getReserveData', args: [asset] }),
    ),
  );
  const revision = await client.readContract({ address: pool, abi: reserveDataAbi, functionName: 'POOL_REVISION' });
  const reserves = {} as AaveDevnet['reserves'];
  RESERVE_SYMBOLS.forEach((s, i) => {
    reserves[s] = { ...base.reserves[s], aToken: datas[i]!.aTokenAddress, variableDebtToken: datas[i]!.variableDebtTokenAddress, stableDebtToken: zero };
  });
  const lstData = datas[RESERVE_SYMBOLS.length]!;
  return {
    rpcUrl: base.rpcUrl,
    chainId: base.chainId,
    addresses: {
      poolAddressesProvider: provider,
      pool,
      poolConfigurator: configurator,
      aclManager: acl,
      oracle,
      protocolDataProvider: dataProvider,
      // No UiPoolDataProvider: the reader reads the Pool (the markets file's key is informational).
      uiPoolDataProvider: zero,
    },
    reserves,
    lst: {
      address: lstToken,
      symbol: LST.symbol as never,
      decimals: LST.decimals,
      aToken: lstData.aTokenAddress,
      variableDebtToken: lstData.variableDebtTokenAddress,
      stableDebtToken: zero,
      aggregator: lstFeed,
      price: LST.price,
    },
    eModeCategories: { stablecoins: 1, ethCorrelated: 2 },
    isolatedAsset: 'GHOST',
    accounts: { admin, liquidityProvider },
    poolRevision: Number(revision),
    compileMs,
  };
}
