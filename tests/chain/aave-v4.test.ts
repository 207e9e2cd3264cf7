/**
 * Aave v4 (Hub & Spoke) against our stand-in contracts on the devnet (lib/devnet/contracts/aave-v4, labelled
 * STAND-IN, following the v4 source's formulas). Expected values come from the stand-in's own views and from
 * what its `liquidationCall` does, never from the guard's code: `getUserAccountData`, `getUserSuppliedAssets`,
 * `getUserTotalDebt`, the `LiquidationCall` event and the `HealthFactorNotBelowThreshold` refusal.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEventLog, maxUint256, type Address } from 'viem';
import { V4_RESERVES, aaveV4, devnetMarketsFile, refusal, type AaveV4Devnet, type Devnet, type V4SpokeName as SpokeName, type V4Symbol } from '../../lib/devnet/index.ts';
import { spokeAbi } from '../../lib/protocols/aave-v4/abi.ts';
import { readAaveV4Positions } from '../../lib/protocols/aave-v4/positions.ts';
import { configDifferences } from '../../lib/protocols/aave-v4/config-note.ts';
import { multicall, value } from '../../lib/protocols/shared/multicall.ts';
import { healthFactor, liquidationCost, liquidationPrices, accountValues, proposals } from '../../lib/risk/index.ts';
import type { Position } from '../../lib/core/types.ts';
import { freshAccount, rng } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';
import { runScan } from '../../lib/cli/scan.ts';
import { accrue } from '../../lib/risk/accrue.ts';

const devnet = useDevnet();
const { addDynamicConfig, setPrice, setRates } = aaveV4;

const DOLLARS = { WETH: 2000, WBTC: 60000, USDC: 1, DAI: 1 } as const;
const units = (v4: AaveV4Devnet, symbol: V4Symbol, dollars: number) =>
  (BigInt(Math.round((dollars / DOLLARS[symbol]) * 1e8)) * 10n ** BigInt(v4.tokens[symbol].decimals)) / 10n ** 8n;

interface Opened {
  account: Address;
  spoke: SpokeName;
}

/** A random valid v4 position: 1–3 collaterals ($2k–$50k), sometimes one not enabled, 1–2 borrows at 30–90 % of capacity. */
async function randomV4Position(d: Devnet, label: string, r: ReturnType<typeof rng>, spoke: SpokeName): Promise<Opened> {
  const v4 = d.aaveV4;
  const account = await freshAccount(d, label);
  const listed = Object.keys(v4.spokes[spoke].reserveIds) as V4Symbol[];
  const count = 1 + Math.floor(r.next() * Math.min(3, listed.length));
  const chosen = [...new Set(Array.from({ length: count }, () => r.pick(listed)))];
  const off = chosen.length > 1 && r.chance(0.2) ? chosen[0] : undefined;
  let capacity = 0;
  const supply: Partial<Record<V4Symbol, bigint>> = {};
  for (const s of chosen) {
    const dollars = r.between(2000, 50000);
    if (s !== off) capacity += (dollars * V4_RESERVES[s].collateralFactor) / 10_000;
    supply[s] = units(v4, s, dollars);
  }
  const legs = r.chance(0.4) ? 2 : 1;
  const budget = capacity * r.between(0.3, 0.9);
  const debts = [...new Set(Array.from({ length: legs }, () => r.pick(listed)))];
  const borrow = Object.fromEntries(debts.map((s) => [s, units(v4, s, budget / debts.length)]));
  await aaveV4.openPosition(v4, { account, spoke, supply, collateral: off ? { [off]: false } : {}, borrow });
  return { account, spoke };
}

/** The stand-in's own answers for an account at a block: account data, supplied assets and total debt per reserve. */
async function truth(d: Devnet, spoke: SpokeName, account: Address, blockNumber: bigint) {
  const s = d.aaveV4.spokes[spoke];
  const ids = Object.entries(s.reserveIds) as [V4Symbol, number][];
  const results = await multicall(
    d.client,
    [
      { address: s.spoke, abi: spokeAbi, functionName: 'getUserAccountData', args: [account] },
      ...ids.flatMap(([, id]) => [
        { address: s.spoke, abi: spokeAbi, functionName: 'getUserSuppliedAssets', args: [BigInt(id), account] },
        { address: s.spoke, abi: spokeAbi, functionName: 'getUserTotalDebt', args: [BigInt(id), account] },
      ]),
    ],
    blockNumber,
  );
  const data = value<{ healthFactor: bigint; totalCollateralValue: bigint; totalDebtValueRay: bigint }>(results[0])!;
  const perAsset = new Map(ids.map(([symbol], i) => [d.aaveV4.tokens[symbol].address, { supplied: value<bigint>(results[1 + 2 * i])!, debt: value<bigint>(results[2 + 2 * i])! }]));
  return { data, perAsset };
}

async function read(d: Devnet, spoke: SpokeName, accounts: Address[]): Promise<Position[]> {
  const s = d.aaveV4.spokes[spoke];
  const { positions } = await readAaveV4Positions(d.client, { chainId: 31337, market: s.market.name, spoke: s.spoke, accounts });
  return positions;
}

async function liquidator(d: Devnet, symbol: V4Symbol, spoke: SpokeName): Promise<Address> {
  const account = await freshAccount(d, `v4-liquidator-${symbol}`);
  await aaveV4.prepareSpend(d, { account, spoke, symbol, amount: 10n ** 30n });
  return account;
}

describe('Aave v4 reader and rules (stand-in Spokes)', () => {
  it('HF, collateral and debt equal the Spoke to the wei on 36 random positions, old and new config keys, premium debt', async () => {
    const d = devnet();
    const v4 = d.aaveV4;
    const r = rng(4004);
    const opened: Opened[] = [];
    for (let i = 0; i < 18; i++) opened.push(await randomV4Position(d, `v4-old-${i}`, r, i % 4 === 3 ? 'second' : 'main'));
    // Governance lowers WETH's collateral factor on both spokes: earlier users keep key 0, later ones get key 1.
    for (const spoke of ['main', 'second'] as const) {
      await addDynamicConfig(v4, { spoke, symbol: 'WETH', collateralFactor: 75_00, maxLiquidationBonus: 106_00, liquidationFee: 12_00 });
    }
    for (let i = 0; i < 18; i++) opened.push(await randomV4Position(d, `v4-new-${i}`, r, i % 4 === 3 ? 'second' : 'main'));
    await d.client.increaseTime({ seconds: 90 * 86_400 });
    await d.client.mine({ blocks: 1 });

    let checked = 0;
    let oldKeys = 0;
    let premiums = 0;
    for (const spoke of ['main', 'second'] as const) {
      const accounts = opened.filter((o) => o.spoke === spoke).map((o) => o.account);
      const positions = await read(d, spoke, accounts);
      expect(positions).toHaveLength(accounts.length);
      for (const p of positions) {
        const t = await truth(d, spoke, p.account, p.blockNumber);
        expect(healthFactor(p)).toBe(t.data.healthFactor);
        expect(accountValues(p)!.collateralValue).toBe(t.data.totalCollateralValue / 10n ** 18n);
        for (const leg of p.collateral) expect(leg.amount).toBe(t.perAsset.get(leg.address)!.supplied);
        for (const leg of p.debt) expect(leg.amount).toBe(t.perAsset.get(leg.address)!.debt);
        if (p.details.protocol !== 'aave-v4') throw new Error('not v4');
        if (p.details.reserves.some((s) => s.userConfig.key !== s.latestConfig.key && s.usingAsCollateral)) oldKeys++;
        if (p.details.reserves.some((s) => s.premiumDebtRay > 0n)) premiums++;
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    expect(oldKeys).toBeGreaterThan(0);
    expect(premiums).toBeGreaterThan(checked / 2);
  });

  it('reads the user’s config key, not the reserve’s latest, and says how they differ', async () => {
    const d = devnet();
    const v4 = d.aaveV4;
    const account = await freshAccount(d, 'v4-key');
    await aaveV4.openPosition(v4, { account, spoke: 'main', supply: { WETH: units(v4, 'WETH', 20_000) }, borrow: { USDC: units(v4, 'USDC', 15_000) } });
    await addDynamicConfig(v4, { spoke: 'main', symbol: 'WETH', collateralFactor: 60_00, maxLiquidationBonus: 108_00, liquidationFee: 10_00 });
    const [p] = await read(d, 'main', [account]);
    const t = await truth(d, 'main', account, p!.blockNumber);
    // Under the new 60 % factor the account would be at ~0.8: the Spoke (and the guard) still use 80 %.
    expect(healthFactor(p!)).toBe(t.data.healthFactor);
    expect(Number(t.data.healthFactor) / 1e18).toBeGreaterThan(1.05);
    const notes = configDifferences(p!);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toContain('your WETH collateral factor is 80 %; new positions get 60 %');
    // A refresh that would leave HF < 1 is refused, so the old key stays.
    const reason = await refusal(d.client, {
      account,
      address: v4.spokes.main.spoke,
      abi: spokeAbi,
      functionName: 'updateUserDynamicConfig',
      args: [account],
    });
    expect(reason).toBe('HealthFactorBelowThreshold');
  });

  it('liquidation prices bracket liquidationCall within 0.01 % (collateral falls, debt rises)', async () => {
    const d = devnet();
    const v4 = d.aaveV4;
    const account = await freshAccount(d, 'v4-liq-price');
    await aaveV4.openPosition(v4, {
      account,
      spoke: 'main',
      supply: { WETH: units(v4, 'WETH', 30_000), WBTC: units(v4, 'WBTC', 10_000) },
      borrow: { USDC: units(v4, 'USDC', 12_000), WBTC: units(v4, 'WBTC', 9_000) },
    });
    await d.client.increaseTime({ seconds: 30 * 86_400 });
    await setRates(v4, { borrowRate: 0 }); // freeze interest: the liquidation blocks must see the debt that was read
    const who = await liquidator(d, 'USDC', 'main');
    const [p] = await read(d, 'main', [account]);
    const prices = liquidationPrices(p!);
    const attempt = (_symbol: V4Symbol) =>
      refusal(d.client, {
        account: who,
        address: v4.spokes.main.spoke,
        abi: spokeAbi,
        functionName: 'liquidationCall',
        args: [BigInt(v4.spokes.main.reserveIds.WETH!), BigInt(v4.spokes.main.reserveIds.USDC!), account, maxUint256, false],
      });

    const weth = prices.collateral.get(v4.tokens.WETH.address)!;
    expect(typeof weth).toBe('bigint');
    await setPrice(v4, { symbol: 'WETH', price: (weth as bigint) + ((weth as bigint) * 1n) / 10_000n });
    expect(await attempt('WETH')).toBe('HealthFactorNotBelowThreshold');
    await setPrice(v4, { symbol: 'WETH', price: (weth as bigint) - ((weth as bigint) * 1n) / 10_000n });
    expect(await attempt('WETH')).toBeUndefined();
    await setPrice(v4, { symbol: 'WETH', price: v4.tokens.WETH.price });

    const wbtcDebt = prices.debt.get(v4.tokens.WBTC.address)!;
    expect(typeof wbtcDebt).toBe('bigint');
    await setPrice(v4, { symbol: 'WBTC', price: (wbtcDebt as bigint) - ((wbtcDebt as bigint) * 1n) / 10_000n });
    expect(await attempt('WBTC')).toBe('HealthFactorNotBelowThreshold');
    await setPrice(v4, { symbol: 'WBTC', price: (wbtcDebt as bigint) + ((wbtcDebt as bigint) * 1n) / 10_000n });
    expect(await attempt('WBTC')).toBeUndefined();
  });

  it.each([
    ['interpolated bonus (0.95 < HF < 1), premium debt', 1700n, 20_000, 15_000, 1_000],
    ['max bonus (HF ≤ 0.95)', 1500n, 20_000, 15_000, 1_000],
    ['collateral dust: all of the small collateral goes', 1200n, 3_000, 2_300, 1_000],
    ['debt dust: the whole small debt goes', 1900n, 1_500, 1_150, 0],
  ])('the liquidation cost equals what liquidationCall takes: %s', async (_, wethDollars, collateralUsd, debtUsd, daiUsd) => {
    const d = devnet();
    const v4 = d.aaveV4;
    const account = await freshAccount(d, `v4-cost-${wethDollars}`);
    await aaveV4.openPosition(v4, {
      account,
      spoke: 'main',
      supply: { WETH: units(v4, 'WETH', collateralUsd), ...(daiUsd > 0 ? { DAI: units(v4, 'DAI', daiUsd) } : {}) },
      borrow: { USDC: units(v4, 'USDC', debtUsd) },
    });
    await d.client.increaseTime({ seconds: 60 * 86_400 });
    await setRates(v4, { borrowRate: 0 });
    await setPrice(v4, { symbol: 'WETH', price: wethDollars * 10n ** 8n });
    const who = await liquidator(d, 'USDC', 'main');
    const [p] = await read(d, 'main', [account]);
    const hf = healthFactor(p!) as bigint;
    expect(hf).toBeLessThan(10n ** 18n);
    if (p!.details.protocol !== 'aave-v4') throw new Error('not v4');
    expect(p!.details.reserves.find((r) => r.address === v4.tokens.USDC.address)!.premiumDebtRay).toBeGreaterThan(0n);
    const cost = liquidationCost(p!)!;
    expect(cost.collateralAsset?.symbol).toBe('WETH');
    expect(cost.hypothetical).toBe(false);

    const bonus = await d.client.readContract({
      address: v4.spokes.main.spoke,
      abi: spokeAbi,
      functionName: 'getLiquidationBonus',
      args: [BigInt(v4.spokes.main.reserveIds.WETH!), account, hf],
    });
    expect(cost.bonus).toBe(bonus * 10n ** 14n);

    const hash = await d.client.writeContract({
      account: who,
      chain: d.client.chain,
      address: v4.spokes.main.spoke,
      abi: spokeAbi,
      functionName: 'liquidationCall',
      args: [BigInt(v4.spokes.main.reserveIds.WETH!), BigInt(v4.spokes.main.reserveIds.USDC!), account, maxUint256, false],
      gas: 3_000_000n,
    });
    const receipt = await d.client.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    const event = receipt.logs
      .map((l) => {
        try {
          return decodeEventLog({ abi: spokeAbi, data: l.data, topics: l.topics });
        } catch {
          return undefined;
        }
      })
      .find((e) => e?.eventName === 'LiquidationCall');
    const args = event!.args as { debtAmountRestored: bigint; collateralAmountRemoved: bigint };
    expect(cost.debtAmount).toBe(args.debtAmountRestored);
    expect(cost.collateralAmount).toBe(args.collateralAmountRemoved);
    const usdcDebt = p!.debt.find((l) => l.symbol === 'USDC')!.amount;
    const max = BigInt(V4_RESERVES.WETH.maxLiquidationBonus) * 10n ** 14n;
    if (wethDollars === 1700n) {
      expect(cost.bonus!).toBeLessThan(max); // interpolated, above the minimum
      expect(cost.debtAmount!).toBeLessThan(usdcDebt); // only what reaches the target HF
    }
    if (wethDollars === 1500n) expect(cost.bonus).toBe(max);
    if (wethDollars === 1200n) expect(cost.collateralAmount).toBe(p!.collateral.find((l) => l.symbol === 'WETH')!.amount);
    if (wethDollars === 1900n) expect(cost.debtAmount).toBe(usdcDebt); // the dust rule takes the whole debt
  });

  it.each(['repay', 'add-collateral'] as const)('a %s proposal, carried out on the Spoke, reaches the target HF', async (kind) => {
    const d = devnet();
    const v4 = d.aaveV4;
    const account = await freshAccount(d, `v4-proposal-${kind}`);
    await aaveV4.openPosition(v4, {
      account,
      spoke: 'main',
      supply: { WETH: units(v4, 'WETH', 20_000), WBTC: units(v4, 'WBTC', 6_000) },
      borrow: { USDC: units(v4, 'USDC', 17_000) },
    });
    await d.client.increaseTime({ seconds: 20 * 86_400 });
    await setRates(v4, { borrowRate: 0 });
    const [p] = await read(d, 'main', [account]);
    const target = 15n * 10n ** 17n;
    const ps = proposals(p!, { target });
    if (kind === 'repay') {
      const r = ps.repay.find((x) => x.repay.symbol === 'USDC')!;
      await aaveV4.repay(v4, { account, spoke: 'main', symbol: 'USDC', amount: r.repay.amount });
    } else {
      // WETH already counts as collateral: the proposal is the supply alone.
      const a = ps.addCollateral.find((x) => x.add.symbol === 'WETH')!;
      await aaveV4.supply(v4, { account, spoke: 'main', symbol: 'WETH', amount: a.add.amount, collateral: false });
    }
    const after = await d.client.readContract({ address: v4.spokes.main.spoke, abi: spokeAbi, functionName: 'getUserAccountData', args: [account] });
    expect(after.healthFactor).toBeGreaterThanOrEqual(target);
    expect(Number(after.healthFactor) / 1.5e18).toBeLessThan(1.0001);
  });

  it('the CLI prints v4 positions with the same fields as the other protocols', async () => {
    const d = devnet();
    const v4 = d.aaveV4;
    const account = await freshAccount(d, 'v4-cli');
    await aaveV4.openPosition(v4, { account, spoke: 'second', supply: { WETH: units(v4, 'WETH', 10_000) }, borrow: { USDC: units(v4, 'USDC', 5_000) } });
    const dir = mkdtempSync(join(tmpdir(), 'lg-v4-'));
    const file = join(dir, 'markets.json');
    const markets = devnetMarketsFile(d);
    expect(markets.markets.filter((m) => m.protocol === 'aave-v4').map((m) => m.name)).toEqual(['Devnet Aave v4 Main', 'Devnet Aave v4 Second']);
    writeFileSync(file, JSON.stringify(markets));
    const root = new URL('../../', import.meta.url).pathname;
    const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile('npm', ['run', '--silent', 'cli', '--', 'scan', '--markets', file, '--account', account, '--json'], { cwd: root, timeout: 60_000 }, (e, stdout, stderr) =>
        resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { positions: Record<string, unknown>[] };
    expect(json.positions).toHaveLength(1);
    const pos = json.positions[0]!;
    expect(pos).toMatchObject({ protocol: 'aave-v4', chainId: 31337, market: 'Devnet Aave v4 Second', account, quote: 'USD' });
    const [read1] = await read(d, 'second', [account]);
    const t = await truth(d, 'second', account, read1!.blockNumber);
    expect(pos.healthFactor as number).toBeCloseTo(Number(t.data.healthFactor) / 1e18, 12);
    expect(pos.collateralValue as number).toBeCloseTo(Number(t.data.totalCollateralValue) / 1e26, 6);
    const coll = (pos.collateral as Record<string, unknown>[])[0]!;
    expect(coll).toMatchObject({ symbol: 'WETH', amount: '5.0', price: 2000, liquidationThreshold: 0.8 });
    // Same keys as an Aave v3 position of the CLI contract.
    expect(Object.keys(pos)).toEqual(expect.arrayContaining(['protocol', 'chainId', 'market', 'account', 'quote', 'blockNumber', 'healthFactor', 'collateralValue', 'debtValue', 'collateral', 'debt']));
    expect(Object.keys(coll)).toEqual(expect.arrayContaining(['symbol', 'address', 'amount', 'price', 'liquidationThreshold', 'liquidationPrice', 'distance']));
  });
});

describe('Aave v4 interest in time (stand-in Hub: linear drawn index, premium, liquidity fee)', () => {
  const DAY = 86_400;
  const warpTo = async (d: Devnet, timestamp: number) => {
    await d.client.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
    await d.client.mine({ blocks: 1 });
  };

  it('the projection equals the Hub and Spoke 37 days later to the wei; liquidationTime: refused 1 % before, liquidationCall succeeds 1 % after', async () => {
    const d = devnet();
    const v4 = d.aaveV4;
    const snap = await d.client.snapshot();
    try {
      // Rates and a 10 % liquidity fee on the two assets involved; a second borrower makes WETH suppliers earn.
      await setRates(v4, { borrowRate: { USDC: 0.08, WETH: 0.04 } });
      await aaveV4.setLiquidityFee(v4, { symbol: 'USDC', fee: 10_00 });
      await aaveV4.setLiquidityFee(v4, { symbol: 'WETH', fee: 10_00 });
      const other = await freshAccount(d, 'v4-time-weth-borrower');
      await aaveV4.openPosition(v4, { account: other, spoke: 'main', supply: { USDC: units(v4, 'USDC', 8_000_000) }, borrow: { WETH: units(v4, 'WETH', 5_000_000) } });
      const account = await freshAccount(d, 'v4-time');
      await aaveV4.openPosition(v4, { account, spoke: 'main', supply: { WETH: units(v4, 'WETH', 20_000) }, borrow: { USDC: units(v4, 'USDC', 14_000) } });
      // Let the first borrow carry interest, then bring HF near 1.01 by price alone.
      await d.client.increaseTime({ seconds: 3 * DAY });
      await d.client.mine({ blocks: 1 });
      const [p0] = await read(d, 'main', [account]);
      const hf0 = Number(healthFactor(p0!) as bigint) / 1e18;
      await setPrice(v4, { symbol: 'WETH', price: (v4.tokens.WETH.price * BigInt(Math.round((1.01 / hf0) * 1e8))) / 10n ** 8n });
      await d.client.mine({ blocks: 1 });

      // 1. The projection against the stand-in's own views 37 days on (nothing but time changes).
      const [p] = await read(d, 'main', [account]);
      if (p!.details.protocol !== 'aave-v4') throw new Error('not v4');
      expect(p!.details.reserves.find((r) => r.address === v4.tokens.USDC.address)!.premiumDebtRay).toBeGreaterThan(0n);
      const later = Number(p!.timestamp) + 37 * DAY + 17;
      const check = await d.client.snapshot();
      await warpTo(d, later);
      const block = await d.client.getBlockNumber();
      const t = await truth(d, 'main', account, block);
      const projected = accrue(p!, BigInt(later) - p!.timestamp)!;
      expect(projected).toBeDefined();
      expect(projected.collateral.find((l) => l.address === v4.tokens.WETH.address)!.amount).toBe(t.perAsset.get(v4.tokens.WETH.address)!.supplied);
      expect(projected.debt.find((l) => l.address === v4.tokens.USDC.address)!.amount).toBe(t.perAsset.get(v4.tokens.USDC.address)!.debt);
      expect(healthFactor(projected)).toBe(t.data.healthFactor);
      // The WETH supply did grow, net of the fee (so the test exercises the fee path).
      expect(t.perAsset.get(v4.tokens.WETH.address)!.supplied).toBeGreaterThan(p!.collateral[0]!.amount);
      await d.client.revert({ id: check });

      // 2. The CLI's liquidationTime and oracle ages.
      const file = devnetMarketsFile(d);
      const { reports, errors } = await runScan({ chains: file.chains, markets: file.markets.filter((m) => m.protocol === 'aave-v4'), accounts: [account] });
      expect(errors).toEqual([]);
      const r = reports.find((x) => x.protocol === 'aave-v4' && x.market === v4.spokes.main.market.name)!;
      expect(r.healthFactor!).toBeGreaterThan(1);
      for (const leg of [...r.collateral, ...r.debt]) expect(leg.oracleUpdatedAt).toBe(r.blockTimestamp); // the stand-in feed answers its block's time
      expect(r.liquidationTime).not.toBeNull();
      const span = r.liquidationTime! - r.blockTimestamp;
      expect(span / DAY).toBeGreaterThan(10);
      expect(span / DAY).toBeLessThan(200);
      const who = await liquidator(d, 'USDC', 'main');
      const call = {
        account: who,
        address: v4.spokes.main.spoke,
        abi: spokeAbi,
        functionName: 'liquidationCall',
        args: [BigInt(v4.spokes.main.reserveIds.WETH!), BigInt(v4.spokes.main.reserveIds.USDC!), account, maxUint256, false],
      } as const;
      const around = await d.client.snapshot();
      await warpTo(d, r.blockTimestamp + Math.floor(span * 0.99));
      expect(await refusal(d.client, call), '1 % before the predicted time').toBe('HealthFactorNotBelowThreshold');
      await d.client.revert({ id: around });
      await d.client.setNextBlockTimestamp({ timestamp: BigInt(r.blockTimestamp + Math.ceil(span * 1.01)) });
      const hash = await d.client.writeContract({ ...call, chain: d.client.chain });
      const receipt = await d.client.waitForTransactionReceipt({ hash });
      expect(receipt.status, '1 % after the predicted time').toBe('success');
      console.log(`aave-v4: HF ${r.healthFactor!.toFixed(5)} → liquidatable by interest in ${(span / DAY).toFixed(2)} days`);
    } finally {
      await d.client.revert({ id: snap });
    }
  });
});
