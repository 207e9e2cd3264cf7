/**
 * Volatility from a feed's own rounds, read through the aggregator interface on the devnet. The feed is
 * our labelled stand-in (lib/devnet/contracts/oracle/HistoryFeed.sol) filled with paths of known processes.
 */
import { createClient, http, parseUnits } from 'viem';
import { describe, expect, it } from 'vitest';
import { ANVIL_ACCOUNTS, devnetMarketsFile, morphoBlue, morphoDevnetAbi, morphoMarketId } from '../../lib/devnet/index.ts';
import { deployFeedOracle, deployHistoryFeed, jumpDiffusionPath, pushRounds } from '../../lib/devnet/history-feed.ts';
import { runScan } from '../../lib/cli/scan.ts';
import { estimate } from '../../lib/oracle/estimate.ts';
import { HistoryBook, readFeedHistories } from '../../lib/oracle/history.ts';
import { liquidationChance, firstPassage } from '../../lib/risk/chance.ts';
import { healthFactor } from '../../lib/risk/health.ts';
import { ratio, WAD } from '../../lib/core/math.ts';
import { asset, collateral, debt, position } from '../helpers/positions.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const HOUR = 3600;

async function feedWith(rounds: { t: number; p: number }[], description: string) {
  const d = devnet();
  const feed = await deployHistoryFeed(d.client, description);
  await pushRounds(d.client, feed, rounds);
  return feed;
}

describe('feed history', () => {
  it('diffusion: σ read back through getRoundData is within 15 % of the true one (400 hourly rounds)', async () => {
    const d = devnet();
    const start = 1_700_000_000;
    const sigma = 0.62;
    const feed = await feedWith(jumpDiffusionPath({ start, p0: 2000, step: HOUR, rounds: 400, sigma, seed: 1 }), 'ETH / USD (stand-in)');
    const client = createClient({ transport: http(d.rpcUrl) });
    const histories = await readFeedHistories(client, [feed.address], { rounds: 400 });
    const points = histories.get(feed.address.toLowerCase())!;
    expect(points.length).toBe(400);
    const m = estimate(points)!;
    console.log(`diffusion: true σ ${sigma}, estimated σ ${m.sigma.toFixed(4)}, jumps/yr ${m.jumpRate.toFixed(1)}`);
    expect(Math.abs(m.sigma / sigma - 1)).toBeLessThan(0.15);

    // The one-asset 7-day chance with these estimates is the closed form for them, within 0.5 points.
    const WETH = asset({ symbol: 'WETH', decimals: 18, price: 2000, lt: 0.825 });
    const USDC = asset({ symbol: 'USDC', decimals: 6, price: 1 });
    const p = { ...position({ collateral: [collateral(WETH, 10)], debt: [debt(USDC, 14_800)] }) };
    p.oracles = [{ asset: WETH.address, updatedAt: undefined, feeds: [{ address: feed.address, invert: false }] }];
    const model = new HistoryBook(histories).modelFor(p);
    expect(model.asset(WETH.address, 'WETH').source).toBe('history');
    const hf = ratio(healthFactor(p) as bigint, WAD);
    const est = model.asset(WETH.address, 'WETH');
    const closed = est.jumpRate === 0 ? firstPassage(Math.log(hf), 0, est.sigma, 7 / 365) : undefined;
    const simulated = liquidationChance(p, model, { simulate: true, controlVariate: false, paths: 20_000 })!;
    if (closed !== undefined) {
      expect(Math.abs(simulated['7d'] - closed)).toBeLessThan(0.005);
      console.log(`7d chance: closed form ${(closed * 100).toFixed(2)} %, simulation ${(simulated['7d'] * 100).toFixed(2)} %`);
    }
  });

  it('jump-diffusion: σ within 15 %, jumps found at about their true rate (1000 hourly rounds)', async () => {
    const d = devnet();
    const spec = { start: 1_700_000_000, p0: 60_000, step: HOUR, rounds: 1000, sigma: 0.5, jumpRate: 150, jumpMean: -0.01, jumpStd: 0.06, seed: 7 };
    const feed = await feedWith(jumpDiffusionPath(spec), 'BTC / USD (stand-in)');
    const histories = await readFeedHistories(createClient({ transport: http(d.rpcUrl) }), [feed.address], { rounds: 1000 });
    const m = estimate(histories.get(feed.address.toLowerCase())!)!;
    console.log(`jumps: true σ ${spec.sigma}, λ ${spec.jumpRate}/yr; estimated σ ${m.sigma.toFixed(4)}, λ ${m.jumpRate.toFixed(1)}/yr, sJ ${m.jumpStd.toFixed(3)}`);
    expect(Math.abs(m.sigma / spec.sigma - 1)).toBeLessThan(0.15);
    expect(m.jumpRate).toBeGreaterThan(spec.jumpRate * 0.5);
    expect(m.jumpRate).toBeLessThan(spec.jumpRate * 1.5);
    // The diffusion-only estimate (every return) would call the jumps volatility: the split is what differs.
    expect(m.volatility).toBeGreaterThan(m.sigma);
  });

  it('follows the proxy round ids of the latest phase; too few rounds fall back to a labelled assumed class', async () => {
    const d = devnet();
    const feed = await feedWith(jumpDiffusionPath({ start: 1_700_000_000, p0: 1, step: HOUR, rounds: 50, sigma: 0.3, seed: 3 }), 'X / USD (stand-in)');
    await d.client.writeContract({ address: feed.address, abi: feed.abi, functionName: 'newPhase', account: ANVIL_ACCOUNTS[0], chain: null });
    await d.client.mine({ blocks: 1 });
    await pushRounds(d.client, feed, jumpDiffusionPath({ start: 1_800_000_000, p0: 1, step: HOUR, rounds: 20, sigma: 0.3, seed: 4 }));
    const histories = await readFeedHistories(createClient({ transport: http(d.rpcUrl) }), [feed.address]);
    const points = histories.get(feed.address.toLowerCase())!;
    expect(points.length).toBe(20); // phase 2's rounds only: ids (2 << 64) | 1 … 20
    expect(points[0]!.t).toBe(1_800_000_000);
    const X = asset({ symbol: 'XYZ', decimals: 18, price: 1, lt: 0.5 });
    const p = position({ collateral: [collateral(X, 1)] });
    p.oracles = [{ asset: X.address, updatedAt: undefined, feeds: [{ address: feed.address, invert: false }] }];
    const m = new HistoryBook(histories).modelFor(p).asset(X.address, 'XYZ');
    expect(m.source).toBe('assumed');
    expect(m.assumedClass).toBe('long-tail');
  });
});

describe('through the CLI', () => {
  it('a Morpho market on a Chainlink-style oracle: volatility from the feed history, price age from its last round', async () => {
    const d = devnet();
    const now = Number((await d.client.getBlock()).timestamp);
    const rounds = jumpDiffusionPath({ start: now - 300 * HOUR, p0: 2000, step: HOUR, rounds: 300, sigma: 0.7, seed: 21 });
    const feed = await feedWith(rounds, 'ETH / USD (stand-in)');
    const last = rounds[rounds.length - 1]!;
    // WETH (18) in USDC (6) from an 8-decimal feed: 10^(36 + 6 − 18 − 8).
    const oracle = await deployFeedOracle(d.client, feed.address, 10n ** 16n);
    const base = d.morpho.markets['WETH/USDC'];
    const params = { ...base.params, oracle };
    const owner = d.morpho.accounts.owner;
    await d.client.writeContract({ address: d.morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'createMarket', args: [params], account: owner, chain: null });
    const market = { ...base, id: morphoMarketId(params), params };
    await morphoBlue.supply(d, { account: d.morpho.accounts.liquidityProvider, market, amount: parseUnits('1000000', 6) });
    const user = ANVIL_ACCOUNTS[7]!;
    await morphoBlue.openPosition(d, { account: user, market, collateral: parseUnits('10', 18), borrow: parseUnits('8000', 6) });

    const file = devnetMarketsFile(d);
    const markets = file.markets.map((m) => (m.protocol === 'morpho-blue' ? { ...m, marketIds: [market.id] } : m));
    const { reports, errors } = await runScan({ chains: file.chains, markets, accounts: [user], protocols: ['morpho-blue'] });
    expect(errors).toEqual([]);
    expect(reports).toHaveLength(1);
    const r = reports[0]!;
    const weth = r.collateral[0]!;
    expect(weth.volatilitySource).toBe('history');
    expect(Math.abs(weth.volatility! / 0.7 - 1)).toBeLessThan(0.15);
    expect(weth.oracleUpdatedAt).toBe(last.t);
    expect(r.debt[0]!.volatility).toBe(0); // the loan token is the quote unit
    expect(r.liquidationChance!['7d']).toBeGreaterThanOrEqual(r.liquidationChance!['1d']);
    expect(r.liquidationTime).toBeGreaterThan(r.blockTimestamp);
    console.log(`Morpho on a feed oracle: σ ${weth.volatility!.toFixed(3)} (history), chance 1d ${r.liquidationChance!['1d'].toFixed(5)}, 7d ${r.liquidationChance!['7d'].toFixed(4)}`);
  });
});
