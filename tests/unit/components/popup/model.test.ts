import { describe, expect, it } from 'vitest';
import { formatUnits } from 'viem';
import { healthFactor, proposals, simulateAll } from '../../../../lib/risk/index.ts';
import {
  assetOptions,
  bandOf,
  chartSeries,
  customMarketKey,
  dappLink,
  displayedProposals,
  failedChains,
  groupPositions,
  positionsByRisk,
  actionLink,
  amountText,
  liquidationMoveFor,
  positionKey,
  positionParam,
  proposalInput,
  runSimulation,
  sliderAmount,
  sliderValue,
  volatileAssets,
  type SimInput,
} from '../../../../components/popup/model.ts';
import { alice, ALICE, BOB, entry, NOW, snapshotOf, USDC, WBTC, WETH } from '../../fixtures/popup.ts';

const WAD = 10n ** 18n;
const f = (x: bigint | null | undefined) => (typeof x === 'bigint' ? Number(x) / 1e18 : x);
const thresholds = { warnBelow: 1.25, urgentBelow: 1.1 };
const input = (over: Partial<SimInput>): SimInput => ({
  action: 'repay',
  asset: USDC.address,
  repayAsset: null,
  amountText: '',
  priceMovePct: 0,
  priceTarget: WETH.address,
  ...over,
});
const sim = (p = alice(), over: Partial<SimInput> = {}) => {
  const i = input(over);
  return runSimulation(p, i, assetOptions(p, i.action), 'en-US');
};

describe('bands: the badge thresholds', () => {
  it('red below urgent, orange below warn, green otherwise, grey unknown', () => {
    expect(bandOf(1_099_999_999_999_999_999n, thresholds)).toBe('urgent');
    expect(bandOf(1_100_000_000_000_000_000n, thresholds)).toBe('warn');
    expect(bandOf(1_249_999_999_999_999_999n, thresholds)).toBe('warn');
    expect(bandOf(1_250_000_000_000_000_000n, thresholds)).toBe('ok');
    expect(bandOf(null, thresholds)).toBe('ok');
    expect(bandOf(undefined, thresholds)).toBe('unknown');
    expect(bandOf(1_200_000_000_000_000_000n, { warnBelow: 1.5, urgentBelow: 1.3 })).toBe('urgent');
  });
});

describe('grouping', () => {
  it('groups by chain and protocol, worst first; chains that only failed are listed apart', () => {
    const risky = alice(16500 / 1.05); // HF 1.05
    const safe = alice(16500 / 2, { account: BOB }); // HF 2
    const devnet = alice(16500 / 1.2, { chainId: 31337, market: 'Devnet Aave' });
    const snap = snapshotOf([entry(safe), entry(devnet), entry(risky)]);
    snap.chains[8453] = { chainId: 8453, name: 'Base', ok: false, errors: [{ kind: 'rpc-timeout', message: 'no answer in 10 s' }], rpcUrl: null, lastAttemptAt: NOW, lastSuccessAt: null, blockNumber: null };
    const groups = groupPositions(snap, thresholds, NOW);
    expect(groups.map((g) => g.name)).toEqual(['Ethereum', 'Devnet']);
    expect(groups[0]!.protocols[0]!.positions.map((v) => v.position.account)).toEqual([ALICE, BOB]);
    expect(groups[0]!.protocols[0]!.positions.map((v) => v.band)).toEqual(['urgent', 'ok']);
    const failed = failedChains(snap);
    expect(failed.withPositions).toEqual([]);
    expect(failed.empty.map((c) => [c.name, c.errors[0]?.message])).toEqual([['Base', 'no answer in 10 s']]);
    snap.chains[1] = { ...snap.chains[1]!, ok: false, errors: [{ kind: 'rpc-timeout', message: 'slow' }] };
    expect(failedChains(snap).withPositions.map((c) => c.name)).toEqual(['Ethereum']);
  });
  it('orders by risk across chains: lowest HF, unknown with the risky, no debt last, larger debt on a tie', () => {
    const noDebt = alice(0, { account: BOB });
    const unknown = { ...alice(12000, { chainId: 8453, market: 'Aave Base' }) };
    unknown.collateral = [{ ...unknown.collateral[0]!, price: undefined }];
    const small = alice(16500 / 1.5, { chainId: 10, market: 'Aave Optimism' });
    const big = alice(2 * (16500 / 1.5), { chainId: 42161, market: 'Aave Arbitrum' });
    big.collateral = [{ ...big.collateral[0]!, amount: big.collateral[0]!.amount * 2n }];
    const worst = alice(16500 / 1.1, { chainId: 31337, market: 'Devnet Aave' });
    const order = positionsByRisk(snapshotOf([entry(noDebt), entry(small), entry(worst), entry(unknown), entry(big)]), thresholds, NOW).map((v) => v.position.market + (v.position.account === BOB ? ' (Bob)' : ''));
    expect(order).toEqual(['Aave Base', 'Devnet Aave', 'Aave Arbitrum', 'Aave Optimism', 'Aave Ethereum Core (Bob)']);
  });
  it('on an equal HF, the higher chance of liquidation first (1 day, then 7 days), before the debt size', () => {
    const calm = alice(16500 / 1.3, { market: 'Calm' }); // a larger debt: first without chances
    calm.collateral = [{ ...calm.collateral[0]!, amount: calm.collateral[0]!.amount * 2n }];
    calm.debt = [{ ...calm.debt[0]!, amount: calm.debt[0]!.amount * 2n }];
    const wild = alice(16500 / 1.3, { market: 'Wild' });
    const week = alice(16500 / 1.3, { market: 'Week' });
    const legs: never[] = [];
    const order = (entries: ReturnType<typeof entry>[]) => positionsByRisk(snapshotOf(entries), thresholds, NOW).map((v) => v.position.market);
    expect(order([entry(wild), entry(calm)])).toEqual(['Calm', 'Wild']);
    expect(
      order([
        { ...entry(calm), outlook: { chance: { '1d': 0.001, '7d': 0.02 }, legs } },
        { ...entry(week), outlook: { chance: { '1d': 0.03, '7d': 0.2 }, legs } },
        { ...entry(wild), outlook: { chance: { '1d': 0.03, '7d': 0.3 }, legs } },
      ]),
    ).toEqual(['Wild', 'Week', 'Calm']);
  });
  it('marks old and not re-read entries stale', () => {
    const snap = snapshotOf([entry(alice(), NOW - 4 * 60_000), entry(alice(12000, { account: BOB }), NOW - 1000, true), entry(alice(12000, { chainId: 8453 }), NOW - 1000)]);
    const views = groupPositions(snap, thresholds, NOW).flatMap((g) => g.protocols.flatMap((p) => p.positions));
    expect(Object.fromEntries(views.map((v) => [`${v.position.chainId}:${v.position.account.slice(0, 6)}`, v.stale]))).toEqual({
      '1:0x7099': true,
      '1:0x3C44': true,
      '8453:0x7099': false,
    });
  });
});

describe('simulation of typed input', () => {
  it('repaying 1500 of 12 000 USDC: 16 500 / 10 500', () => {
    const r = sim(alice(), { amountText: '1500' });
    expect(r.error).toBeNull();
    expect(f(healthFactor(r.after!))).toBeCloseTo(16500 / 10500, 12);
  });
  it('withdraw, borrow, supply a new asset, and a price move, each against the formula', () => {
    expect(f(healthFactor(sim(alice(), { action: 'withdraw', asset: WETH.address, amountText: '2' }).after!))).toBeCloseTo((8 * 1650) / 12000, 12);
    expect(f(healthFactor(sim(alice(), { action: 'borrow', asset: USDC.address, amountText: '1000' }).after!))).toBeCloseTo(16500 / 13000, 12);
    expect(f(healthFactor(sim(alice(), { action: 'supply', asset: WBTC.address, amountText: '0.1' }).after!))).toBeCloseTo((16500 + 0.1 * 60000 * 0.75) / 12000, 3);
    const moved = sim(alice(), { amountText: '', priceMovePct: -20 });
    expect(f(healthFactor(moved.after!))).toBeCloseTo((10 * 1600 * 0.825) / 12000, 12);
    // the action alone, at today's prices, is kept apart for the chart
    const both = sim(alice(), { amountText: '1500', priceMovePct: -20 });
    expect(f(healthFactor(both.afterAction!))).toBeCloseTo(16500 / 10500, 12);
    expect(f(healthFactor(both.after!))).toBeCloseTo(13200 / 10500, 12);
  });
  it('sell-to-repay uses the proceeds after 0.5 % slippage', () => {
    const r = sim(alice(), { action: 'deleverage', asset: WETH.address, repayAsset: USDC.address, amountText: '1' });
    expect(Number(formatUnits(r.repaid!, 6))).toBeCloseTo(2000 * 0.995, 6);
    expect(f(healthFactor(r.after!))).toBeCloseTo((9 * 1650) / (12000 - 1990), 9);
  });
  it('sell-to-repay: typing the engine\'s sale into the simulator repays exactly what the engine proposed', () => {
    const position = alice(); // HF 1.375, below a target of 1.5
    const d = proposals(position, { target: (3n * WAD) / 2n }).deleverage.find((x) => x.sell.address === WETH.address)!;
    expect(d.repay.address).toBe(USDC.address);
    const r = sim(position, { action: 'deleverage', asset: WETH.address, repayAsset: d.repay.address, amountText: formatUnits(d.sell.amount, d.sell.decimals) });
    expect(r.amount).toBe(d.sell.amount);
    expect(r.repaid).toBe(d.repay.amount);
  });
  it('sell-to-repay needs a debt other than the asset sold', () => {
    const r = sim(alice(), { action: 'deleverage', asset: WETH.address, repayAsset: WETH.address, amountText: '1' });
    expect(r.after).toBeNull();
    expect(r.error).toMatch(/another asset than the one sold/);
  });
  it('absurd input gets one clear line and no result', () => {
    const cases: [Partial<SimInput>, string | RegExp][] = [
      [{ amountText: '12000.000001' }, 'More than the debt (12,000 USDC).'],
      [{ action: 'withdraw', asset: WETH.address, amountText: '10.5' }, 'More than the position holds (10 WETH).'],
      [{ amountText: 'ten' }, /^Not a number/],
      [{ amountText: '-1' }, 'The amount cannot be negative.'],
      [{ amountText: '1.0000001' }, 'USDC has 6 decimals; this has 7.'],
      [{ action: 'withdraw', asset: WETH.address, amountText: '0.0000000000000000001' }, 'Too many decimals: at most 18.'],
    ];
    for (const [over, message] of cases) {
      const r = sim(alice(), over);
      expect(r.after, JSON.stringify(over)).toBeNull();
      expect(r.error, JSON.stringify(over)).toMatch(message);
    }
  });
  it('an empty amount simulates nothing (the before state)', () => {
    const r = sim(alice(), { amountText: '  ' });
    expect(r.error).toBeNull();
    expect(healthFactor(r.after!)).toBe(healthFactor(alice()));
  });
  it('slider ends: repay at the debt, borrow where HF would reach 1', () => {
    const repay = assetOptions(alice(), 'repay');
    expect(repay.map((o) => [o.symbol, o.sliderMax])).toEqual([['USDC', 12_000_000_000n]]);
    const borrowUsdc = assetOptions(alice(), 'borrow').find((o) => o.symbol === 'USDC')!;
    expect(Number(formatUnits(borrowUsdc.sliderMax, 6))).toBeCloseTo(4500, 3); // 16 500 − 12 000
    expect(sliderValue(6_000_000_000n, 12_000_000_000n)).toBe(500);
    expect(sliderAmount(1000, 12_000_000_000n, 6)).toBe(12_000_000_000n);
    expect(sliderAmount(333, 12_000_000_000n, 6)).toBe(3_996_000_000n); // 3 996 (4 significant digits)
  });
});

describe('displayed proposals (rounded and verified in lib/risk)', () => {
  const target = 15n * 10n ** 17n;
  it('every displayed proposal, prefilled into the simulator, lands on the target', () => {
    const p = alice();
    const shown = displayedProposals(p, target);
    for (const proposal of [...shown.addCollateral, ...shown.repay, ...shown.deleverage]) {
      const i = proposalInput(proposal, WETH.address);
      const r = runSimulation(p, i, assetOptions(p, i.action), 'en-US');
      expect(r.error).toBeNull();
      expect(healthFactor(r.after!)! >= target, proposal.kind).toBe(true);
    }
  });
  it('nothing to do at or above the target; a note without debt', () => {
    expect(displayedProposals(alice(16500 / 1.6), target).alreadySafe).toBe(true);
    expect(displayedProposals({ ...alice(), debt: [] }, target).note).toMatch(/No debt/);
    const unpriced = alice();
    const missing = displayedProposals({ ...unpriced, collateral: [{ ...unpriced.collateral[0]!, price: undefined }] }, target);
    expect(missing.note).toMatch(/price is missing/);
    expect([...missing.addCollateral, ...missing.repay, ...missing.deleverage]).toEqual([]);
    expect(displayedProposals(alice(), target).note).toBeNull();
  });
});

describe('chart', () => {
  it('today at move 0 equals the HF; liquidation at the engine liquidation price', () => {
    const p = alice();
    const series = chartSeries(p, WETH.address);
    const today = series.find((s) => Math.abs(s.move) < 1e-9)!;
    expect(today.hf).toBeCloseTo(1.375, 12);
    expect(series[0]!.move).toBeCloseTo(-0.9);
    expect(series.at(-1)!.move).toBeCloseTo(1);
    expect(liquidationMoveFor(p, WETH.address, series)).toBeCloseTo(12000 / 8.25 / 2000 - 1, 8); // −27.27 %
    // joint move: only WETH is volatile here, so the same crossing, interpolated
    expect(volatileAssets(p)).toEqual([WETH.address]);
    expect(liquidationMoveFor(p, 'volatile', chartSeries(p, 'volatile'))).toBeCloseTo(-0.2727, 2);
  });
});

describe('links and ids', () => {
  it('links built-in markets to their app page, none for markets from a markets file', () => {
    expect(dappLink(alice(), new Set())).toEqual({ url: 'https://app.aave.com/?marketName=proto_mainnet_v3', label: 'Open in Aave' });
    expect(dappLink(alice(12000, { chainId: 8453, market: 'Aave Base' }), new Set()).url).toBe('https://app.aave.com/?marketName=proto_base_v3');
    expect(dappLink(alice(12000, { market: 'Spark Ethereum' }), new Set()).url).toBe('https://app.spark.fi/my-portfolio');
    const custom = new Set([customMarketKey({ protocol: 'aave-v3', chainId: 31337, name: 'Devnet Aave' })]);
    const devnet = dappLink(alice(12000, { chainId: 31337, market: 'Devnet Aave' }), custom);
    expect(devnet.url).toBeNull();
    expect(devnet).toMatchObject({ reason: expect.stringMatching(/^Custom market/) });
    // A file market that reuses a built-in name replaces it: no link either.
    expect(dappLink(alice(), new Set([customMarketKey({ protocol: 'aave-v3', chainId: 1, name: 'Aave Ethereum Core' })])).url).toBeNull();
    const morpho = { ...alice(), protocol: 'morpho-blue' as const, chainId: 8453, market: 'X', details: { protocol: 'morpho-blue' as const, marketId: `0x${'ab'.repeat(32)}` as const, lltv: 86n * 10n ** 16n } };
    expect(dappLink(morpho, new Set()).url).toBe(`https://app.morpho.org/base/market/0x${'ab'.repeat(32)}`);
    const comet = { ...alice(), protocol: 'compound-v3' as const, chainId: 8453, market: 'Compound Base cUSDCv3', details: { protocol: 'compound-v3' as const, comet: WETH.address, baseToken: USDC.address } };
    expect(dappLink(comet, new Set()).url).toBe('https://app.compound.finance/?market=usdc-basemainnet');
  });
  it('links each proposal to the app page for that action, named by its verb', () => {
    expect(actionLink(alice(), 'repay', USDC.address, new Set())).toEqual({ url: 'https://app.aave.com/?marketName=proto_mainnet_v3', label: 'Repay on Aave' });
    expect(actionLink(alice(), 'supply', WETH.address, new Set())).toEqual({
      url: `https://app.aave.com/reserve-overview/?underlyingAsset=${WETH.address.toLowerCase()}&marketName=proto_mainnet_v3`,
      label: 'Supply on Aave',
    });
    expect(actionLink(alice(), 'deleverage', WETH.address, new Set())).toMatchObject({ label: 'Repay with collateral on Aave' });
    expect(actionLink(alice(12000, { market: 'Spark Ethereum' }), 'supply', WETH.address, new Set())).toEqual({ url: 'https://app.spark.fi/my-portfolio', label: 'Supply on Spark' });
    const custom = new Set([customMarketKey({ protocol: 'aave-v3', chainId: 31337, name: 'Devnet Aave' })]);
    expect(actionLink(alice(12000, { chainId: 31337, market: 'Devnet Aave' }), 'repay', USDC.address, custom).url).toBeNull();
  });
  it('prefills amounts with the locale\'s decimal mark, so they read back the same', () => {
    expect(amountText(1_234_500_000n, 6, 'en-US')).toBe('1234.5');
    expect(amountText(1_234_500_000n, 6, 'de-DE')).toBe('1234,5');
    const de = runSimulation(alice(), input({ amountText: amountText(1_234_000n, 6, 'de-DE') }), assetOptions(alice(), 'repay'), 'de-DE');
    expect(de.amount).toBe(1_234_000n);
  });
  it('reads the position key from ?position= or #position=', () => {
    const key = positionKey(alice());
    expect(key).toBe(`1:aave-v3:Aave Ethereum Core:${ALICE.toLowerCase()}`);
    expect(positionParam({ search: `?position=${encodeURIComponent(key)}`, hash: '' })).toBe(key);
    expect(positionParam({ search: '', hash: `#position=${encodeURIComponent(key)}` })).toBe(key);
    expect(positionParam({ search: '', hash: '' })).toBeNull();
  });
  it('does not depend on simulateAll of an empty list mutating anything', () => {
    const p = alice();
    expect(simulateAll(p, [])).toBe(p);
  });
});
