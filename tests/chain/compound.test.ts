/**
 * Compound v3 (Comet) reader and risk engine, proven on the devnet.
 *
 * ┌──────────────────────────────────────────────────────────────────────────────────────────────────────────┐
 * │ The contract under these tests is A STAND-IN OF OURS (lib/devnet/contracts/compound/CometStandIn.sol), NOT │
 * │ COMPOUND'S COMET: no npm package ships Comet's bytecode and the project does not bring Comet's source in.  │
 * │ It exposes Comet's public views with Comet's ABI and computes them with the formulas Compound III documents │
 * │ (docs.compound.finance: Collateral & Borrowing, Liquidation, Interest Rates) and Comet's public interface:  │
 * │ liquidity = -borrow·basePrice/baseScale + Σ mulFactor(mulPrice(balance, price, scale), liquidateCF),       │
 * │ isLiquidatable ⇔ liquidity < 0, debt = principal × borrowIndex / 1e15 with a per-second rate.              │
 * │ What these tests prove is that the guard's numbers equal those formulas as a contract evaluates them;     │
 * │ that real Comet evaluates them the same way rests on Comet's documentation, not on these tests.            │
 * └──────────────────────────────────────────────────────────────────────────────────────────────────────────┘
 *
 * Random positions use a seeded generator (COMPOUND_TEST_SEED to replay a failure; the seed is printed).
 */
import {
  createClient,
  getAddress,
  http,
  keccak256,
  maxUint256,
  parseEther,
  parseEventLogs,
  stringToHex,
  type Abi,
  type AbiFunction,
  type AbiParameter,
  type Address,
  type Client,
} from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ANVIL_ACCOUNTS,
  COMET_COLLATERAL_SYMBOLS,
  DEVNET_CHAIN_ID,
  advanceTime,
  cometStandInAbi,
  cometStandInArtifacts,
  compoundV3,
  deployCometStandIn,
  devnetMarketsFile,
  revertReason,
  type CometCollateralSymbol,
  type CometDevnet,
  type CometSymbol,
} from '../../lib/devnet/index.ts';
import { seeded } from '../../lib/devnet/history-feed.ts';
import { cometAbi } from '../../lib/protocols/compound-v3/abi.ts';
import type { CometMarketStatic } from '../../lib/protocols/compound-v3/market.ts';
import { readCompoundPositions } from '../../lib/protocols/compound-v3/positions.ts';
import {
  accountValues,
  healthFactor,
  isLiquidatable,
  liquidationCost,
  liquidationPrices,
  proposals,
  simulate,
  type Action,
  type Position,
} from '../../lib/risk/index.ts';
import { scan } from '../../lib/scan/index.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
let comet: CometDevnet;
const WAD = 10n ** 18n;
const SEED = Number(process.env.COMPOUND_TEST_SEED ?? 20_260_601);

beforeAll(async () => {
  // Once startDevnet() deploys the stand-in itself (as `compound`), use that one; until then deploy it here.
  const provided = (devnet() as { compound?: CometDevnet }).compound;
  const started = performance.now();
  comet = provided ?? (await deployCometStandIn(devnet()));
  console.log(`CometStandIn ${provided ? 'from startDevnet' : `deployed in ${Math.round(performance.now() - started)} ms`} (seed ${SEED})`);
});

// ---- helpers ----------------------------------------------------------------------------------------------


/** A reader client that counts its HTTP requests (one JSON-RPC call each: no batching). */
function countingClient(): { client: Client; requests: () => number; reset: () => void } {
  let n = 0;
  const client = createClient({ transport: http(devnet().rpcUrl, { onFetchRequest: () => void n++ }) });
  return { client, requests: () => n, reset: () => void (n = 0) };
}

async function read(accounts: readonly Address[], client: Client = countingClient().client, marketStatic?: CometMarketStatic) {
  return readCompoundPositions(client, { chainId: DEVNET_CHAIN_ID, market: comet.market.name, comet: comet.comet, accounts, marketStatic });
}

async function readOne(account: Address): Promise<Position> {
  const { positions } = await read([account]);
  expect(positions).toHaveLength(1);
  return positions[0]!;
}

/** Fresh accounts the node signs for (anvil impersonation), with gas money. */
async function newAccounts(n: number, salt: string): Promise<Address[]> {
  const client = devnet().client;
  const accounts: Address[] = [];
  for (let i = 0; i < n; i++) {
    const address = getAddress(`0x${keccak256(stringToHex(`compound-test-${salt}-${i}`)).slice(26)}`);
    await client.impersonateAccount({ address });
    await client.setBalance({ address, value: parseEther('100') });
    accounts.push(address);
  }
  return accounts;
}

const symbolOf = (address: Address): CometSymbol => {
  if (getAddress(address) === comet.base.address) return 'USDC';
  const hit = COMET_COLLATERAL_SYMBOLS.find((s) => comet.collaterals[s].address === getAddress(address));
  if (!hit) throw new Error(`unknown asset ${address}`);
  return hit;
};

const relDiff = (a: bigint, b: bigint): number => (a === b ? 0 : Math.abs(Number(a - b)) / Math.max(Number(a < 0n ? -a : a), Number(b < 0n ? -b : b)));

/** Random collateral (each of the chosen assets worth $100 … $1M at deploy prices) and a borrow at `use` of capacity. */
async function openRandom(account: Address, rand: () => number, opts: { symbols?: CometCollateralSymbol[]; use?: [number, number] } = {}) {
  const symbols = opts.symbols ?? COMET_COLLATERAL_SYMBOLS.filter(() => rand() < 0.6);
  if (symbols.length === 0) symbols.push(COMET_COLLATERAL_SYMBOLS[Math.floor(rand() * 3)]!);
  const collateral: Partial<Record<CometCollateralSymbol, bigint>> = {};
  let capacity = 0n; // USD, 8 decimals, at borrow collateral factors
  for (const s of symbols) {
    const c = comet.collaterals[s];
    const usd = 10 ** (2 + rand() * 4);
    const amount = (BigInt(Math.round(usd * 1e6)) * 10n ** BigInt(c.decimals) * 100n) / c.price; // usd·1e8 / price
    collateral[s] = amount;
    capacity += (((amount * c.price) / 10n ** BigInt(c.decimals)) * c.borrowCollateralFactor) / WAD;
  }
  const [lo, hi] = opts.use ?? [0.05, 0.995];
  const use = lo + rand() * (hi - lo);
  const borrowAmount = (capacity * BigInt(Math.floor(use * 1e6))) / 10n ** 6n / 100n; // 8 → 6 decimals at $1
  await compoundV3.openPosition(comet, { account, collateral, borrow: borrowAmount > 0n ? borrowAmount : undefined });
  return { collateral, borrow: borrowAmount };
}

async function inChunks<T>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)));
}

/** Run `fn` and put the chain back as it was. */
async function isolated<T>(fn: () => Promise<T>): Promise<T> {
  const client = devnet().client;
  const id = await client.snapshot();
  try {
    return await fn();
  } finally {
    await client.revert({ id });
  }
}

/** What absorb would say right now (eth_call; nothing changes). */
async function absorbVerdict(account: Address): Promise<'ok' | string> {
  try {
    await devnet().client.simulateContract({
      account: ANVIL_ACCOUNTS[9], address: comet.comet, abi: cometStandInAbi, functionName: 'absorb', args: [ANVIL_ACCOUNTS[9], [account]],
    });
    return 'ok';
  } catch (error) {
    return revertReason(error) ?? String(error);
  }
}

/** A function's shape without parameter names: `getAssetInfo(uint8) view returns ((uint8,address,…))`. */
function shape(f: AbiFunction): string {
  const type = (p: AbiParameter): string =>
    'components' in p && p.components ? `(${p.components.map(type).join(',')})${p.type.slice('tuple'.length)}` : p.type;
  return `${f.name}(${f.inputs.map(type).join(',')}) ${f.stateMutability} returns (${f.outputs.map(type).join(',')})`;
}

// ---- tests ---------------------------------------------------------------------------------------------------

describe('Compound v3 on the devnet (against our CometStandIn, not Comet)', () => {
  it('the stand-in answers every view the reader calls, with Comet\'s signatures; the static read takes two requests', async () => {
    const { comet: standIn } = await cometStandInArtifacts();
    const shapes = new Set((standIn.abi as Abi).filter((x): x is AbiFunction => x.type === 'function').map(shape));
    for (const item of cometAbi as readonly AbiFunction[]) {
      expect(shapes, `stand-in lacks ${shape(item)}`).toContain(shape(item));
    }

    const counter = countingClient();
    const { positions, marketStatic } = await read([ANVIL_ACCOUNTS[1]], counter.client);
    expect(positions).toEqual([]);
    expect(counter.requests()).toBe(3); // 2 static + 1 refresh
    expect(marketStatic.quote).toBe('USD');
    expect(marketStatic.base).toMatchObject({ address: comet.base.address, symbol: 'USDC', decimals: 6, scale: 10n ** 6n, priceFeed: comet.base.priceFeed });
    expect(marketStatic.collaterals.map((c) => [c.symbol, c.decimals, c.offset, c.priceFeed])).toEqual(
      COMET_COLLATERAL_SYMBOLS.map((s, i) => [s, comet.collaterals[s].decimals, i, comet.collaterals[s].priceFeed]),
    );
  });

  it('health factor equals the stand-in\'s isLiquidatable and liquidity to the unit: 32 random positions × 4 price/time states, one request per refresh', async () => {
    const rand = seeded(SEED);
    const accounts = await newAccounts(32, 'hf');
    const started = performance.now();
    await inChunks(accounts, 8, async (account) => void (await openRandom(account, rand, { use: [0.3, 0.995] })));
    const opened = performance.now();

    const counter = countingClient();
    let marketStatic: CometMarketStatic | undefined;
    let compared = 0;
    let liquidatable = 0;
    for (let round = 0; round < 4; round++) {
      if (round > 0) {
        // Move every price and the clock, then accrue so isLiquidatable sees today's index.
        for (const s of COMET_COLLATERAL_SYMBOLS) {
          await compoundV3.setPrice(comet, { symbol: s, price: (comet.collaterals[s].price * BigInt(Math.round((0.4 + rand() * 0.7) * 1e6))) / 10n ** 6n });
        }
        await compoundV3.setPrice(comet, { symbol: 'USDC', price: (comet.base.price * BigInt(Math.round((0.97 + rand() * 0.08) * 1e6))) / 10n ** 6n });
        await advanceTime(comet, { seconds: Math.floor(rand() * 30 * 86_400) });
      }
      await compoundV3.accrue(comet);
      counter.reset();
      const result = await read(accounts, counter.client, marketStatic);
      if (marketStatic) expect(counter.requests(), 'one eth_call per refresh for 32 accounts').toBe(1);
      marketStatic = result.marketStatic;
      expect(result.positions).toHaveLength(accounts.length);
      await Promise.all(
        result.positions.map(async (position) => {
          const at = { account: position.account, blockNumber: position.blockNumber };
          const [onChain, verdict] = await Promise.all([compoundV3.liquidity(comet, at), compoundV3.isLiquidatable(comet, at)]);
          const values = accountValues(position)!;
          expect(values.debtValue).toBe(onChain.borrowValue);
          expect(values.weightedCollateral).toBe(onChain.weightedCollateral);
          const hf = healthFactor(position);
          expect(isLiquidatable(hf), `${position.account} hf ${hf} liquidity ${onChain.liquidity}`).toBe(verdict);
          expect(verdict).toBe(onChain.liquidity < 0n);
          compared++;
          if (verdict) liquidatable++;
        }),
      );
    }
    console.log(
      `HF vs isLiquidatable: ${compared} positions (${liquidatable} liquidatable), opened in ${Math.round(opened - started)} ms, ` +
        `checked in ${Math.round(performance.now() - opened)} ms`,
    );
    expect(compared).toBeGreaterThanOrEqual(30);
    expect(liquidatable).toBeGreaterThan(0);
    expect(compared - liquidatable).toBeGreaterThan(0);
  });

  it('liquidation prices bracket isLiquidatable (and absorb) within 0.01% for every collateral and for the base price rise', async () => {
    const rand = seeded(SEED + 1);
    const accounts = await newAccounts(6, 'lp');
    const subsets: CometCollateralSymbol[][] = [['WETH'], ['WBTC'], ['GHOST'], ['WETH', 'WBTC', 'GHOST'], ['WETH', 'GHOST'], ['WBTC', 'GHOST']];
    for (const [i, account] of accounts.entries()) await openRandom(account, rand, { symbols: subsets[i]!, use: [0.9, 0.99] });
    const covered = new Set<string>();
    let checks = 0;
    for (const account of accounts) {
      const position = await readOne(account);
      const lp = liquidationPrices(position);
      const cases: { symbol: CometSymbol; price: bigint; side: 'fall' | 'rise' }[] = [];
      for (const [asset, price] of lp.collateral) if (price) cases.push({ symbol: symbolOf(asset), price, side: 'fall' });
      for (const [asset, price] of lp.debt) if (price) cases.push({ symbol: symbolOf(asset), price, side: 'rise' });
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const before = await compoundV3.getPrice(comet, { symbol: c.symbol });
        const above = (c.price * 10_001n + 9_999n) / 10_000n;
        const below = (c.price * 9_999n) / 10_000n;
        for (const [price, expected] of [[above, c.side === 'rise'], [below, c.side === 'fall']] as const) {
          await compoundV3.setPrice(comet, { symbol: c.symbol, price });
          await compoundV3.accrue(comet);
          const verdict = await compoundV3.isLiquidatable(comet, { account });
          expect(verdict, `${c.symbol} at ${price} (liquidation price ${c.price}, ${c.side})`).toBe(expected);
          expect(await absorbVerdict(account)).toBe(expected ? 'ok' : 'NotLiquidatable');
          checks++;
        }
        await compoundV3.setPrice(comet, { symbol: c.symbol, price: before });
        covered.add(`${c.symbol}:${c.side}`);
      }
    }
    console.log(`liquidation price brackets: ${checks} checks, covering ${[...covered].sort().join(', ')}`);
    expect([...covered].sort()).toEqual(['GHOST:fall', 'USDC:rise', 'WBTC:fall', 'WETH:fall']);
  });

  it('proposals land on target on-chain (>= target, within 0.1 %)', async () => {
    const [, alice, bob] = ANVIL_ACCOUNTS;
    await compoundV3.openPosition(comet, { account: alice, collateral: { WETH: parseEther('20'), WBTC: 50_000_000n }, borrow: 50_000n * 10n ** 6n });
    await compoundV3.openPosition(comet, { account: bob, collateral: { GHOST: parseEther('3000'), WETH: parseEther('2') }, borrow: 18_000n * 10n ** 6n });
    // Bring alice just above 1 (HF ≈ 1.017) and bob below it (≈ 0.85).
    await compoundV3.setPrice(comet, { symbol: 'WETH', price: 1_550n * 10n ** 8n });
    await compoundV3.setPrice(comet, { symbol: 'GHOST', price: 6n * 10n ** 8n });
    let landed = 0;
    for (const account of [alice, bob]) {
      const position = await readOne(account);
      for (const target of [125n * 10n ** 16n, 15n * 10n ** 17n]) {
        const p = proposals(position, { target });
        expect(p.alreadySafe).toBe(false);
        const check = async (label: string, act: () => Promise<unknown>) => {
          const hf = await isolated(async () => {
            await act();
            return healthFactor(await readOne(account))!;
          });
          expect(hf, `${label}: HF ${hf} for target ${target}`).toBeGreaterThanOrEqual(target);
          expect(Number(hf) / Number(target), label).toBeLessThanOrEqual(1.001);
          landed++;
        };
        for (const a of p.addCollateral) {
          await check(`add ${a.add.symbol}`, () => compoundV3.supplyCollateral(comet, { account, symbol: symbolOf(a.add.address) as CometCollateralSymbol, amount: a.add.amount }));
        }
        for (const r of p.repay.filter((r) => r.reachesTarget)) {
          await check('repay', () => compoundV3.repay(comet, { account, amount: r.repay.amount }));
        }
        for (const d of p.deleverage.filter((d) => d.reachesTarget)) {
          // On Comet one repays first, then takes the collateral out (a withdrawal must stay collateralized).
          await check(`deleverage ${d.sell.symbol}`, async () => {
            await compoundV3.repay(comet, { account, amount: d.repay.amount });
            await compoundV3.withdrawCollateral(comet, { account, symbol: symbolOf(d.sell.address) as CometCollateralSymbol, amount: d.sell.amount });
          });
        }
        expect(p.addCollateral.map((a) => a.add.symbol).sort()).toEqual(['GHOST', 'WBTC', 'WETH']);
      }
    }
    console.log(`proposals: ${landed} landed on target`);
    expect(landed).toBeGreaterThanOrEqual(16);
  });

  it('simulations equal the chain after the action (relative 1e-9)', async () => {
    // Interest would move the debt between the read and the action's block; rates are zeroed so the only
    // difference left is the action itself (interest has its own test below).
    await compoundV3.setRates(comet, { borrowRate: 0, supplyRate: 0 });
    const alice = ANVIL_ACCOUNTS[3];
    await compoundV3.openPosition(comet, { account: alice, collateral: { WETH: parseEther('10'), WBTC: 20_000_000n }, borrow: 15_000n * 10n ** 6n });
    const position = await readOne(alice);
    const c = comet.collaterals;
    const cases: { action: Action; run: () => Promise<unknown> }[] = [
      { action: { type: 'supply', asset: c.WETH.address, amount: parseEther('1.5') }, run: () => compoundV3.supplyCollateral(comet, { account: alice, symbol: 'WETH', amount: parseEther('1.5') }) },
      { action: { type: 'supply', asset: c.GHOST.address, amount: parseEther('700') }, run: () => compoundV3.supplyCollateral(comet, { account: alice, symbol: 'GHOST', amount: parseEther('700') }) },
      { action: { type: 'withdraw', asset: c.WBTC.address, amount: 5_000_000n }, run: () => compoundV3.withdrawCollateral(comet, { account: alice, symbol: 'WBTC', amount: 5_000_000n }) },
      { action: { type: 'borrow', asset: comet.base.address, amount: 2_500n * 10n ** 6n }, run: () => compoundV3.borrow(comet, { account: alice, amount: 2_500n * 10n ** 6n }) },
      { action: { type: 'repay', asset: comet.base.address, amount: 4_000n * 10n ** 6n }, run: () => compoundV3.repay(comet, { account: alice, amount: 4_000n * 10n ** 6n }) },
      { action: { type: 'price', asset: c.WETH.address, price: 1_234_56000000n }, run: () => compoundV3.setPrice(comet, { symbol: 'WETH', price: 1_234_56000000n }) },
      { action: { type: 'price', asset: comet.base.address, price: 1_03000000n }, run: () => compoundV3.setPrice(comet, { symbol: 'USDC', price: 1_03000000n }) },
    ];
    let worst = 0;
    for (const { action, run } of cases) {
      const simulated = simulate(position, action);
      const actual = await isolated(async () => {
        await run();
        return readOne(alice);
      });
      const label = `${action.type} ${symbolOf(action.asset)}`;
      const diff = relDiff(healthFactor(simulated)!, healthFactor(actual)!);
      worst = Math.max(worst, diff);
      expect(diff, label).toBeLessThanOrEqual(1e-9);
      const legs = (p: Position) => [...p.collateral, ...p.debt].map((l) => [l.address, l.amount, l.price]);
      const [sim, act] = [legs(simulated), legs(actual)];
      expect(sim.length, label).toBe(act.length);
      sim.forEach(([address, amount, price], i) => {
        expect(act[i]![0], label).toBe(address);
        expect(relDiff(amount as bigint, act[i]![1] as bigint), label).toBeLessThanOrEqual(1e-9);
        expect(act[i]![2], label).toBe(price);
      });
    }
    console.log(`simulations: ${cases.length} actions, worst HF relative difference to the chain ${worst.toExponential(2)}`);
  });

  it('debt accrues as principal × index / 1e15; the guard sees it before Comet\'s stale isLiquidatable, as absorb does', async () => {
    await compoundV3.setRates(comet, { borrowRate: 0.2 });
    const alice = ANVIL_ACCOUNTS[4];
    await compoundV3.openPosition(comet, { account: alice, collateral: { WETH: parseEther('10') }, borrow: 16_000n * 10n ** 6n });
    // 10 WETH × 0.895 = 17 900 $ of weighted collateral at 2000 $: put it 0.1 % above the debt.
    const lp = liquidationPrices(await readOne(alice)).collateral.get(comet.collaterals.WETH.address)!;
    await compoundV3.setPrice(comet, { symbol: 'WETH', price: (lp * 1_001n) / 1_000n });
    await compoundV3.accrue(comet);
    expect(isLiquidatable(healthFactor(await readOne(alice)))).toBe(false);

    await advanceTime(comet, { seconds: 30 * 86_400 });
    const position = await readOne(alice);
    const client = devnet().client;
    const at = { address: comet.comet, abi: cometStandInAbi, blockNumber: position.blockNumber } as const;
    const [[principal], index, rate, last] = await Promise.all([
      client.readContract({ ...at, functionName: 'userBasic', args: [alice] }),
      client.readContract({ ...at, functionName: 'baseBorrowIndex' }),
      client.readContract({ ...at, functionName: 'borrowPerSecondInterestRate' }),
      client.readContract({ ...at, functionName: 'lastAccrualTime' }),
    ]);
    const elapsed = position.timestamp - BigInt(last);
    expect(elapsed).toBeGreaterThanOrEqual(30n * 86_400n);
    const accrued = index + (index * (rate * elapsed)) / WAD;
    expect(position.debt[0]!.amount).toBe((-principal * accrued) / 10n ** 15n);
    expect(Number(position.debt[0]!.amount) / 16_000e6).toBeGreaterThan(1.016); // 20 %/yr over 30 days

    // The guard (accrued debt) says liquidatable; Comet's view still uses the last accrued index …
    expect(isLiquidatable(healthFactor(position))).toBe(true);
    expect(await compoundV3.isLiquidatable(comet, { account: alice, blockNumber: position.blockNumber })).toBe(false);
    // … but absorb accrues first, and agrees with the guard.
    expect(await absorbVerdict(alice)).toBe('ok');
    await compoundV3.accrue(comet);
    expect(await compoundV3.isLiquidatable(comet, { account: alice })).toBe(true);
  });

  it('liquidation cost is what absorb takes: all collateral, the user credited liquidationFactor of its value', async () => {
    await compoundV3.setRates(comet, { borrowRate: 0, supplyRate: 0 });
    const alice = ANVIL_ACCOUNTS[5];
    await compoundV3.openPosition(comet, { account: alice, collateral: { WETH: parseEther('1'), GHOST: parseEther('2000') }, borrow: 9_000n * 10n ** 6n });
    // Weighted 1500·0.895 + 11 000·0.7 = 9042.5 $ < 9090 $ of debt; credited 1500·0.95 + 11 000·0.88 = 11 105 $.
    await compoundV3.setPrice(comet, { symbol: 'WETH', price: 1_500n * 10n ** 8n });
    await compoundV3.setPrice(comet, { symbol: 'GHOST', price: 5_50000000n });
    await compoundV3.setPrice(comet, { symbol: 'USDC', price: 1_01000000n });
    const position = await readOne(alice);
    expect(isLiquidatable(healthFactor(position))).toBe(true);
    const cost = liquidationCost(position)!;
    const values = accountValues(position)!;
    expect(cost.closeFactor).toBe(WAD);
    expect(cost.debtRepaid).toBe(values.debtValue);
    expect(cost.collateralSeized).toBe(values.collateralValue);

    const result = await compoundV3.absorb(comet, { accounts: [alice] });
    if (!result.ok) throw new Error(`absorb refused: ${result.reason}`);
    const events = parseEventLogs({ abi: cometStandInAbi, logs: result.receipt.logs });
    const seized = events.filter((e) => e.eventName === 'AbsorbCollateral').reduce((sum, e) => sum + e.args.usdValue, 0n);
    const paidOut = events.find((e) => e.eventName === 'AbsorbDebt')!.args.basePaidOut;
    expect(seized).toBe(cost.collateralSeized);
    // Comet: new balance = -debt + Σ mulFactor(value, liquidationFactor) · baseScale / basePrice.
    const creditedByEngine = ((cost.collateralSeized - cost.penalty) * 10n ** 6n) / position.debt[0]!.price!;
    expect(relDiff(creditedByEngine, paidOut)).toBeLessThanOrEqual(1e-9);
    expect(creditedByEngine).toBeLessThanOrEqual(paidOut); // the engine never overstates the credit

    const after = await readOne(alice); // the credit exceeds the debt here: a base supply is left
    for (const s of ['WETH', 'GHOST'] as const) expect(after.collateral.find((l) => l.symbol === s)).toBeUndefined();
    expect(after.debt).toEqual([]);
    const supplied = after.collateral.find((l) => l.address === comet.base.address)!.amount;
    expect(relDiff(supplied, paidOut - position.debt[0]!.amount)).toBeLessThanOrEqual(1e-9);
  });

  it('a lender, a missing price and a market that changed since the static read', async () => {
    const [lender, borrower] = [ANVIL_ACCOUNTS[6], ANVIL_ACCOUNTS[7]];
    await compoundV3.supply(comet, { account: lender, amount: 25_000n * 10n ** 6n });
    await compoundV3.openPosition(comet, { account: borrower, collateral: { GHOST: parseEther('1000'), WETH: parseEther('1') }, borrow: 1_000n * 10n ** 6n });

    const [lent, borrowing] = (await read([lender, borrower])).positions;
    expect(lent!.debt).toEqual([]);
    expect(lent!.collateral).toMatchObject([{ symbol: 'USDC', liquidationThreshold: 0n, usedAsCollateral: false }]);
    expect(lent!.collateral[0]!.amount).toBeGreaterThanOrEqual(25_000n * 10n ** 6n - 1n);
    expect(healthFactor(lent!)).toBeNull();
    expect(healthFactor(borrowing!)).toBeGreaterThan(WAD);

    // Comet's getPrice reverts BadPrice on a non-positive answer: the guard says "unknown", never 0.
    await isolated(async () => {
      await compoundV3.setPrice(comet, { symbol: 'GHOST', price: 0n });
      const position = await readOne(borrower);
      expect(position.collateral.find((l) => l.symbol === 'GHOST')!.price).toBeUndefined();
      expect(healthFactor(position)).toBeUndefined();
    });

    // A cached static read that predates a listing (one asset fewer) is re-read; a moved feed is re-priced
    // in a second request pinned to the same block.
    const fresh = (await read([borrower])).marketStatic;
    const fewer: CometMarketStatic = { ...fresh, collaterals: fresh.collaterals.slice(0, 2) };
    const r1 = await read([borrower], undefined, fewer);
    expect(r1.marketStatic.collaterals).toHaveLength(3);
    expect(r1.positions[0]!.collateral.map((l) => l.symbol)).toEqual(['WETH', 'GHOST']);

    const moved: CometMarketStatic = {
      ...fresh,
      collaterals: fresh.collaterals.map((c) => (c.symbol === 'WETH' ? { ...c, priceFeed: comet.base.priceFeed } : c)),
    };
    const counter = countingClient();
    const r2 = await read([borrower], counter.client, moved);
    expect(counter.requests()).toBe(2);
    expect(r2.marketStatic.collaterals[0]!.priceFeed).toBe(comet.collaterals.WETH.priceFeed);
    expect(r2.positions[0]!.collateral.find((l) => l.symbol === 'WETH')!.price).toBe(comet.collaterals.WETH.price);
    expect(healthFactor(r2.positions[0]!)).toBe(healthFactor(r1.positions[0]!));
  });

  it('scan() reads a compound-v3 market from a markets file beside Aave', async () => {
    const alice = ANVIL_ACCOUNTS[8];
    await compoundV3.openPosition(comet, { account: alice, collateral: { WBTC: 10_000_000n }, borrow: 2_000n * 10n ** 6n });
    const file = devnetMarketsFile(devnet(), { extraMarkets: [comet.market] });
    const cache = new Map<string, unknown>();
    const result = await scan({ ...file, accounts: [alice, ANVIL_ACCOUNTS[2]], cache });
    expect(result.errors).toEqual([]);
    expect(result.positions.map((p) => [p.protocol, p.market, p.account])).toEqual([['compound-v3', 'Devnet cUSDCv3', alice]]);
    expect(cache.has(`compound-v3:${DEVNET_CHAIN_ID}:${comet.comet}`)).toBe(true);
    const onlyCompound = await scan({ ...file, accounts: [alice], protocols: ['compound-v3'], cache });
    expect(onlyCompound.positions).toHaveLength(1);
    expect(await compoundV3.repay(comet, { account: alice, amount: maxUint256 })).toBeTruthy();
    expect(await compoundV3.borrowBalance(comet, { account: alice })).toBe(0n);
  });
});
