/**
 * Morpho Blue on the devnet: the real Morpho.sol (v1.0.0, compiled with solc 0.8.19 and Morpho's settings),
 * our settable oracle and fixed-rate IRM, and the reader + risk engine checked against the contract itself.
 *
 * The contract is the ground truth everywhere:
 * - "the contract's HF" is computed in this file from Morpho's own storage read back after Morpho's own
 *   `accrueInterest` ran (inside one eth_call at the read block), with the formula of `_isHealthy` written
 *   out here independently of lib/; and `liquidate` is asked (success or "position is healthy");
 * - liquidation prices are bracketed by `liquidate` with the oracle moved 0.01 % either side, and the exact
 *   flip price is checked unit-for-unit;
 * - proposals and simulations are done on-chain and the position read back.
 * No mocks: every number comes from anvil running the real bytecode.
 */
import {
  createClient,
  custom,
  getAddress,
  http,
  keccak256,
  parseEther,
  parseUnits,
  toHex,
  type Address,
  type Client,
  type EIP1193RequestFn,
  type Hex,
} from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANVIL_ACCOUNTS, MULTICALL3_ADDRESS, revertTo, snapshot, type Devnet } from '../../lib/devnet/index.ts';
import { seeded } from '../../lib/devnet/history-feed.ts';
import {
  aaveTokensForMorpho,
  deployMorphoBlue,
  morphoBlue,
  morphoDevnetAbi,
  morphoDevnetOracleAbi,
  morphoMarketConfig,
  morphoMarketId,
  morphoOraclePrice,
  revertReason,
  type DevnetMorphoMarket,
  type MorphoDevnet,
} from '../../lib/devnet/index.ts';
import { discoverMorphoMarkets, readMorphoPositions, type ReadMorphoPositionsReturnType } from '../../lib/protocols/morpho-blue/index.ts';
import { multicall3Abi } from '../../lib/protocols/shared/multicall.ts';
import {
  healthFactor,
  liquidationCost,
  liquidationPrices,
  proposals,
  report,
  simulate,
  type Action,
  type Position,
} from '../../lib/risk/index.ts';
import { scan } from '../../lib/scan/index.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
let morpho: MorphoDevnet;
const WAD = 10n ** 18n;
const E36 = 10n ** 36n;
const LIQUIDATOR = ANVIL_ACCOUNTS[8];

beforeAll(async () => {
  // Once the lead wires Morpho into startDevnet it is there already; until then deploy it on top.
  const d = devnet() as Devnet & { morpho?: MorphoDevnet };
  const started = performance.now();
  morpho = d.morpho ?? (await deployMorphoBlue(d.rpcUrl, { tokens: aaveTokensForMorpho(d) }));
  console.log(`Morpho Blue devnet ready in ${Math.round(performance.now() - started)} ms`);
});

// ---- helpers -------------------------------------------------------------------------------------------------

const markets = (): DevnetMorphoMarket[] => Object.values(morpho.markets);
const marketIds = (): Hex[] => markets().map((m) => m.id);

let readerClient: Client | undefined;
function reader(): Client {
  readerClient ??= createClient({ transport: http(devnet().rpcUrl, { batch: false }) });
  return readerClient;
}

function read(accounts: readonly Address[], ids: readonly Hex[] = marketIds()): Promise<ReadMorphoPositionsReturnType> {
  return readMorphoPositions(reader(), { chainId: 31337, market: 'Devnet Morpho', morpho: morpho.addresses.morpho, marketIds: ids, accounts });
}

function positionOf(r: ReadMorphoPositionsReturnType, account: Address, market: DevnetMorphoMarket): Position {
  const p = r.positions.find((x) => x.account === getAddress(account) && x.details.protocol === 'morpho-blue' && x.details.marketId === market.id);
  if (!p) throw new Error(`no position of ${account} in ${market.name}`);
  return p;
}


const units = (x: number, decimals: number): bigint => parseUnits(x.toFixed(Math.min(decimals, 9)), decimals);

/** Fresh borrowers beyond anvil's ten accounts: impersonated addresses with gas money. */
async function borrowers(n: number, tag: string): Promise<Address[]> {
  const client = devnet().client;
  const list: Address[] = [];
  for (let i = 0; i < n; i++) {
    const address = getAddress(keccak256(toHex(`morpho ${tag} ${i}`)).slice(0, 42));
    await client.impersonateAccount({ address });
    await client.setBalance({ address, value: parseEther('100') });
    list.push(address);
  }
  return list;
}

/**
 * Independent of lib/: Morpho._isHealthy's two sides, from the contract's storage after accrual.
 *   borrowed  = borrowShares.toAssetsUp(totalBorrowAssets, totalBorrowShares)   (virtual 1 asset, 1e6 shares)
 *   maxBorrow = collateral.mulDivDown(price, 1e36).wMulDown(lltv)
 */
function contractSides(
  p: { collateral: bigint; borrowShares: bigint },
  m: { totalBorrowAssets: bigint; totalBorrowShares: bigint },
  price: bigint,
  lltv: bigint,
): { borrowed: bigint; maxBorrow: bigint } {
  const num = p.borrowShares * (m.totalBorrowAssets + 1n);
  const den = m.totalBorrowShares + 1_000_000n;
  const borrowed = (num + den - 1n) / den;
  const maxBorrow = (((p.collateral * price) / E36) * lltv) / WAD;
  return { borrowed, maxBorrow };
}

/** |a/b − 1| for bigints, in float. */
const relErr = (a: bigint, b: bigint): number => Math.abs(Number(a - b) / Number(b));

interface ContractView {
  timestamp: bigint;
  markets: Map<Hex, { totalBorrowAssets: bigint; totalBorrowShares: bigint; totalSupplyAssets: bigint; totalSupplyShares: bigint; price: bigint }>;
  positions: Map<string, { borrowShares: bigint; collateral: bigint }>;
}

/**
 * Morpho's own state at `blockNumber`, accrued by Morpho itself: one eth_call to Multicall3 that first calls
 * `accrueInterest` on every market (state changes stay inside the call), then reads `market`, the oracles
 * and `position` back. eth_call at a block runs with that block's timestamp, which is returned too.
 */
async function contractView(blockNumber: bigint, pairs: { market: DevnetMorphoMarket; user: Address }[]): Promise<ContractView> {
  const ms = markets();
  const address = morpho.addresses.morpho;
  const calls = [
    { address: MULTICALL3_ADDRESS, abi: multicall3Abi, functionName: 'getCurrentBlockTimestamp' },
    ...ms.map((m) => ({ address, abi: morphoDevnetAbi, functionName: 'accrueInterest', args: [m.params] })),
    ...ms.map((m) => ({ address, abi: morphoDevnetAbi, functionName: 'market', args: [m.id] })),
    ...ms.map((m) => ({ address: m.params.oracle, abi: morphoDevnetOracleAbi, functionName: 'price' })),
    ...pairs.map(({ market, user }) => ({ address, abi: morphoDevnetAbi, functionName: 'position', args: [market.id, user] })),
  ];
  const results = (await devnet().client.multicall({ contracts: calls as never, allowFailure: false, blockNumber })) as unknown[];
  const n = ms.length;
  const view: ContractView = { timestamp: results[0] as bigint, markets: new Map(), positions: new Map() };
  ms.forEach((m, i) => {
    const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares] = results[1 + n + i] as bigint[];
    view.markets.set(m.id, { totalSupplyAssets: totalSupplyAssets!, totalSupplyShares: totalSupplyShares!, totalBorrowAssets: totalBorrowAssets!, totalBorrowShares: totalBorrowShares!, price: results[1 + 2 * n + i] as bigint });
  });
  pairs.forEach(({ market, user }, k) => {
    const [, borrowShares, collateral] = results[1 + 3 * n + k] as bigint[];
    view.positions.set(`${market.id}:${getAddress(user)}`, { borrowShares: borrowShares!, collateral: collateral! });
  });
  return view;
}

/** Ask Morpho.liquidate (eth_call, nothing mined) whether it would liquidate `user` now. */
async function liquidateVerdict(market: DevnetMorphoMarket, user: Address, blockNumber?: bigint): Promise<'liquidated' | string> {
  const position = await morphoBlue.getPosition(morpho, { market, account: user, ...(blockNumber === undefined ? {} : { blockNumber }) });
  const repaidShares = position.borrowShares / 4n || 1n;
  try {
    await devnet().client.simulateContract({
      account: LIQUIDATOR,
      address: morpho.addresses.morpho,
      abi: morphoDevnetAbi,
      functionName: 'liquidate',
      args: [market.params, user, 0n, repaidShares, '0x'],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    });
    return 'liquidated';
  } catch (error) {
    const reason = revertReason(error);
    if (reason === undefined) throw error;
    return reason;
  }
}

/** Give the liquidator (and anyone else) enough loan tokens and Morpho allowances up front, so later actions mine nothing extra. */
async function prefund(accounts: readonly Address[]): Promise<void> {
  for (const account of accounts) {
    for (const token of Object.values(morpho.tokens)) {
      await morphoBlue.prepareSpend(morpho, { account, token: token.address, amount: 10n ** BigInt(token.decimals + 9) });
    }
  }
}

/** Collateral sizes per market, in whole tokens. */
const COLLATERAL_RANGE: Record<string, [number, number]> = {
  'WETH/USDC': [0.5, 50],
  'WBTC/USDC': [0.01, 3],
  'wstETH/WETH': [1, 100],
  'WETH/DAI': [0.5, 50],
};

/** Open a position whose debt is `fraction` of what the collateral backs at the current price. */
async function openAt(market: DevnetMorphoMarket, account: Address, collateral: bigint, fraction: number): Promise<void> {
  const price = await devnet().client.readContract({ address: market.params.oracle, abi: morphoDevnetOracleAbi, functionName: 'price' });
  const max = (((collateral * price) / E36) * market.params.lltv) / WAD;
  const borrow = (max * BigInt(Math.round(fraction * 1e9))) / 1_000_000_000n;
  await morphoBlue.openPosition(morpho, { account, market, collateral, borrow });
}

async function passTime(seconds: number): Promise<void> {
  await devnet().client.increaseTime({ seconds });
  await devnet().client.mine({ blocks: 1 });
}

// ---- the devnet itself -------------------------------------------------------------------------------------

describe('Morpho Blue devnet', () => {
  it('runs the real Morpho with the four LLTVs, markets of mixed decimals and ids as Morpho hashes them', async () => {
    const client = devnet().client;
    expect(await client.readContract({ address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'owner' })).toBe(ANVIL_ACCOUNTS[0]);
    for (const lltv of [77n, 86n, 91.5, 94.5].map((p) => parseUnits(String(p), 16))) {
      expect(await client.readContract({ address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'isLltvEnabled', args: [lltv] })).toBe(true);
    }
    const decimals = new Set<string>();
    for (const market of markets()) {
      expect(morphoMarketId(market.params)).toBe(market.id);
      const [loanToken, collateralToken, oracle, irm, lltv] = await client.readContract({
        address: morpho.addresses.morpho, abi: morphoDevnetAbi, functionName: 'idToMarketParams', args: [market.id],
      });
      expect({ loanToken, collateralToken, oracle, irm, lltv }).toEqual(market.params);
      expect((await morphoBlue.getMarket(morpho, { market })).totalSupplyAssets).toBeGreaterThan(0n);
      decimals.add(`${market.collateral.decimals}/${market.loan.decimals}`);
    }
    expect(decimals.size).toBeGreaterThanOrEqual(3);

    // One more market, made the way a test would: WBTC/DAI at 86 %, read like the others.
    const extra = await morphoBlue.createMarket(morpho, {
      loan: morpho.tokens.DAI, collateral: morpho.tokens.WBTC, lltv: parseUnits('0.86', 18),
      price: morphoOraclePrice('60000', 8, 18), liquidity: parseEther('1000000'),
    });
    expect(extra.name).toBe('WBTC/DAI 86%');
    const [, alice] = ANVIL_ACCOUNTS;
    await openAt(extra, alice, units(1, 8), 0.5);
    const p = positionOf(await read([alice], [extra.id]), alice, extra);
    expect(p.quote).toBe('DAI');
    expect(Number(healthFactor(p)!) / 1e18).toBeCloseTo(2, 9);
  });

  it('accrues interest at the IRM rate and refuses unhealthy borrows with Morpho reasons', async () => {
    const market = morpho.markets['WETH/USDC'];
    const [, alice] = ANVIL_ACCOUNTS;
    await openAt(market, alice, parseEther('10'), 0.5);
    const before = await morphoBlue.getMarket(morpho, { market });
    await passTime(365 * 86_400);
    await morphoBlue.repay(morpho, { account: alice, market, amount: 1n }); // any interaction accrues
    const after = await morphoBlue.getMarket(morpho, { market });
    const growth = Number(after.totalBorrowAssets - 1n) / Number(before.totalBorrowAssets) - 1;
    expect(growth).toBeGreaterThan(0.1); // e^0.1 − 1 ≈ 10.5 % for ~10 % a year
    expect(growth).toBeLessThan(0.11);
    await expect(morphoBlue.borrow(morpho, { account: alice, market, amount: parseUnits('100000', 6) })).rejects.toMatchObject({ reason: 'insufficient collateral' });
  });
});

// ---- the reader ----------------------------------------------------------------------------------------------

describe('readMorphoPositions', () => {
  it('matches the contract exactly on random positions across markets after interest accrues (HF rel. error <= 1e-12, liquidate agrees)', async () => {
    const rand = seeded(20240611);
    const accounts = await borrowers(10, 'random');
    await prefund([LIQUIDATOR]);
    const pairs: { market: DevnetMorphoMarket; user: Address }[] = [];
    for (const [i, account] of accounts.entries()) {
      for (const [j, market] of markets().entries()) {
        const [lo, hi] = COLLATERAL_RANGE[market.key]!;
        const collateral = units(lo + (hi - lo) * rand(), market.collateral.decimals);
        // Every ninth one holds collateral only; the others borrow 30–99.5 % of what they may.
        const fraction = (i * 4 + j) % 9 === 4 ? 0 : 0.5 + 0.495 * rand();
        await openAt(market, account, collateral, fraction);
        pairs.push({ market, user: account });
      }
      await devnet().client.increaseTime({ seconds: Math.round(3_600 + 2 * 86_400 * rand()) });
    }
    // Time passes (interest), and oracles move down by 1–7 % (a random part per market), so some positions
    // cross HF = 1 and others stay above.
    await passTime(45 * 86_400);
    for (const [j, market] of markets().entries()) {
      const drop = BigInt(10_000 + j * 25_000 + Math.round(rand() * 10_000));
      await morphoBlue.setPrice(morpho, { market, price: (market.initialPrice * (1_000_000n - drop)) / 1_000_000n });
    }
    await devnet().client.mine({ blocks: 1 });

    const started = performance.now();
    const r = await read(accounts);
    const readMs = performance.now() - started;
    const truth = await contractView(r.blockNumber, pairs);
    expect(truth.timestamp).toBe(r.timestamp);
    expect(r.requests).toBe(2);

    // Market totals after accrual: the reader's computation equals Morpho's to the unit.
    for (const snapshotOfMarket of r.markets) {
      const t = truth.markets.get(snapshotOfMarket.info.id)!;
      expect(snapshotOfMarket.state.totalBorrowAssets).toBe(t.totalBorrowAssets);
      expect(snapshotOfMarket.state.totalSupplyAssets).toBe(t.totalSupplyAssets);
      expect(snapshotOfMarket.state.totalSupplyShares).toBe(t.totalSupplyShares); // fee shares included
      expect(snapshotOfMarket.price).toBe(t.price);
    }

    let compared = 0;
    let liquidatable = 0;
    let worst = 0;
    expect(r.positions).toHaveLength(pairs.length);
    for (const { market, user } of pairs) {
      const p = positionOf(r, user, market);
      const stored = truth.positions.get(`${market.id}:${getAddress(user)}`)!;
      const m = truth.markets.get(market.id)!;
      expect(p.collateral[0]!.amount).toBe(stored.collateral);
      if (stored.borrowShares === 0n) {
        expect(p.debt).toHaveLength(0);
        expect(healthFactor(p)).toBeNull();
        continue;
      }
      const { borrowed, maxBorrow } = contractSides(stored, m, m.price, market.params.lltv);
      expect(p.debt[0]!.amount).toBe(borrowed);
      const hf = healthFactor(p)!;
      // HF as the contract would state it: maxBorrow / borrowed, a ratio; ours is its WAD floor.
      const contractHf = (maxBorrow * WAD) / borrowed;
      expect(hf).toBe(contractHf);
      const err = Math.abs(Number(hf) / 1e18 - Number(maxBorrow) / Number(borrowed)) / (Number(maxBorrow) / Number(borrowed));
      worst = Math.max(worst, err);
      expect(err).toBeLessThanOrEqual(1e-12);
      const healthy = maxBorrow >= borrowed;
      expect(hf >= WAD).toBe(healthy);
      const verdict = await liquidateVerdict(market, user, r.blockNumber);
      expect(verdict).toBe(healthy ? 'position is healthy' : 'liquidated');
      if (!healthy) liquidatable++;
      compared++;
    }
    console.log(`HF vs contract: ${compared} borrowing positions (${liquidatable} liquidatable) in ${markets().length} markets, worst rel. error ${worst.toExponential(2)}; read of ${accounts.length} accounts × ${markets().length} markets: ${readMs.toFixed(1)} ms, ${r.requests} eth_calls`);
    expect(compared).toBeGreaterThanOrEqual(30);
    expect(liquidatable).toBeGreaterThan(0);
    expect(compared - liquidatable).toBeGreaterThan(0);
  });

  it('builds legs the engine reads in the loan token: LLTV threshold, Morpho incentive, collateral at the oracle price', async () => {
    const market = morpho.markets['WBTC/USDC'];
    const [, , bob] = ANVIL_ACCOUNTS;
    await openAt(market, bob, units(2, 8), 0.8);
    const r = await read([bob]);
    const p = positionOf(r, bob, market);
    expect(p.quote).toBe('USDC');
    expect(p.quoteDecimals).toBe(6);
    expect(p.details).toEqual({ protocol: 'morpho-blue', marketId: market.id, lltv: market.params.lltv });
    expect(p.collateral[0]).toMatchObject({ symbol: 'WBTC', decimals: 8, priceUnit: E36, liquidationThreshold: market.params.lltv, liquidationBonus: 1_026_167_265_264_238_070n });
    expect(p.debt[0]).toMatchObject({ symbol: 'USDC', decimals: 6, price: E36, priceUnit: E36 }); // 1, at 1e36 resolution
    expect(p.assets.map((a) => [a.symbol, a.canBeCollateral, a.canBeBorrowed])).toEqual([['WBTC', true, false], ['USDC', false, true]]);
    const rep = report(p);
    expect(rep.collateral[0]!.price).toBeCloseTo(60_000, 6);
    expect(rep.healthFactor).toBeCloseTo(1 / 0.8, 6);
    expect(rep.collateral[0]!.liquidationPrice).toBeCloseTo(60_000 * 0.8, 2);
    // The loan token is the quote unit: its "liquidation price" is the same event seen from the other side.
    expect(rep.debt[0]!.price).toBe(1);
    expect(rep.debt[0]!.liquidationPrice).toBeCloseTo(1 / 0.8, 9);
    expect(rep.debt[0]!.distance).toBeCloseTo(0.25, 9);
    // Liquidation cost from Morpho's incentive factor: the liquidator may repay everything, at 1/(0.3·LLTV+0.7).
    const cost = liquidationCost(p)!;
    expect(cost.closeFactor).toBe(WAD);
    expect(Number(cost.collateralSeized) / Number(cost.debtRepaid)).toBeCloseTo(1.026167265, 8);
    // Nobody else's positions, and no position for an account with nothing in the market.
    expect(r.positions.every((x) => x.account === bob)).toBe(true);
    expect((await read([ANVIL_ACCOUNTS[3]])).positions).toEqual([]);
  });

  it('reads many accounts across all markets in two eth_calls, one with nothing to accrue', async () => {
    const accounts = await borrowers(50, 'bench');
    const rand = seeded(7);
    for (const [i, account] of accounts.slice(0, 12).entries()) {
      const market = markets()[i % 4]!;
      const [lo, hi] = COLLATERAL_RANGE[market.key]!;
      await openAt(market, account, units(lo + (hi - lo) * rand(), market.collateral.decimals), 0.5);
    }
    await passTime(86_400);
    const calls: string[] = [];
    const counting = createClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          calls.push(args.method);
          return (devnet().client.request as unknown as EIP1193RequestFn)(args as never);
        },
      }),
    });
    const params = { chainId: 31337, market: 'Devnet Morpho', morpho: morpho.addresses.morpho, marketIds: marketIds(), accounts };
    let started = performance.now();
    const cold = await readMorphoPositions(counting, params);
    const coldMs = performance.now() - started;
    const coldCalls = calls.filter((c) => c === 'eth_call').length;
    calls.length = 0;
    started = performance.now();
    const warm = await readMorphoPositions(counting, { ...params, marketStatic: cold.marketStatic });
    const warmMs = performance.now() - started;
    expect(cold.positions).toHaveLength(12);
    expect(warm.positions).toEqual(cold.positions);
    expect(coldCalls).toBe(2);
    expect(calls.filter((c) => c === 'eth_call')).toHaveLength(2);
    // Lenders only (no borrower among the accounts): nothing to accrue, one request with the static data.
    calls.length = 0;
    const lenders = await readMorphoPositions(counting, { ...params, accounts: accounts.slice(20), marketStatic: cold.marketStatic });
    expect(lenders.positions).toEqual([]);
    expect(calls.filter((c) => c === 'eth_call')).toHaveLength(1);
    console.log(`Morpho read, 50 accounts × 4 markets: cold ${coldMs.toFixed(1)} ms (${coldCalls} eth_calls), warm ${warmMs.toFixed(1)} ms (2 eth_calls)`);
  });

  it('says "price missing" when the oracle reverts, HF 0 when it answers 0, and reports unknown market ids', async () => {
    const market = morpho.markets['WETH/DAI'];
    const [, , , carol] = ANVIL_ACCOUNTS;
    await openAt(market, carol, parseEther('3'), 0.6);
    // An oracle answering 0: Morpho uses it, so the position is liquidatable (HF 0), not "unknown".
    await morphoBlue.setPrice(morpho, { market, price: 0n });
    const zero = positionOf(await read([carol]), carol, market);
    expect(healthFactor(zero)).toBe(0n);
    expect(await liquidateVerdict(market, carol)).not.toBe('position is healthy');
    await devnet().client.setCode({ address: market.params.oracle, bytecode: '0x60006000fd' }); // PUSH 0 PUSH 0 REVERT
    const r = await read([carol]);
    const p = positionOf(r, carol, market);
    expect(p.collateral[0]!.price).toBeUndefined();
    expect(healthFactor(p)).toBeUndefined();
    expect(report(p).status).toBe('price-missing');
    const bogus = keccak256(toHex('no such market'));
    const withBogus = await read([carol], [...marketIds(), bogus]);
    expect(withBogus.unknownMarketIds).toEqual([bogus]);
    expect(withBogus.positions).toHaveLength(1);
  });
});

// ---- the engine against Morpho.liquidate ---------------------------------------------------------------------

describe('liquidation prices against Morpho.liquidate', () => {
  it('bracket the flip within 0.01 % in every market, and sit within 1e-9 of the exact flip price', async () => {
    const users = await borrowers(4, 'bracket');
    await prefund([LIQUIDATOR]);
    for (const [i, market] of markets().entries()) {
      const [lo, hi] = COLLATERAL_RANGE[market.key]!;
      await openAt(market, users[i]!, units((lo + hi) / 4, market.collateral.decimals), 0.9);
    }
    await passTime(30 * 86_400);
    for (const [i, market] of markets().entries()) {
      const user = users[i]!;
      const r = await read([user], [market.id]);
      const p = positionOf(r, user, market);
      const liq = liquidationPrices(p).collateral.get(p.collateral[0]!.address);
      expect(typeof liq).toBe('bigint');
      const pStar = liq as bigint;
      expect(pStar).toBeLessThan(p.collateral[0]!.price!);

      // The exact flip: the lowest oracle price at which _isHealthy holds, from Morpho's storage (accrued by
      // Morpho at this block) with the contract's formula, then confirmed by liquidate at that price and one below.
      const truth = await contractView(r.blockNumber, [{ market, user }]);
      const stored = truth.positions.get(`${market.id}:${getAddress(user)}`)!;
      const m = truth.markets.get(market.id)!;
      let lo = 1n;
      let hi = p.collateral[0]!.price!;
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        const { borrowed, maxBorrow } = contractSides(stored, m, mid, market.params.lltv);
        if (maxBorrow >= borrowed) hi = mid;
        else lo = mid;
      }
      const flip = hi;
      await morphoBlue.setPrice(morpho, { market, price: flip });
      expect(await liquidateVerdict(market, user)).toBe('position is healthy');
      await morphoBlue.setPrice(morpho, { market, price: flip - 1n });
      expect(await liquidateVerdict(market, user)).toBe('liquidated');
      const gap = Number(flip - pStar) / Number(flip);
      expect(Math.abs(gap)).toBeLessThan(1e-9);

      // The 0.01 % bracket with real transactions.
      await morphoBlue.setPrice(morpho, { market, price: (pStar * 10_001n) / 10_000n });
      const refused = await morphoBlue.liquidate(morpho, { liquidator: LIQUIDATOR, market, borrower: user });
      expect(refused).toEqual({ ok: false, reason: 'position is healthy' });
      await morphoBlue.setPrice(morpho, { market, price: (pStar * 9_999n) / 10_000n });
      const done = await morphoBlue.liquidate(morpho, { liquidator: LIQUIDATOR, market, borrower: user });
      expect(done.ok).toBe(true);
      console.log(`${market.name}: liquidation price ${pStar}, exact flip ${flip} (engine ${gap >= 0 ? 'below' : 'above'} by ${Math.abs(gap).toExponential(2)})`);
    }
  });
});

// ---- proposals and simulations done on-chain -----------------------------------------------------------------

describe('proposals and simulations against the chain', () => {
  it('proposals land on the target health factor (within 0.1 %) when done on-chain', async () => {
    const target = 1_250_000_000_000_000_000n;
    const users = await borrowers(4, 'proposals');
    await prefund(users);
    for (const [i, market] of markets().entries()) {
      const [lo, hi] = COLLATERAL_RANGE[market.key]!;
      await openAt(market, users[i]!, units((lo + hi) / 3, market.collateral.decimals), 0.97);
    }
    await passTime(7 * 86_400);
    let landed = 0;
    for (const [i, market] of markets().entries()) {
      const user = users[i]!;
      const p = positionOf(await read([user], [market.id]), user, market);
      const plan = proposals(p, { target });
      expect(plan.alreadySafe).toBe(false);
      const add = plan.addCollateral[0]!;
      const repay = plan.repay[0]!;
      const delever = plan.deleverage[0]!;
      expect(add.add.address).toBe(market.collateral.address);
      expect(repay.reachesTarget).toBe(true);
      expect(delever.reachesTarget).toBe(true);
      const steps: [string, () => Promise<unknown>][] = [
        ['add collateral', () => morphoBlue.supplyCollateral(morpho, { account: user, market, amount: add.add.amount })],
        ['repay', () => morphoBlue.repay(morpho, { account: user, market, amount: repay.repay.amount })],
        ['deleverage', async () => {
          // Morpho checks health on withdrawal, so the repayment (bought with the sold collateral) goes first.
          await morphoBlue.repay(morpho, { account: user, market, amount: delever.repay.amount });
          await morphoBlue.withdrawCollateral(morpho, { account: user, market, amount: delever.sell.amount });
        }],
      ];
      for (const [label, run] of steps) {
        const id = await snapshot(devnet());
        try {
          await run();
          const hf = healthFactor(positionOf(await read([user], [market.id]), user, market))!;
          const off = Number(hf) / Number(target) - 1;
          expect(off, `${market.name} ${label}: HF ${hf}`).toBeGreaterThanOrEqual(-0.001);
          expect(off, `${market.name} ${label}: HF ${hf}`).toBeLessThanOrEqual(0.001);
          landed++;
        } finally {
          await revertTo(devnet(), { id });
        }
      }
    }
    expect(landed).toBe(12);
  });

  it('simulations equal the chain after the same action (HF within 1e-9, amounts to the unit)', async () => {
    const users = await borrowers(4, 'simulate');
    await prefund(users);
    for (const [i, market] of markets().entries()) {
      const [lo, hi] = COLLATERAL_RANGE[market.key]!;
      await openAt(market, users[i]!, units((lo + hi) / 5, market.collateral.decimals), 0.7);
    }
    await passTime(10 * 86_400);
    let compared = 0;
    let worst = 0;
    for (const [i, market] of markets().entries()) {
      const user = users[i]!;
      const before = positionOf(await read([user], [market.id]), user, market);
      const c = before.collateral[0]!;
      const d = before.debt[0]!;
      const cases: { action: Action; run: () => Promise<unknown> }[] = [
        { action: { type: 'repay', asset: d.address, amount: (d.amount * 3n) / 10n }, run: () => morphoBlue.repay(morpho, { account: user, market, amount: (d.amount * 3n) / 10n }) },
        { action: { type: 'supply', asset: c.address, amount: c.amount / 5n }, run: () => morphoBlue.supplyCollateral(morpho, { account: user, market, amount: c.amount / 5n }) },
        { action: { type: 'withdraw', asset: c.address, amount: c.amount / 10n }, run: () => morphoBlue.withdrawCollateral(morpho, { account: user, market, amount: c.amount / 10n }) },
        { action: { type: 'borrow', asset: d.address, amount: d.amount / 10n }, run: () => morphoBlue.borrow(morpho, { account: user, market, amount: d.amount / 10n }) },
        { action: { type: 'price', asset: c.address, price: (c.price! * 93n) / 100n }, run: () => morphoBlue.setPrice(morpho, { market, price: (c.price! * 93n) / 100n }) },
      ];
      for (const { action, run } of cases) {
        const id = await snapshot(devnet());
        try {
          // The action's block gets the read block's timestamp, so no interest separates "before" and "after"
          // (a price move is a storage write: it mines no block).
          if (action.type !== 'price') await devnet().client.setNextBlockTimestamp({ timestamp: before.timestamp });
          await run();
          const after = positionOf(await read([user], [market.id]), user, market);
          expect(after.timestamp).toBe(before.timestamp);
          const simulated = simulate(before, action);
          expect(simulated.collateral[0]!.amount).toBe(after.collateral[0]!.amount);
          // Morpho converts assets to shares and back (repay rounds shares down, borrow up): a unit or two.
          const debtDiff = simulated.debt[0]!.amount - after.debt[0]!.amount;
          expect(debtDiff >= -2n && debtDiff <= 2n, `${market.name} ${action.type}: debt ${simulated.debt[0]!.amount} vs ${after.debt[0]!.amount}`).toBe(true);
          const err = relErr(healthFactor(simulated)!, healthFactor(after)!);
          worst = Math.max(worst, err);
          expect(err, `${market.name} ${action.type}`).toBeLessThanOrEqual(1e-9);
          compared++;
        } finally {
          await revertTo(devnet(), { id });
        }
      }
    }
    console.log(`simulations vs chain: ${compared} actions, worst HF rel. error ${worst.toExponential(2)}`);
    expect(compared).toBe(20);
  });
});

// ---- market discovery ----------------------------------------------------------------------------------------

describe('market discovery by SupplyCollateral logs', () => {
  it('finds the markets each account used, resumes across calls under a tight budget, and splits ranges an RPC refuses', async () => {
    const [alice, bob, carol] = (await borrowers(3, 'discovery')) as [Address, Address, Address];
    const m = morpho.markets;
    await openAt(m['WETH/USDC'], alice, parseEther('2'), 0.5);
    await openAt(m['wstETH/WETH'], alice, parseEther('5'), 0.5);
    await morphoBlue.supplyCollateral(morpho, { account: carol, market: m['WBTC/USDC'], amount: units(0.1, 8) });
    await morphoBlue.withdrawCollateral(morpho, { account: carol, market: m['WBTC/USDC'], amount: units(0.1, 8) });
    for (let i = 0; i < 40; i++) await devnet().client.mine({ blocks: 5 }); // history to page through
    const sorted = (ids: Hex[]) => [...ids].sort();

    // One call, whole range.
    const all = await discoverMorphoMarkets(reader(), { morpho: morpho.addresses.morpho, accounts: [alice, bob, carol], fromBlock: 0n });
    expect(all.complete).toBe(true);
    expect(sorted(all.marketIds[alice]!)).toEqual(sorted([m['WETH/USDC'].id, m['wstETH/WETH'].id]));
    expect(all.marketIds[bob]).toEqual([]);
    expect(all.marketIds[carol]).toEqual([m['WBTC/USDC'].id]); // a candidate; the reader drops the empty position

    // An RPC that refuses eth_getLogs over more than 64 blocks, and a budget of 3 requests per call.
    let getLogs = 0;
    const capped = createClient({
      transport: custom({
        request: async (args: { method: string; params?: unknown }) => {
          if (args.method === 'eth_getLogs') {
            getLogs++;
            const [filter] = args.params as [{ fromBlock: Hex; toBlock: Hex }];
            if (BigInt(filter.toBlock) - BigInt(filter.fromBlock) + 1n > 64n) throw new Error('query exceeds max block range 64');
          }
          return (devnet().client.request as unknown as EIP1193RequestFn)(args as never);
        },
      }, { retryCount: 0 }),
    });
    let state;
    let rounds = 0;
    let result;
    do {
      result = await discoverMorphoMarkets(capped, { morpho: morpho.addresses.morpho, accounts: [alice, bob, carol], fromBlock: 0n, state, maxRequests: 3, minBlockRange: 16n });
      state = result.state;
      rounds++;
    } while (!result.complete && rounds < 200);
    expect(result.complete).toBe(true);
    expect(rounds).toBeGreaterThan(1);
    expect(sorted(result.marketIds[alice]!)).toEqual(sorted(all.marketIds[alice]!));
    expect(result.marketIds[carol]).toEqual(all.marketIds[carol]);

    // New activity after a complete scan is found by scanning only the new blocks.
    await openAt(m['WETH/DAI'], bob, parseEther('1'), 0.3);
    const next = await discoverMorphoMarkets(capped, { morpho: morpho.addresses.morpho, accounts: [alice, bob, carol], fromBlock: 0n, state, maxRequests: 3, minBlockRange: 16n });
    expect(next.complete).toBe(true);
    expect(next.marketIds[bob]).toEqual([m['WETH/DAI'].id]);
    expect(next.requests).toBeLessThanOrEqual(2);
    console.log(`discovery under a 64-block cap: ${rounds} calls of ≤ 3 requests (${getLogs} eth_getLogs) for ${result.toBlock} blocks`);
  });

  it('scan() reads Morpho from a markets-file entry with listed ids, discovers when none are listed, and names unknown ids', async () => {
    const [alice, bob] = (await borrowers(2, 'scan')) as [Address, Address];
    await openAt(morpho.markets['WETH/USDC'], alice, parseEther('4'), 0.6);
    await openAt(morpho.markets['wstETH/WETH'], bob, parseEther('10'), 0.9);
    const chains = [{ chainId: 31337, name: 'Devnet', rpcUrls: [devnet().rpcUrl] }];
    const listed = morphoMarketConfig(morpho);
    const cache = new Map<string, unknown>();
    const a = await scan({ chains, markets: [listed], accounts: [alice, bob], cache });
    expect(a.errors).toEqual([]);
    expect(a.positions.map((p) => [p.account, p.quote])).toEqual(expect.arrayContaining([[alice, 'USDC'], [bob, 'WETH']]));
    expect(a.positions).toHaveLength(2);

    const discovered = await scan({ chains, markets: [{ ...listed, name: 'Devnet Morpho (discovered)', marketIds: [] }], accounts: [alice, bob], cache });
    expect(discovered.errors).toEqual([]);
    const byAccount = (ps: Position[]) => [...ps].sort((x, y) => (x.account < y.account ? -1 : 1)).map((p) => [p.account, healthFactor(p)]);
    expect(byAccount(discovered.positions)).toEqual(byAccount(a.positions));

    const bogus = keccak256(toHex('typo'));
    const bad = await scan({ chains, markets: [{ ...listed, marketIds: [bogus] }], accounts: [alice] });
    expect(bad.positions).toEqual([]);
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]!.message).toContain(bogus);
  });
});
