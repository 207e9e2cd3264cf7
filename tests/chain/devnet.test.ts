/**
 * The devnet itself: real Aave v3 contracts behave as Aave does, the helpers move prices and time, our own
 * Multicall3 serves viem, and the state cache is fast and self-healing.
 */
import { parseMarketsFile } from '../../lib/markets/index.ts';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFunctionData, maxUint256, parseAbi, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { loadArtifact } from '../../lib/devnet/artifacts.ts';
import {
  ANVIL_ACCOUNTS,
  DevnetActionError,
  MULTICALL3_ADDRESS,
  aaveV3,
  advanceTime,
  devnetMarketsFile,
  pinNextTimestamp,
  startDevnet,
  type Devnet,
} from '../../lib/devnet/index.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const [, alice, bob, carol, dave, erin] = ANVIL_ACCOUNTS;
const USD = (n: number): bigint => BigInt(Math.round(n * 1e8)); // Aave's base currency: USD, 8 decimals
const WAD = 10n ** 18n;

/** |a - b| <= b * tolerance, for values that move by a second of interest between blocks. */
function expectClose(actual: bigint, expected: bigint, tolerance = 1e-6): void {
  const diff = actual > expected ? actual - expected : expected - actual;
  expect(Number(diff), `${actual} vs ${expected}`).toBeLessThanOrEqual(Number(expected) * tolerance);
}

async function expectRevert(promise: Promise<unknown>, reason: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DevnetActionError);
  expect((error as DevnetActionError).reason).toBe(reason);
}

describe('devnet', () => {
  it('starts cold and from the cache, and prints both times', async () => {
    const cold = await startDevnet({ cache: false });
    await cold.stop();
    let cached = await startDevnet();
    if (!cached.fromCache) {
      // First run on this machine: that start wrote the cache; measure the next one.
      await cached.stop();
      cached = await startDevnet();
    }
    await cached.stop();
    console.log(`devnet start: cold deploy ${cold.startMs} ms, from cache ${cached.startMs} ms`);
    expect(cold.fromCache).toBe(false);
    expect(cached.fromCache).toBe(true);
    expect(cached.startMs).toBeLessThan(cold.startMs);
  });

  it('falls back to a fresh deployment when the cached state is broken, and rewrites it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnet-cache-'));
    try {
      const first = await startDevnet({ cacheDir: dir });
      await first.stop();
      expect(first.fromCache).toBe(false);
      const state = readdirSync(dir).find((f) => f.endsWith('.state.json'))!;
      writeFileSync(join(dir, state), '{ "not": "an anvil state"');
      const healed = await startDevnet({ cacheDir: dir });
      try {
        expect(healed.fromCache).toBe(false);
        expect(await healed.client.getCode({ address: healed.aave.addresses.pool })).toMatch(/^0x[0-9a-f]{100,}/);
      } finally {
        await healed.stop();
      }
      const again = await startDevnet({ cacheDir: dir });
      await again.stop();
      expect(again.fromCache).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the five reserves in the Pool and in the real UiPoolDataProviderV3', async () => {
    const { aave, client } = devnet();
    const list = await client.readContract({
      address: aave.addresses.pool,
      abi: parseAbi(['function getReservesList() view returns (address[])']),
      functionName: 'getReservesList',
    });
    expect(list).toEqual(['WETH', 'WBTC', 'USDC', 'DAI', 'GHOST'].map((s) => aave.reserves[s as 'WETH'].address));

    const ui = loadArtifact('@aave/periphery-v3', 'misc/UiPoolDataProviderV3.sol/UiPoolDataProviderV3.json');
    const [reserves, base] = (await client.readContract({
      address: aave.addresses.uiPoolDataProvider,
      abi: ui.abi,
      functionName: 'getReservesData',
      args: [aave.addresses.poolAddressesProvider],
    })) as [Array<Record<string, unknown>>, Record<string, unknown>];
    const bySymbol = Object.fromEntries(reserves.map((r) => [r.symbol as string, r]));
    expect(Object.keys(bySymbol).sort()).toEqual(['DAI', 'GHOST', 'USDC', 'WBTC', 'WETH']);
    expect(bySymbol.WETH).toMatchObject({ name: 'Wrapped Ether', decimals: 18n, baseLTVasCollateral: 8000n, reserveLiquidationThreshold: 8250n, reserveLiquidationBonus: 10500n, reserveFactor: 1000n, priceInMarketReferenceCurrency: USD(2000) });
    expect(bySymbol.WBTC).toMatchObject({ decimals: 8n, baseLTVasCollateral: 7000n, reserveLiquidationThreshold: 7500n, reserveLiquidationBonus: 10650n });
    expect(bySymbol.USDC).toMatchObject({ decimals: 6n, eModeCategoryId: 1, eModeLtv: 9300, eModeLiquidationThreshold: 9500, eModeLiquidationBonus: 10100, eModeLabel: 'Stablecoins', borrowableInIsolation: true });
    expect(bySymbol.DAI).toMatchObject({ stableBorrowRateEnabled: true, borrowableInIsolation: true, eModeCategoryId: 1 });
    expect(bySymbol.GHOST).toMatchObject({ debtCeiling: 10_000_000_00n, debtCeilingDecimals: 2n, baseLTVasCollateral: 5000n, reserveLiquidationBonus: 11000n });
    for (const r of reserves) expect(r).toMatchObject({ isActive: true, isFrozen: false, borrowingEnabled: true, supplyCap: 0n });
    expect(base).toMatchObject({ marketReferenceCurrencyUnit: 10n ** 8n, networkBaseTokenPriceInUsd: USD(2000) });
  });

  it('opening a position shows the collateral, debt and health factor computed from amounts × prices', async () => {
    const data = await aaveV3.openPosition(devnet(), {
      account: alice,
      supply: { WETH: aaveV3.toUnits('WETH', 10), WBTC: aaveV3.toUnits('WBTC', 1) },
      borrow: { USDC: aaveV3.toUnits('USDC', 20_000) },
    });
    const collateral = USD(10 * 2000 + 1 * 60_000);
    expect(data.totalCollateralBase).toBe(collateral);
    expectClose(data.totalDebtBase, USD(20_000));
    // Value-weighted averages, rounded down as GenericLogic does.
    const lt = (USD(20_000) * 8250n + USD(60_000) * 7500n) / collateral;
    const ltv = (USD(20_000) * 8000n + USD(60_000) * 7000n) / collateral;
    expect(data.currentLiquidationThreshold).toBe(lt);
    expect(data.ltv).toBe(ltv);
    expectClose(data.healthFactor, (collateral * lt * WAD) / 10_000n / USD(20_000));
    expectClose(data.availableBorrowsBase, (collateral * ltv) / 10_000n - USD(20_000));
  });

  it('rejects a borrow above the LTV with Aave error 36', async () => {
    await aaveV3.openPosition(devnet(), { account: bob, supply: { WETH: aaveV3.toUnits('WETH', 1) } });
    await expectRevert(aaveV3.borrow(devnet(), { account: bob, symbol: 'USDC', amount: aaveV3.toUnits('USDC', 1601) }), '36');
  });

  it('e-mode Stablecoins raises LTV and liquidation threshold', async () => {
    const before = await aaveV3.openPosition(devnet(), {
      account: carol,
      supply: { USDC: aaveV3.toUnits('USDC', 10_000) },
      borrow: { DAI: aaveV3.toUnits('DAI', 5_000) },
    });
    expect(before.currentLiquidationThreshold).toBe(8000n);
    expect(before.ltv).toBe(7700n);
    await aaveV3.setEMode(devnet(), { account: carol, categoryId: devnet().aave.eModeCategories.stablecoins });
    const after = await aaveV3.getUserAccountData(devnet(), { account: carol });
    expect(after.currentLiquidationThreshold).toBe(9500n);
    expect(after.ltv).toBe(9300n);
    expect(after.healthFactor).toBeGreaterThan(before.healthFactor);
    expectClose(after.healthFactor, (USD(10_000) * 9500n * WAD) / 10_000n / USD(5_000));
  });

  it('isolation mode: GHOST is collateral only when enabled alone, and only isolation-borrowable assets can be borrowed', async () => {
    const d = devnet();
    await aaveV3.openPosition(d, { account: dave, supply: { GHOST: aaveV3.toUnits('GHOST', 1_000) } });
    // Aave 3.0.2: supplying an isolated asset does not switch it on as collateral by itself.
    expect((await aaveV3.getUserReserve(d, { account: dave, symbol: 'GHOST' })).usageAsCollateralEnabled).toBe(false);
    expect((await aaveV3.getUserAccountData(d, { account: dave })).totalCollateralBase).toBe(0n);

    await aaveV3.setUseAsCollateral(d, { account: dave, symbol: 'GHOST', enabled: true });
    expect((await aaveV3.getUserReserve(d, { account: dave, symbol: 'GHOST' })).usageAsCollateralEnabled).toBe(true);
    expect(await aaveV3.getUserAccountData(d, { account: dave })).toMatchObject({ totalCollateralBase: USD(10_000), ltv: 5000n, currentLiquidationThreshold: 6000n });

    // In isolation mode other supplies do not count as collateral, and cannot be switched on (62).
    await aaveV3.fund(d, { account: dave, symbol: 'WETH', amount: aaveV3.toUnits('WETH', 1) });
    await aaveV3.supply(d, { account: dave, symbol: 'WETH', amount: aaveV3.toUnits('WETH', 1) });
    expect((await aaveV3.getUserReserve(d, { account: dave, symbol: 'WETH' })).usageAsCollateralEnabled).toBe(false);
    expect((await aaveV3.getUserAccountData(d, { account: dave })).totalCollateralBase).toBe(USD(10_000));
    await expectRevert(aaveV3.setUseAsCollateral(d, { account: dave, symbol: 'WETH', enabled: true }), '62');

    await aaveV3.borrow(d, { account: dave, symbol: 'USDC', amount: aaveV3.toUnits('USDC', 1_000) });
    await expectRevert(aaveV3.borrow(d, { account: dave, symbol: 'WETH', amount: aaveV3.toUnits('WETH', 0.1) }), '60');
  });

  it('setPrice moves AaveOracle.getAssetPrice and the account values', async () => {
    const d = devnet();
    await aaveV3.openPosition(d, { account: erin, supply: { WBTC: aaveV3.toUnits('WBTC', 2) } });
    expect(await aaveV3.getPrice(d, { symbol: 'WBTC' })).toBe(USD(60_000));
    await aaveV3.setPrice(d, { symbol: 'WBTC', price: USD(45_000.5) });
    expect(await aaveV3.getPrice(d, { symbol: 'WBTC' })).toBe(USD(45_000.5));
    expect((await aaveV3.getUserAccountData(d, { account: erin })).totalCollateralBase).toBe(USD(90_001));
  });

  it('liquidation reverts with 45 while healthy and succeeds after a price drop', async () => {
    const d = devnet();
    const data = await aaveV3.openPosition(d, { account: alice, supply: { WETH: aaveV3.toUnits('WETH', 1) }, borrow: { USDC: aaveV3.toUnits('USDC', 1_500) } });
    expectClose(data.healthFactor, (USD(2000) * 8250n * WAD) / 10_000n / USD(1500)); // 1.1

    const early = await aaveV3.liquidate(d, { liquidator: bob, borrower: alice, collateral: 'WETH', debt: 'USDC', debtToCover: maxUint256 });
    expect(early).toEqual({ ok: false, reason: '45' });

    await aaveV3.setPrice(d, { symbol: 'WETH', price: USD(1800) }); // HF = 1800 × 0.825 / 1500 = 0.99
    const hf = (await aaveV3.getUserAccountData(d, { account: alice })).healthFactor;
    expect(hf).toBeLessThan(WAD);
    expect(hf).toBeGreaterThan((WAD * 95n) / 100n); // above 0.95: close factor 50%

    const result = await aaveV3.liquidate(d, { liquidator: bob, borrower: alice, collateral: 'WETH', debt: 'USDC', debtToCover: maxUint256 });
    if (!result.ok) throw new Error(`liquidation refused: ${result.reason}`);
    expectClose(result.debtRepaid, aaveV3.toUnits('USDC', 750));
    // 750 USD of WETH at 1800 plus the 5% bonus, minus the 10% protocol fee taken from the bonus.
    const base = (result.debtRepaid * 10n ** 12n * USD(1)) / USD(1800);
    const bonus = (base * 500n) / 10_000n;
    expectClose(result.collateralReceived, base + bonus - bonus / 10n);
    expect((await aaveV3.getUserAccountData(d, { account: alice })).healthFactor).toBeGreaterThan(hf);
  });

  it('interest accrues on variable and stable debt, and to suppliers, as time passes', async () => {
    const d = devnet();
    await aaveV3.openPosition(d, {
      account: carol,
      supply: { WETH: aaveV3.toUnits('WETH', 10) },
      borrow: { DAI: aaveV3.toUnits('DAI', 1_000), USDC: aaveV3.toUnits('USDC', 1_000) },
    });
    await aaveV3.borrow(d, { account: carol, symbol: 'DAI', amount: aaveV3.toUnits('DAI', 500), rateMode: 'stable' });
    const before = await aaveV3.getUserReserve(d, { account: carol, symbol: 'DAI' });
    const lpBefore = await aaveV3.getUserReserve(d, { account: d.aave.accounts.liquidityProvider, symbol: 'DAI' });
    expectClose(before.variableDebt, aaveV3.toUnits('DAI', 1_000));
    expectClose(before.stableDebt, aaveV3.toUnits('DAI', 500));

    await advanceTime(d, { seconds: 365 * 24 * 3600 });
    const after = await aaveV3.getUserReserve(d, { account: carol, symbol: 'DAI' });
    const lpAfter = await aaveV3.getUserReserve(d, { account: d.aave.accounts.liquidityProvider, symbol: 'DAI' });
    // Variable: base 1% plus a sliver of slope at this utilisation, compounded over a year.
    const growth = Number(after.variableDebt) / Number(before.variableDebt);
    expect(growth).toBeGreaterThan(1.01);
    expect(growth).toBeLessThan(1.012);
    expect(after.stableDebt).toBeGreaterThan(before.stableDebt);
    expect(lpAfter.aTokenBalance).toBeGreaterThan(lpBefore.aTokenBalance);
    expect((await aaveV3.getUserAccountData(d, { account: carol })).totalDebtBase).toBeGreaterThan(USD(2_515));
  });

  it('repay and withdraw everything close the position', async () => {
    const d = devnet();
    await aaveV3.openPosition(d, {
      account: erin,
      supply: { WETH: aaveV3.toUnits('WETH', 2) },
      borrow: { USDC: aaveV3.toUnits('USDC', 1_000), DAI: { amount: aaveV3.toUnits('DAI', 300), rateMode: 'stable' } },
    });
    await advanceTime(d, { seconds: 30 * 24 * 3600 });
    await aaveV3.repay(d, { account: erin, symbol: 'USDC', amount: maxUint256, fund: true });
    await aaveV3.repay(d, { account: erin, symbol: 'DAI', amount: maxUint256, rateMode: 'stable', fund: true });
    expect((await aaveV3.getUserAccountData(d, { account: erin })).totalDebtBase).toBe(0n);
    await aaveV3.withdraw(d, { account: erin, symbol: 'WETH', amount: maxUint256 });
    expect(await aaveV3.getUserAccountData(d, { account: erin })).toMatchObject({ totalCollateralBase: 0n, totalDebtBase: 0n, healthFactor: maxUint256 });
  });

  it('pinNextTimestamp fixes the next block time', async () => {
    const d = devnet();
    const now = (await d.client.getBlock()).timestamp;
    await pinNextTimestamp(d, { timestamp: now + 1000n });
    await d.client.mine({ blocks: 1 });
    expect((await d.client.getBlock()).timestamp).toBe(now + 1000n);
  });

  it('our Multicall3 serves viem multicall (aggregate3) with per-call failures', async () => {
    const d = devnet();
    const { aave, client } = d;
    expect(await client.getCode({ address: MULTICALL3_ADDRESS })).toMatch(/^0x[0-9a-f]+$/);
    const oracleAbi = parseAbi(['function getAssetPrice(address) view returns (uint256)']);
    const multicallAbi = parseAbi(['function getChainId() view returns (uint256)', 'function getEthBalance(address) view returns (uint256)', 'function getCurrentBlockTimestamp() view returns (uint256)']);
    const symbols = ['WETH', 'WBTC', 'USDC', 'DAI', 'GHOST'] as const;
    const results = await client.multicall({
      contracts: [
        ...symbols.map((s) => ({ address: aave.addresses.oracle, abi: oracleAbi, functionName: 'getAssetPrice' as const, args: [aave.reserves[s].address] as const })),
        { address: MULTICALL3_ADDRESS, abi: multicallAbi, functionName: 'getChainId' },
        { address: MULTICALL3_ADDRESS, abi: multicallAbi, functionName: 'getEthBalance', args: [alice] },
        { address: MULTICALL3_ADDRESS, abi: multicallAbi, functionName: 'getCurrentBlockTimestamp' },
        // An account without code answers nothing: this call alone fails.
        { address: alice as Address, abi: oracleAbi, functionName: 'getAssetPrice', args: [alice] },
      ],
    });
    expect(results.slice(0, 5).map((r) => r.result)).toEqual([USD(2000), USD(60_000), USD(1), USD(1), USD(10)]);
    expect(results[5]).toEqual({ status: 'success', result: 31337n });
    expect(results[6]).toEqual({ status: 'success', result: await client.getBalance({ address: alice }) });
    expect(results[7]!.result).toBe((await client.getBlock()).timestamp);
    expect(results[8]!.status).toBe('failure');

    // allowFailure: false on a reverting call reverts the whole batch, as the canonical contract does.
    // (aggregate3 is payable; declared view here so readContract types its result.)
    const erc20 = parseAbi(['function transfer(address,uint256) returns (bool)']);
    const aggregate3 = parseAbi(['struct Call3 { address target; bool allowFailure; bytes callData; }', 'struct Result { bool success; bytes returnData; }', 'function aggregate3(Call3[] calls) view returns (Result[])']);
    const failing = { target: aave.reserves.DAI.address, allowFailure: false, callData: encodeFunctionData({ abi: erc20, functionName: 'transfer', args: [alice, 1n] }) };
    await expect(client.readContract({ address: MULTICALL3_ADDRESS, abi: aggregate3, functionName: 'aggregate3', args: [[failing]] })).rejects.toThrow(/Multicall3: call failed/);
    const lenient = await client.readContract({ address: MULTICALL3_ADDRESS, abi: aggregate3, functionName: 'aggregate3', args: [[{ ...failing, allowFailure: true }]] });
    expect(lenient[0]!.success).toBe(false);
  });

  it('describes itself as a markets file', () => {
    const d: Devnet = devnet();
    expect(devnetMarketsFile(d)).toEqual({
      chains: [{ chainId: 31337, name: 'Devnet', rpcUrls: [d.rpcUrl] }],
      markets: [
        {
          protocol: 'aave-v3',
          chainId: 31337,
          name: 'Devnet Aave',
          poolAddressesProvider: d.aave.addresses.poolAddressesProvider,
          uiPoolDataProvider: d.aave.addresses.uiPoolDataProvider,
        },
        {
          protocol: 'aave-v3',
          chainId: 31337,
          name: 'Devnet Aave 3.6',
          poolAddressesProvider: d.aave36.addresses.poolAddressesProvider,
          uiPoolDataProvider: d.aave36.addresses.uiPoolDataProvider,
        },
        { protocol: 'morpho-blue', chainId: 31337, name: 'Devnet Morpho', morpho: d.morpho.addresses.morpho, marketIds: Object.values(d.morpho.markets).map((m) => m.id) },
        { protocol: 'compound-v3', chainId: 31337, name: 'Devnet cUSDCv3', comet: d.compound.comet },
        { protocol: 'aave-v4', chainId: 31337, name: 'Devnet Aave v4 Main', spoke: d.aaveV4.spokes.main.spoke },
        { protocol: 'aave-v4', chainId: 31337, name: 'Devnet Aave v4 Second', spoke: d.aaveV4.spokes.second.spoke },
      ],
    });
    // The file passes the strict parser of contract 1 as is.
    expect(parseMarketsFile(devnetMarketsFile(d)).markets).toHaveLength(6);
    const extra = { protocol: 'compound-v3' as const, chainId: 31337, name: 'Devnet Comet', comet: alice };
    expect(devnetMarketsFile(d, { extraMarkets: [extra] }).markets[1]).toEqual(extra);
  });
});
