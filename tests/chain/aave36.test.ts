/**
 * The Aave v3 reader and the risk engine against a real Aave 3.6 Pool (aave-v3-origin 3.6.0 compiled from
 * npm, `lib/devnet/aave-v3/deploy-36.ts`). The chain is the oracle: every expectation is read back from the Pool
 * (`getUserAccountData`, `liquidationCall` outcomes and balances), never from our own code.
 */
import { describe, expect, it } from 'vitest';
import { createClient, http, maxUint256, parseAbi, parseUnits, type Address } from 'viem';
import {
  aaveV3,
  advanceTime,
  pinNextTimestamp,
  revertTo,
  snapshot,
  type Aave36Devnet,
  type ReserveSymbol,
} from '../../lib/devnet/index.ts';
import { readAavePositions } from '../../lib/protocols/aave-v3/positions.ts';
import { accountValues, healthFactor, liquidationCost, proposals, simulate, simulateAll } from '../../lib/risk/index.ts';
import type { Position } from '../../lib/core/types.ts';
import { freshAccount, liquidationBrackets, relErr, rng, usd } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const m = (): Aave36Devnet => devnet().aave36;

const poolAbi = parseAbi([
  'function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
]);
const erc20 = parseAbi(['function mint(uint256) returns (bool)', 'function approve(address, uint256) returns (bool)', 'function balanceOf(address) view returns (uint256)']);

async function accountData(user: Address, blockNumber?: bigint) {
  const d = devnet();
  const [totalCollateralBase, totalDebtBase, , , , healthFactor] = await d.client.readContract({
    address: m().addresses.pool,
    abi: poolAbi,
    functionName: 'getUserAccountData',
    args: [user],
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
  return { totalCollateralBase, totalDebtBase, healthFactor };
}

async function read(account: Address, poolAddressesProvider: Address = m().addresses.poolAddressesProvider): Promise<Position | undefined> {
  const { positions } = await readAavePositions(createClient({ transport: http(devnet().rpcUrl) }), {
    chainId: 31337,
    market: 'Devnet Aave 3.6',
    poolAddressesProvider,
    accounts: [account],
  });
  return positions[0];
}

/** LST is not one of the shared reserve symbols: mint and supply it directly. */
async function supplyLst(account: Address, amount: bigint) {
  const d = devnet();
  const send = async (address: Address, abi: typeof erc20 | typeof poolAbi, functionName: string, args: readonly unknown[]) => {
    const hash = await d.client.writeContract({ account, address, abi, functionName, args, chain: null, gas: 5_000_000n } as never);
    const r = await d.client.waitForTransactionReceipt({ hash });
    expect(r.status).toBe('success');
  };
  await send(m().lst.address, erc20, 'mint', [amount]);
  await send(m().lst.address, erc20, 'approve', [m().addresses.pool, maxUint256]);
  await send(m().addresses.pool, poolAbi, 'supply', [m().lst.address, amount, account, 0]);
}

const lstUnits = (dollars: number) => parseUnits((dollars / 2400).toFixed(8), 18);
const symbolOf = (p: Position, address: Address) => [...p.collateral, ...p.debt].find((l) => l.address === address)!.symbol as ReserveSymbol | 'LST';

/**
 * A random 3.6 position: plain (1–3 collaterals of 18/8/6 decimals, sometimes a leg under 1 % of the
 * collateral, one switched off, or the same asset borrowed), Stablecoins e-mode, or ETH-correlated e-mode
 * with the e-mode-only LST (its own LT is 0). Borrows 30–95 % of the borrowing power.
 */
async function randomPosition(account: Address, r: ReturnType<typeof rng>): Promise<'plain' | 'stables' | 'lst'> {
  const a = m();
  const kind = r.chance(0.35) ? 'lst' : r.chance(0.35) ? 'stables' : 'plain';
  const debtPool: ReserveSymbol[] = [];
  if (kind === 'lst') {
    await aaveV3.setEMode(a, { account, categoryId: 2 });
    await supplyLst(account, lstUnits(r.between(1000, 40000)));
    if (r.chance(0.5)) await aaveV3.openPosition(a, { account, supply: { WETH: usd('WETH', r.between(r.chance(0.3) ? 20 : 1000, 30000)) } });
    debtPool.push('WETH');
  } else if (kind === 'stables') {
    const supplyMap: Partial<Record<ReserveSymbol, bigint>> = {};
    for (const s of ['USDC', 'DAI'] as const) if (r.chance(0.7) || Object.keys(supplyMap).length === 0) supplyMap[s] = usd(s, r.between(1000, 40000));
    await aaveV3.openPosition(a, { account, supply: supplyMap, eMode: 1 });
    debtPool.push('USDC', 'DAI');
  } else {
    const pool = ['WETH', 'WBTC', 'USDC', 'DAI'] as const;
    const supplyMap: Partial<Record<ReserveSymbol, bigint>> = {};
    const count = 1 + Math.floor(r.next() * 3);
    for (let i = 0; i < count; i++) supplyMap[r.pick(pool)] = usd(r.pick(pool), 0); // placeholder keys
    const keys = Object.keys(supplyMap) as ReserveSymbol[];
    keys.forEach((s, i) => (supplyMap[s] = usd(s, i === 1 && r.chance(0.3) ? r.between(20, 300) : r.between(1000, 40000))));
    const collateral: Partial<Record<ReserveSymbol, boolean>> = {};
    if (keys.length > 1 && r.chance(0.2)) collateral[keys[0]!] = false;
    await aaveV3.openPosition(a, { account, supply: supplyMap, collateral });
    debtPool.push('USDC', 'DAI', 'WETH', ...keys);
  }
  const { availableBorrowsBase } = await aaveV3.getUserAccountData(a, { account: account });
  const budget = (Number(availableBorrowsBase) / 1e8) * r.between(0.3, 0.95);
  const legs = kind !== 'lst' && r.chance(0.5) ? 2 : 1;
  for (let i = 0; i < legs; i++) {
    const symbol = r.pick(debtPool);
    try {
      await aaveV3.borrow(a, { account, symbol, amount: usd(symbol, budget / legs) });
    } catch {
      // a random borrow can hit a rule (e-mode borrowability, isolation): collateral only is a case too
    }
  }
  return kind;
}

describe('Aave 3.6: health factor equals Pool.getUserAccountData to the wei', () => {
  it('on 60 random positions (e-mode, e-mode-only collateral, switched off, both sides, tiny legs, 18/8/6 decimals) after 31 days', async () => {
    expect(m().poolRevision).toBe(10);
    const seed = 20261130;
    const r = rng(seed);
    const accounts: { account: Address; kind: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const account = await freshAccount(devnet(), `v36-${seed}-${i}`);
      accounts.push({ account, kind: await randomPosition(account, r) });
    }
    await advanceTime(devnet(), { seconds: 31 * 86_400 + 777 });

    let withDebt = 0;
    let lstCounted = 0;
    for (const { account, kind } of accounts) {
      const p = await read(account);
      expect(p, `position of ${account} (seed ${seed})`).toBeDefined();
      expect(p!.details).toMatchObject({ poolRevision: 10, math: 'v3.6' });
      expect(p!.details).not.toHaveProperty('unverifiedMath');
      const chain = await accountData(account, p!.blockNumber);
      const v = accountValues(p!)!;
      expect(v.collateralValue, `collateral of ${account} (${kind})`).toBe(chain.totalCollateralBase);
      expect(v.debtValue, `debt of ${account} (${kind})`).toBe(chain.totalDebtBase);
      if (v.healthFactor === null) {
        expect(chain.healthFactor).toBe(maxUint256);
        continue;
      }
      withDebt++;
      expect(v.healthFactor, `HF of ${account} (${kind}, seed ${seed})`).toBe(chain.healthFactor);
      const lst = p!.collateral.find((l) => l.address === m().lst.address);
      if (lst && v.debtValue > 0n) {
        // The e-mode-only collateral counts, with the e-mode LT (93 %).
        expect(lst.liquidationThreshold).toBe(93n * 10n ** 16n);
        lstCounted++;
      }
    }
    console.log(`3.6 HF check: ${withDebt} positions with debt, ${lstCounted} holding e-mode-only collateral`);
    expect(withDebt).toBeGreaterThanOrEqual(50);
    expect(lstCounted).toBeGreaterThanOrEqual(5);
  });
});

describe('Aave 3.6: liquidation prices bracket liquidationCall', () => {
  it('0.01 % on the safe side is refused (HF not below 1), 0.01 % past it liquidates', async () => {
    const d = devnet();
    const a = m();
    // debtToCover = max: every position has one debt asset worth ≥ $4,000 and its liquidated collateral
    // leg worth ≥ $4,000, so the 3.3+ 50 % close factor leaves ≥ $1,000 of both (no dust refusal), and
    // a refusal on the safe side can only be HealthFactorNotBelowThreshold.
    const specs: { setup: (account: Address) => Promise<unknown> }[] = [
      { setup: (account) => aaveV3.openPosition(a, { account, supply: { WETH: aaveV3.toUnits('WETH', '10') }, borrow: { USDC: aaveV3.toUnits('USDC', '15000') } }) },
      { setup: (account) => aaveV3.openPosition(a, { account, supply: { WBTC: aaveV3.toUnits('WBTC', '0.3'), WETH: aaveV3.toUnits('WETH', '0.02') }, borrow: { USDC: aaveV3.toUnits('USDC', '12500') } }) },
      { setup: (account) => aaveV3.openPosition(a, { account, supply: { USDC: aaveV3.toUnits('USDC', '50000') }, eMode: 1, borrow: { DAI: aaveV3.toUnits('DAI', '46000') } }) },
      // a leg worth 0.2 % of the collateral (with WETH at $1925.50 below, the WETH alone no longer covers the debt)
      { setup: (account) => aaveV3.openPosition(a, { account, supply: { WETH: aaveV3.toUnits('WETH', '10'), WBTC: aaveV3.toUnits('WBTC', '0.00066667') }, borrow: { USDC: aaveV3.toUnits('USDC', '15900') } }) },
      // the same asset on both sides
      { setup: (account) => aaveV3.openPosition(a, { account, supply: { WETH: aaveV3.toUnits('WETH', '20') }, borrow: { WETH: aaveV3.toUnits('WETH', '5'), USDC: aaveV3.toUnits('USDC', '18000') } }) },
      {
        setup: async (account) => {
          await aaveV3.setEMode(a, { account, categoryId: 2 });
          await supplyLst(account, parseUnits('10', 18));
          await aaveV3.borrow(a, { account, symbol: 'WETH', amount: aaveV3.toUnits('WETH', '10.5') });
        },
      },
    ];
    const accounts: Address[] = [];
    for (const [i, s] of specs.entries()) {
      const account = await freshAccount(d, `v36-liq-${i}`);
      await s.setup(account);
      accounts.push(account);
    }
    await aaveV3.setPrice(a, { symbol: 'WETH', price: 192_550_000_000n });
    await advanceTime(d, { seconds: 3 * 86_400 });
    const liquidator = await freshAccount(d, 'v36-liquidator');
    const setAnyPrice = async (symbol: ReserveSymbol | 'LST', price: bigint) => {
      const feed = symbol === 'LST' ? a.lst.aggregator : a.reserves[symbol].aggregator;
      await d.client.setStorageAt({ address: feed, index: 0, value: `0x${price.toString(16).padStart(64, '0')}` });
    };
    const lstLiquidation = async (user: Address, debtToCover: bigint) => {
      // LST is outside the shared symbols: liquidate it with a raw call (the liquidator holds WETH).
      await aaveV3.fund(a, { account: liquidator, symbol: 'WETH', amount: aaveV3.toUnits('WETH', '100') });
      const pool = parseAbi(['function liquidationCall(address, address, address, uint256, bool)', 'error HealthFactorNotBelowThreshold()', 'error MustNotLeaveDust()']);
      const approved = await d.client.writeContract({ account: liquidator, address: a.reserves.WETH.address, abi: erc20, functionName: 'approve', args: [a.addresses.pool, maxUint256], chain: null });
      await d.client.waitForTransactionReceipt({ hash: approved });
      try {
        await d.client.simulateContract({ account: liquidator, address: a.addresses.pool, abi: pool, functionName: 'liquidationCall', args: [a.lst.address, a.reserves.WETH.address, user, debtToCover, false] });
        return { ok: true as const };
      } catch (e) {
        return { ok: false as const, reason: (e as Error).message.includes('HealthFactorNotBelowThreshold') ? 'HealthFactorNotBelowThreshold' : (e as Error).message };
      }
    };

    let checked = 0;
    for (const account of accounts) {
      const position = (await read(account))!;
      const mainCollateral = [...position.collateral].sort((x, y) => (x.amount * x.price! / x.priceUnit > y.amount * y.price! / y.priceUnit ? -1 : 1))[0]!;
      for (const { asset, price, side, safe, unsafe } of liquidationBrackets(position)) {
        const symbol = symbolOf(position, asset);
        const collateralSym = side === 'collateral' && symbol !== 'WETH' ? symbol : symbolOf(position, mainCollateral.address);
        const debtSym = symbolOf(position, position.debt[0]!.address) as ReserveSymbol;
        for (const [p, shouldLiquidate] of [[safe, false], [unsafe, true]] as const) {
          const snap = await snapshot(d);
          await setAnyPrice(symbol, p);
          const result =
            collateralSym === 'LST'
              ? await lstLiquidation(account, maxUint256)
              : await aaveV3.liquidate(a, { liquidator, borrower: account, collateral: collateralSym, debt: debtSym, debtToCover: maxUint256 });
          const label = `${symbol} ${side} at ${p} (liquidation price ${price}) for ${account}`;
          if (shouldLiquidate) expect(result.ok, `${label}: ${result.ok ? '' : result.reason}`).toBe(true);
          else expect(result.ok ? 'liquidated' : result.reason, label).toBe('HealthFactorNotBelowThreshold');
          await revertTo(d, { id: snap });
        }
        checked++;
      }
    }
    console.log(`3.6 liquidation price brackets checked: ${checked}`);
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});

describe('Aave 3.0.2 and 3.6: the liquidation cost shown is what liquidationCall takes', () => {
  // HF ≈ 0.98 (above the 0.95 threshold), so the size rules decide. 10 WETH at $1780 against 15010 of debt
  // is above $2,000 (3.6: 50 % of the total debt; 3.0.2: 50 % of the USDC debt); 1 WETH at $1700 against
  // 1510 is below (3.6: 100 %; 3.0.2 knows no size rule: 50 %).
  for (const [label, wethAmount, usdcDebt, half36, wethPrice] of [
    ['above $2,000', '10', '15000', true, 1780n],
    ['below $2,000', '1', '1500', false, 1700n],
  ] as const) {
    for (const version of ['3.0.2', '3.6'] as const) {
      it(`${version}, ${label}`, async () => {
        const d = devnet();
        const a = version === '3.6' ? m() : d.aave;
        const account = await freshAccount(d, `cost-${version}-${wethAmount}`);
        await aaveV3.openPosition(a, { account, supply: { WETH: aaveV3.toUnits('WETH', wethAmount), DAI: aaveV3.toUnits('DAI', '100') }, borrow: { USDC: aaveV3.toUnits('USDC', usdcDebt), DAI: aaveV3.toUnits('DAI', '10') } });
        const liquidator = await freshAccount(d, `cost-liq-${version}-${wethAmount}`);
        await aaveV3.fund(a, { account: liquidator, symbol: 'USDC', amount: aaveV3.toUnits('USDC', '100000') });
        await d.client.waitForTransactionReceipt({
          hash: await d.client.writeContract({ account: liquidator, address: a.reserves.USDC.address, abi: erc20, functionName: 'approve', args: [a.addresses.pool, maxUint256], chain: null }),
        });
        await advanceTime(d, { seconds: 5 * 86_400 });
        await aaveV3.setPrice(a, { symbol: 'WETH', price: wethPrice * 10n ** 8n });
        const p = (await read(account, a.addresses.poolAddressesProvider))!;
        const hf = healthFactor(p)!;
        expect(hf < 10n ** 18n && hf > 95n * 10n ** 16n, `HF ${hf}`).toBe(true);
        const cost = liquidationCost(p)!;
        expect(cost.debtAsset?.symbol).toBe('USDC');
        expect(cost.collateralAsset?.symbol).toBe('WETH');
        expect(cost.closeFactor).toBe(version === '3.0.2' || half36 ? 10n ** 18n / 2n : 10n ** 18n);
        const treasuryBefore = await d.client.readContract({ address: a.reserves.WETH.aToken, abi: erc20, functionName: 'balanceOf', args: [a.accounts.admin] });
        await pinNextTimestamp(d, { timestamp: p.timestamp });
        const result = await aaveV3.liquidate(a, { liquidator, borrower: account, collateral: 'WETH', debt: 'USDC', debtToCover: maxUint256, fund: false });
        expect(result.ok, result.ok ? '' : result.reason).toBe(true);
        if (!result.ok) return;
        const treasuryAfter = await d.client.readContract({ address: a.reserves.WETH.aToken, abi: erc20, functionName: 'balanceOf', args: [a.accounts.admin] });
        expect(cost.debtAmount).toBe(result.debtRepaid);
        expect(cost.collateralAmount).toBe(result.collateralReceived);
        expect(cost.protocolFeeAmount).toBe(treasuryAfter - treasuryBefore);
        console.log(`${version} cost ${label}: repaid ${result.debtRepaid} USDC units, seized ${result.collateralReceived} + fee ${treasuryAfter - treasuryBefore} WETH units`);
      });
    }
  }
});

describe('Aave 3.6: proposals and simulations', () => {
  it('proposals done on-chain land on the target (HF ≥ target, within 0.1 %)', async () => {
    const d = devnet();
    const a = m();
    const account = await freshAccount(d, 'v36-proposals');
    await aaveV3.openPosition(a, { account, supply: { WETH: aaveV3.toUnits('WETH', '6'), WBTC: aaveV3.toUnits('WBTC', '0.1') }, borrow: { USDC: aaveV3.toUnits('USDC', '8000'), DAI: aaveV3.toUnits('DAI', '3000') } });
    await advanceTime(d, { seconds: 86_400 });
    const position = (await read(account))!;
    const target = 16n * 10n ** 17n;
    const props = proposals(position, { target });
    const actions: { label: string; run: () => Promise<unknown> }[] = [];
    for (const x of props.addCollateral) {
      const symbol = x.add.symbol as ReserveSymbol;
      actions.push({ label: `add ${symbol}`, run: async () => { await aaveV3.fund(a, { account, symbol, amount: x.add.amount }); await aaveV3.supply(a, { account, symbol, amount: x.add.amount }); } });
    }
    for (const x of props.repay.filter((y) => y.reachesTarget)) {
      const symbol = x.repay.symbol as ReserveSymbol;
      actions.push({ label: `repay ${symbol}`, run: () => aaveV3.repay(a, { account, symbol, amount: x.repay.amount, fund: true }) });
    }
    for (const x of props.deleverage.filter((y) => y.reachesTarget)) {
      actions.push({
        label: `deleverage ${x.sell.symbol} -> ${x.repay.symbol}`,
        run: async () => {
          await aaveV3.repay(a, { account, symbol: x.repay.symbol as ReserveSymbol, amount: x.repay.amount, fund: true });
          await aaveV3.withdraw(a, { account, symbol: x.sell.symbol as ReserveSymbol, amount: x.sell.amount });
        },
      });
    }
    expect(actions.length).toBeGreaterThanOrEqual(5);
    for (const action of actions) {
      const snap = await snapshot(d);
      await action.run();
      const hf = (await accountData(account)).healthFactor;
      expect(hf, action.label).toBeGreaterThanOrEqual(target);
      expect(Number(hf) / Number(target) - 1, action.label).toBeLessThan(1e-3);
      await revertTo(d, { id: snap });
    }
  });

  it('simulated repay, supply, withdraw, borrow, collateral switch and price move equal the chain to the wei', async () => {
    const d = devnet();
    const a = m();
    const account = await freshAccount(d, 'v36-simulate');
    await aaveV3.openPosition(a, { account, supply: { WETH: aaveV3.toUnits('WETH', '5'), USDC: aaveV3.toUnits('USDC', '3000') }, borrow: { DAI: aaveV3.toUnits('DAI', '5000'), WBTC: aaveV3.toUnits('WBTC', '0.02') } });
    await advanceTime(d, { seconds: 10 * 86_400 });
    const R = a.reserves;
    // Tokens are minted and approved before the read, so the action is the only transaction after it.
    await aaveV3.fund(a, { account, symbol: 'WBTC', amount: aaveV3.toUnits('WBTC', '0.05') });
    await aaveV3.fund(a, { account, symbol: 'DAI', amount: aaveV3.toUnits('DAI', '1234.5') });
    const cases: { name: string; act: () => Promise<unknown>; sim: (p: Position) => Position }[] = [
      { name: 'repay 1234.5 DAI', act: () => aaveV3.repay(a, { account, symbol: 'DAI', amount: aaveV3.toUnits('DAI', '1234.5') }), sim: (p) => simulate(p, { type: 'repay', asset: R.DAI.address, amount: aaveV3.toUnits('DAI', '1234.5') }) },
      {
        name: 'supply 0.05 WBTC',
        act: () => aaveV3.supply(a, { account, symbol: 'WBTC', amount: aaveV3.toUnits('WBTC', '0.05') }),
        sim: (p) => simulate(p, { type: 'supply', asset: R.WBTC.address, amount: aaveV3.toUnits('WBTC', '0.05') }),
      },
      { name: 'withdraw 1.5 WETH', act: () => aaveV3.withdraw(a, { account, symbol: 'WETH', amount: aaveV3.toUnits('WETH', '1.5') }), sim: (p) => simulate(p, { type: 'withdraw', asset: R.WETH.address, amount: aaveV3.toUnits('WETH', '1.5') }) },
      { name: 'borrow 700 USDC', act: () => aaveV3.borrow(a, { account, symbol: 'USDC', amount: aaveV3.toUnits('USDC', '700') }), sim: (p) => simulate(p, { type: 'borrow', asset: R.USDC.address, amount: aaveV3.toUnits('USDC', '700') }) },
      {
        name: 'WETH price -23 %',
        act: () => aaveV3.setPrice(a, { symbol: 'WETH', price: (2000n * 10n ** 8n * 77n) / 100n }),
        sim: (p) => simulateAll(p, [{ type: 'price', asset: R.WETH.address, price: (2000n * 10n ** 8n * 77n) / 100n }]),
      },
    ];
    for (const c of cases) {
      const snap = await snapshot(d);
      const before = (await read(account))!;
      await pinNextTimestamp(d, { timestamp: before.timestamp });
      await c.act();
      // One block, at the pinned second: a second transaction would be mined later and accrue interest.
      expect(await d.client.getBlockNumber(), `${c.name}: one transaction`).toBe(before.blockNumber + 1n);
      const predicted = healthFactor(c.sim(before))!;
      const actual = (await accountData(account)).healthFactor;
      // Balances move through the legs' scaled balances with 3.6's TokenMath rounding: to the wei.
      expect(predicted, `${c.name}: simulated ${predicted}, chain ${actual} (rel. ${relErr(predicted, actual)})`).toBe(actual);
      await revertTo(d, { id: snap });
    }
    // collateral switch on the 3.6 pool (setUseAsCollateral) changes nothing the reader misses
    const snap = await snapshot(d);
    await aaveV3.setUseAsCollateral(a, { account, symbol: 'USDC', enabled: false });
    const after = (await read(account))!;
    expect(healthFactor(after)).toBe((await accountData(account, after.blockNumber)).healthFactor);
    await revertTo(d, { id: snap });
  });
});

describe('Aave 3.6: e-mode-only collateral in simulations', () => {
  it('a proposed LST top-up counts inside e-mode (its own LTV and LT are 0) and lands as simulated', async () => {
    const d = devnet();
    const a = m();
    const account = await freshAccount(d, 'v36-lst-topup');
    await aaveV3.setEMode(a, { account, categoryId: 2 });
    await supplyLst(account, parseUnits('4', 18));
    await aaveV3.borrow(a, { account, symbol: 'WETH', amount: aaveV3.toUnits('WETH', '4.3') });
    const before = (await read(account))!;
    const info = before.assets.find((x) => x.address === a.lst.address)!;
    expect(info).toMatchObject({ canBeCollateral: true, liquidationThreshold: 93n * 10n ** 16n });
    const add = proposals(before, { target: 12n * 10n ** 17n }).addCollateral.find((x) => x.add.address === a.lst.address)!;
    expect(add).toBeDefined();
    const predicted = healthFactor(simulate(before, { type: 'supply', asset: a.lst.address, amount: add.add.amount }))!;
    await pinNextTimestamp(d, { timestamp: before.timestamp + 1n });
    await supplyLst(account, add.add.amount); // mint, approve, supply: a few seconds of interest
    const actual = (await accountData(account)).healthFactor;
    expect(actual).toBeGreaterThanOrEqual(12n * 10n ** 17n);
    expect(relErr(predicted, actual)).toBeLessThan(1e-6);
  });
});

describe('Aave: a Pool revision the guard does not know', () => {
  it('is read with the closest known math and flagged unverified, in the position and its report', async () => {
    const d = devnet();
    const a = m();
    const account = await freshAccount(d, 'v36-unknown-revision');
    await aaveV3.openPosition(a, { account, supply: { WETH: aaveV3.toUnits('WETH', '3') }, borrow: { USDC: aaveV3.toUnits('USDC', '3000') } });
    const client = createClient({ transport: http(d.rpcUrl) });
    const params = { chainId: 31337, market: 'Devnet Aave 3.6', poolAddressesProvider: a.addresses.poolAddressesProvider, accounts: [account] };
    const { marketStatic } = await readAavePositions(client, params);
    expect(marketStatic.poolRevision).toBe(10);
    // As if the Pool had answered 11 (a release newer than we know) or nothing at all:
    for (const [poolRevision, math] of [[11, 'v3.6'], [undefined, 'v3.0']] as const) {
      const { positions } = await readAavePositions(client, { ...params, marketStatic: { ...marketStatic, poolRevision } });
      const p = positions[0]!;
      expect(p.details).toMatchObject({ math, unverifiedMath: true });
      const { report } = await import('../../lib/risk/index.ts');
      expect(report(p).unverifiedMath).toBe(true);
    }
    const known = (await readAavePositions(client, { ...params, marketStatic })).positions[0]!;
    const { report } = await import('../../lib/risk/index.ts');
    expect(report(known)).not.toHaveProperty('unverifiedMath');
  });
});

describe('Aave 3.6 through the CLI (contract 2)', () => {
  it('prints the Pool’s HF and totals, and prices the e-mode-only collateral', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { devnetMarketsFile } = await import('../../lib/devnet/index.ts');
    const d = devnet();
    const a = m();
    const lstUser = await freshAccount(d, 'v36-cli-lst');
    await aaveV3.setEMode(a, { account: lstUser, categoryId: 2 });
    await supplyLst(lstUser, parseUnits('5', 18));
    await aaveV3.borrow(a, { account: lstUser, symbol: 'WETH', amount: aaveV3.toUnits('WETH', '5.2') });
    const plain = await freshAccount(d, 'v36-cli-plain');
    await aaveV3.openPosition(a, { account: plain, supply: { WBTC: aaveV3.toUnits('WBTC', '0.4'), USDC: aaveV3.toUnits('USDC', '1234.567891') }, borrow: { DAI: aaveV3.toUnits('DAI', '15000') } });
    const dir = mkdtempSync(join(tmpdir(), 'lg-cli36-'));
    const file = join(dir, 'markets.json');
    writeFileSync(file, JSON.stringify(devnetMarketsFile(d)));
    const root = new URL('../../', import.meta.url).pathname;
    const out = await new Promise<string>((resolve, reject) =>
      execFile('npm', ['run', '--silent', 'cli', '--', 'scan', '--markets', file, '--account', lstUser, '--account', plain, '--json'], { cwd: root, timeout: 60_000 }, (e, stdout, stderr) =>
        e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const positions = (JSON.parse(out) as { positions: any[] }).positions.filter((p) => p.market === 'Devnet Aave 3.6');
    expect(positions).toHaveLength(2);
    for (const p of positions) {
      const chain = await accountData(p.account as Address, BigInt(p.blockNumber));
      // the JSON float of the exact bigint (same wei; only the float conversion differs)
      expect(Math.abs(p.healthFactor / (Number(chain.healthFactor) / 1e18) - 1)).toBeLessThan(1e-15);
      expect(p.collateralValue).toBeCloseTo(Number(chain.totalCollateralBase) / 1e8, 8);
      expect(p.debtValue).toBeCloseTo(Number(chain.totalDebtBase) / 1e8, 8);
      expect(p).not.toHaveProperty('unverifiedMath');
    }
    const lst = positions.find((p) => p.account === lstUser)!.collateral.find((c: any) => c.symbol === 'LST');
    expect(lst.liquidationThreshold).toBe(0.93);
    // 5 LST · p · 0.93 = 5.2 WETH debt at $2000 (plus interest): p ≈ $2236.56
    expect(lst.liquidationPrice).toBeGreaterThan(2236);
    expect(lst.liquidationPrice).toBeLessThan(2238);
  });
});
