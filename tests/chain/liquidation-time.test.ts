/**
 * "Interest alone liquidates you on …", proven on the devnet for each protocol: the CLI's scan predicts a
 * unix second; 1 % of the way before it the protocol refuses to liquidate, 1 % after its own liquidation
 * call succeeds. Nothing but time changes in between (no price, no rate, no other transaction).
 * Comet here is our labelled stand-in (see tests/chain/compound.test.ts); Aave and Morpho are the real ones.
 */
import { createClient, http, maxUint256, parseUnits, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { ANVIL_ACCOUNTS, DEVNET_CHAIN_ID, aaveV3, compoundV3, devnetMarketsFile, morphoBlue, type AaveV3DevnetLike, type Devnet, type ReserveSymbol } from '../../lib/devnet/index.ts';
import { runScan } from '../../lib/cli/scan.ts';
import { healthFactor, report, type PositionReport } from '../../lib/risk/index.ts';
import { readAavePositions } from '../../lib/protocols/aave-v3/positions.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const DAY = 86_400;
const LIQUIDATOR = ANVIL_ACCOUNTS[9]!;

async function scanOne(d: Devnet, account: Address, protocol: PositionReport['protocol']): Promise<PositionReport> {
  const file = devnetMarketsFile(d);
  const { reports, errors } = await runScan({ chains: file.chains, markets: file.markets, accounts: [account] });
  expect(errors).toEqual([]);
  const r = reports.find((x) => x.protocol === protocol);
  if (!r) throw new Error(`no ${protocol} position for ${account}`);
  return r;
}

/** Mine one block at exactly `timestamp`. */
async function warpTo(d: Devnet, timestamp: number): Promise<void> {
  await d.client.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
  await d.client.mine({ blocks: 1 });
}

/** Checks the prediction is in the 10–200 day window, then runs `liquidatable()` at −1 % and +1 %. */
async function proveCrossing(d: Devnet, r: PositionReport, liquidatable: () => Promise<boolean>): Promise<void> {
  expect(r.healthFactor).toBeGreaterThan(1);
  expect(r.liquidationTime).not.toBeNull();
  const span = r.liquidationTime! - r.blockTimestamp;
  expect(span / DAY).toBeGreaterThan(10);
  expect(span / DAY).toBeLessThan(200);
  const snap = await d.client.snapshot();
  await warpTo(d, r.blockTimestamp + Math.floor(span * 0.99));
  expect(await liquidatable(), '1 % before the predicted time').toBe(false);
  await d.client.revert({ id: snap });
  await warpTo(d, r.blockTimestamp + Math.ceil(span * 1.01));
  expect(await liquidatable(), '1 % after the predicted time').toBe(true);
  console.log(`${r.protocol}: HF ${r.healthFactor!.toFixed(5)} → liquidatable by interest in ${(span / DAY).toFixed(2)} days`);
}

/**
 * Scales the collateral price so the scanned health factor lands at ≈ `target` / 1e6, mines a block, and
 * returns the fresh scan.
 */
async function scanAtHealthFactor(
  d: Devnet,
  account: Address,
  protocol: PositionReport['protocol'],
  target: bigint,
  price: { get: () => Promise<bigint>; set: (price: bigint) => Promise<void> },
): Promise<PositionReport> {
  const first = await scanOne(d, account, protocol);
  const now = await price.get();
  await price.set((now * target) / BigInt(Math.round(first.healthFactor! * 1e6)));
  await d.client.mine({ blocks: 1 });
  return scanOne(d, account, protocol);
}

/** Aave's WETH oracle price, for `scanAtHealthFactor`. */
function wethPrice(pool: AaveV3DevnetLike): { get: () => Promise<bigint>; set: (price: bigint) => Promise<void> } {
  return {
    get: () => aaveV3.getPrice(pool, { symbol: 'WETH' }),
    set: (price) => aaveV3.setPrice(pool, { symbol: 'WETH', price }),
  };
}

/**
 * `proveCrossing` with Aave's liquidationCall (WETH collateral), then to the second: the Pool's own health
 * factor is ≥ 1 one second before and < 1 at the predicted time.
 */
async function proveAaveCrossing(d: Devnet, pool: AaveV3DevnetLike, r: PositionReport, user: Address, debt: ReserveSymbol): Promise<void> {
  const start = await d.client.snapshot();
  await proveCrossing(d, r, async () => {
    const res = await aaveV3.liquidate(pool, { liquidator: LIQUIDATOR, borrower: user, collateral: 'WETH', debt, debtToCover: maxUint256 });
    return res.ok;
  });
  await d.client.revert({ id: start });
  const snap = await d.client.snapshot();
  await warpTo(d, r.liquidationTime! - 1);
  expect((await aaveV3.getUserAccountData(pool, { account: user })).healthFactor).toBeGreaterThanOrEqual(10n ** 18n);
  await d.client.revert({ id: snap });
  await warpTo(d, r.liquidationTime!);
  expect((await aaveV3.getUserAccountData(pool, { account: user })).healthFactor).toBeLessThan(10n ** 18n);
}

describe('liquidationTime on the devnet', () => {
  it('Aave v3 (variable debt): not liquidatable 1 % before, liquidationCall succeeds 1 % after', async () => {
    const d = devnet();
    const user = ANVIL_ACCOUNTS[3]!;
    await aaveV3.openPosition(d, { account: user, supply: { WETH: parseUnits('10', 18) }, borrow: { USDC: parseUnits('15000', 6) } });
    // Bring HF to ≈ 1.002 by the collateral price, so 1 %-a-year interest crosses within months.
    const r = await scanAtHealthFactor(d, user, 'aave-v3', 1_002_000n, wethPrice(d));
    await proveAaveCrossing(d, d, r, user, 'USDC');
  });

  it('Aave v3 (stable debt): the user\'s own stable rate compounds to the same crossing, to the second', async () => {
    const d = devnet();
    const user = ANVIL_ACCOUNTS[4]!;
    await aaveV3.openPosition(d, {
      account: user,
      supply: { WETH: parseUnits('10', 18) },
      borrow: { DAI: { amount: parseUnits('15000', 18), rateMode: 'stable' } },
    });
    const r = await scanAtHealthFactor(d, user, 'aave-v3', 1_004_000n, wethPrice(d));
    await proveAaveCrossing(d, d, r, user, 'DAI');
  });

  it('Aave 3.6 (aave-v3-origin): the release\'s compounding and rounding are detected; crossing to the second, liquidation at +1 %', async () => {
    const d = devnet();
    const a = d.aave36;
    const user = ANVIL_ACCOUNTS[8]!;
    await aaveV3.openPosition(a, { account: user, supply: { WETH: parseUnits('10', 18) }, borrow: { USDC: parseUnits('15000', 6) } });
    const read = async () => {
      const { positions } = await readAavePositions(createClient({ transport: http(d.rpcUrl) }), {
        chainId: DEVNET_CHAIN_ID,
        market: 'Devnet Aave 3.6',
        poolAddressesProvider: a.addresses.poolAddressesProvider,
        accounts: [user],
      });
      return positions[0]!;
    };
    const first = await read();
    const price = await aaveV3.getPrice(a, { symbol: 'WETH' });
    await aaveV3.setPrice(a, { symbol: 'WETH', price: (price * 1_002_000n) / (healthFactor(first) as bigint / 10n ** 12n) });
    await d.client.mine({ blocks: 1 });
    const p = await read();
    const r = report(p);
    console.log(`Aave 3.6 detected: ${p.interest?.protocol === 'aave-v3' ? `${p.interest.compounding}, ${p.interest.balanceRounding}` : 'none'}`);
    await proveAaveCrossing(d, a, r, user, 'USDC');
  });

  it('Morpho Blue: not liquidatable 1 % before, liquidate succeeds 1 % after', async () => {
    const d = devnet();
    const user = ANVIL_ACCOUNTS[5]!;
    const market = d.morpho.markets['WETH/USDC'];
    await morphoBlue.openPosition(d, { account: user, market, collateral: parseUnits('10', 18), borrow: parseUnits('10000', 6) });
    // HF ≈ 1.01 at the devnet IRM's 10 % a year: about five weeks.
    const r = await scanAtHealthFactor(d, user, 'morpho-blue', 1_010_000n, {
      get: () =>
        d.client.readContract({
          address: market.params.oracle,
          abi: [{ type: 'function', name: 'price', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] }],
          functionName: 'price',
        }),
      set: (price) => morphoBlue.setPrice(d, { market, price }),
    });
    await proveCrossing(d, r, async () => (await morphoBlue.liquidate(d, { liquidator: LIQUIDATOR, market, borrower: user })).ok);
  });

  it('Compound v3 (stand-in): absorb refused 1 % before, succeeds 1 % after', async () => {
    const d = devnet();
    const user = ANVIL_ACCOUNTS[6]!;
    const c = d.compound;
    await compoundV3.setRates(c, { borrowRate: 0.05, supplyRate: 0.02 });
    await compoundV3.openPosition(c, { account: user, collateral: { WETH: parseUnits('10', 18) }, borrow: parseUnits('12000', 6) });
    const r = await scanAtHealthFactor(d, user, 'compound-v3', 1_010_000n, {
      get: () => compoundV3.getPrice(c, { symbol: 'WETH' }),
      set: (price) => compoundV3.setPrice(c, { symbol: 'WETH', price }),
    });
    await proveCrossing(d, r, async () => (await compoundV3.absorb(c, { accounts: [user] })).ok);
  });
});
