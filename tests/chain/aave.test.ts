/**
 * The Aave v3 reader and the risk engine against the real Aave v3 contracts (3.0.2 bytecode from
 * @aave/core-v3) on anvil. The chain is the oracle: every expectation here is read back from the Pool
 * (`getUserAccountData`, `liquidationCall` success or revert), never from our own code.
 */
import { describe, expect, it } from 'vitest';
import { maxUint256, parseAbi, type Address } from 'viem';
import {
  aaveV3,
  advanceTime,
  pinNextTimestamp,
  revertTo,
  snapshot,
  type ReserveSymbol,
} from '../../lib/devnet/index.ts';
import { healthFactor, liquidationPrices, proposals, simulate, simulateAll } from '../../lib/risk/index.ts';
import type { Position } from '../../lib/core/types.ts';
import { freshAccount, liquidationBrackets, randomPosition, readPosition, relErr, rng } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
const symbolOf = (p: Position, address: Address) =>
  [...p.collateral, ...p.debt].find((l) => l.address.toLowerCase() === address.toLowerCase())!.symbol as ReserveSymbol;

const accountDataAbi = parseAbi([
  'function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)',
]);

async function onChainHf(user: Address, blockNumber?: bigint): Promise<bigint> {
  const d = devnet();
  const data = await d.client.readContract({
    address: d.aave.addresses.pool,
    abi: accountDataAbi,
    functionName: 'getUserAccountData',
    args: [user],
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
  return data[5];
}

describe('health factor equals Pool.getUserAccountData', () => {
  it('on 50 random positions, mixed decimals, e-mode on and off, after interest accrues', async () => {
    const seed = 20261124;
    const r = rng(seed);
    const accounts: Address[] = [];
    for (let i = 0; i < 50; i++) {
      const account = await freshAccount(devnet(), `hf-${seed}-${i}`);
      await randomPosition(devnet(), account, r);
      accounts.push(account);
    }
    await advanceTime(devnet(), { seconds: 37 * 86_400 + 1234 });

    let withDebt = 0;
    let inEMode = 0;
    let worst = 0;
    for (const account of accounts) {
      const position = await readPosition(devnet(), account);
      expect(position, `position of ${account} (seed ${seed})`).toBeDefined();
      const ours = healthFactor(position!);
      const theirs = await onChainHf(account, position!.blockNumber);
      if (ours === null) {
        expect(theirs).toBe(maxUint256); // Aave's "no debt"
        continue;
      }
      withDebt++;
      if (position!.details.protocol === 'aave-v3' && position!.details.eModeCategory !== 0) inEMode++;
      const err = relErr(ours!, theirs);
      worst = Math.max(worst, err);
      expect(ours, `HF of ${account} (seed ${seed}): ours ${ours} vs Pool ${theirs}`).toBe(theirs);
    }
    console.log(`HF check: ${withDebt} positions with debt, ${inEMode} in e-mode, worst relative error ${worst}`);
    expect(withDebt).toBeGreaterThanOrEqual(35);
    expect(inEMode).toBeGreaterThan(0);
  });

  it('handles isolation mode, the same asset on both sides and stable debt', async () => {
    const d = devnet();
    const isolated = await freshAccount(d, 'isolated');
    await aaveV3.openPosition(d, { account: isolated, supply: { GHOST: aaveV3.toUnits('GHOST', '5000') }, collateral: { GHOST: true }, borrow: { USDC: aaveV3.toUnits('USDC', '20000') } });
    const both = await freshAccount(d, 'both-sides');
    await aaveV3.openPosition(d, { account: both, supply: { WETH: aaveV3.toUnits('WETH', '20') }, borrow: { WETH: aaveV3.toUnits('WETH', '5'), DAI: { amount: aaveV3.toUnits('DAI', '9000'), rateMode: 'stable' } } });
    await advanceTime(d, { seconds: 90 * 86_400 });
    for (const account of [isolated, both]) {
      const position = (await readPosition(d, account))!;
      expect(healthFactor(position)).toBe(await onChainHf(account, position.blockNumber));
    }
    const p = (await readPosition(d, isolated))!;
    expect(p.details).toMatchObject({ isolated: true });
    // In isolation mode only assets borrowable in isolation may be borrowed, and nothing else becomes collateral.
    expect(p.assets.find((a) => a.symbol === 'WETH')!.canBeBorrowed).toBe(false);
    expect(p.assets.find((a) => a.symbol === 'WETH')!.canBeCollateral).toBe(false);
    const q = (await readPosition(d, both))!;
    expect(q.collateral.map((l) => l.symbol)).toEqual(['WETH']);
    expect(q.debt.map((l) => l.symbol).sort()).toEqual(['DAI', 'WETH']);
  });

  it('reads collateral switched off as shown but not counted', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'switched-off');
    await aaveV3.openPosition(d, {
      account,
      supply: { WETH: aaveV3.toUnits('WETH', '10'), WBTC: aaveV3.toUnits('WBTC', '1') },
      collateral: { WBTC: false },
      borrow: { USDC: aaveV3.toUnits('USDC', '10000') },
    });
    const p = (await readPosition(d, account))!;
    const wbtc = p.collateral.find((l) => l.symbol === 'WBTC');
    // Aave keeps no bit for a supply that is not collateral: such supplies are not read (see positions.ts).
    expect(wbtc).toBeUndefined();
    expect(healthFactor(p)).toBe(await onChainHf(account, p.blockNumber));
  });
});

describe('liquidation prices bracket liquidationCall', () => {
  it('0.01 % on the safe side reverts, 0.01 % past it liquidates — for each collateral and debt asset', async () => {
    const d = devnet();
    const cases: { account: Address; setup: Parameters<typeof aaveV3.openPosition>[1] }[] = [];
    const specs: Omit<Parameters<typeof aaveV3.openPosition>[1], 'account'>[] = [
      { supply: { WETH: aaveV3.toUnits('WETH', '10') }, borrow: { USDC: aaveV3.toUnits('USDC', '12000') } },
      { supply: { WETH: aaveV3.toUnits('WETH', '4'), WBTC: aaveV3.toUnits('WBTC', '0.2') }, borrow: { USDC: aaveV3.toUnits('USDC', '9000'), DAI: aaveV3.toUnits('DAI', '4000') } },
      { supply: { WBTC: aaveV3.toUnits('WBTC', '0.5') }, borrow: { WETH: aaveV3.toUnits('WETH', '8') } },
      { supply: { USDC: aaveV3.toUnits('USDC', '50000') }, eMode: 1, borrow: { DAI: aaveV3.toUnits('DAI', '44000') } },
      // a leg worth 0.2 % of the collateral (with WETH at $1925.50 below, the WETH alone no longer covers the
      // debt): on 3.0 the floored average LT moves its crossing far outside ±1 % of the linear estimate
      { supply: { WETH: aaveV3.toUnits('WETH', '10'), WBTC: aaveV3.toUnits('WBTC', '0.00066667') }, borrow: { USDC: aaveV3.toUnits('USDC', '15900') } },
    ];
    for (const [i, spec] of specs.entries()) cases.push({ account: await freshAccount(d, `liq-${i}`), setup: { account: '0x', ...spec } });
    for (const c of cases) await aaveV3.openPosition(d, { ...c.setup, account: c.account });
    await aaveV3.setPrice(d, { symbol: 'WETH', price: 192_550_000_000n });
    await advanceTime(d, { seconds: 3 * 86_400 });
    const liquidator = await freshAccount(d, 'liquidator');

    let checked = 0;
    for (const c of cases) {
      const position = (await readPosition(d, c.account))!;
      for (const { asset, price, side, safe, unsafe } of liquidationBrackets(position)) {
        const symbol = symbolOf(position, asset);
        // Move only this asset's oracle price; liquidate its own leg against the position's other side.
        const collateralSym = side === 'collateral' ? symbol : symbolOf(position, position.collateral[0]!.address);
        const debtSym = side === 'debt' ? symbol : symbolOf(position, position.debt.find((l) => l.address !== asset)?.address ?? position.debt[0]!.address);
        for (const [p, shouldLiquidate] of [[safe, false], [unsafe, true]] as const) {
          const snap = await snapshot(d);
          await aaveV3.setPrice(d, { symbol, price: p });
          const result = await aaveV3.liquidate(d, { liquidator, borrower: c.account, collateral: collateralSym, debt: debtSym, debtToCover: maxUint256 });
          const label = `${symbol} ${side} at ${p} (liquidation price ${price}) for ${c.account}`;
          if (shouldLiquidate) expect(result.ok, `${label}: ${result.ok ? '' : result.reason}`).toBe(true);
          else expect(result.ok ? 'liquidated' : result.reason, label).toBe('45'); // HEALTH_FACTOR_NOT_BELOW_THRESHOLD
          await revertTo(d, { id: snap });
        }
        checked++;
      }
    }
    console.log(`liquidation price brackets checked: ${checked}`);
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});

describe('a sawtooth health factor (3.0.2: floored average LT, the same asset on both sides)', () => {
  it('the liquidation prices shown are the first liquidatable prices moving either way from today', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'sawtooth');
    // 10 WETH (LT 82.5 %) + 20000 DAI (LT 78 %) against 8.4 WETH + 15076 USDC. Worked out on the 3.0 formula
    // outside this code: with WETH at $3489 HF = 1.00001; the average LT steps from 8085 to 8086 bps at
    // $3487.80, so the account is liquidatable just below it and again above $3490.45. Opened with WETH at
    // $100 and DAI at $1.10 so the borrow fits the LTV, then priced.
    await aaveV3.setPrice(d, { symbol: 'WETH', price: 100n * 10n ** 8n });
    await aaveV3.setPrice(d, { symbol: 'DAI', price: 110_000_000n });
    await aaveV3.openPosition(d, {
      account,
      supply: { WETH: aaveV3.toUnits('WETH', '10'), DAI: aaveV3.toUnits('DAI', '20000') },
      borrow: { WETH: aaveV3.toUnits('WETH', '8.4'), USDC: aaveV3.toUnits('USDC', '15076') },
    });
    await aaveV3.setPrice(d, { symbol: 'DAI', price: 100_000_000n });
    const today = 348_900_000_000n;
    await aaveV3.setPrice(d, { symbol: 'WETH', price: today });
    const position = (await readPosition(d, account))!;
    const weth = position.collateral[0]!.address;
    const prices = liquidationPrices(position);
    const fall = prices.collateral.get(weth)!;
    const rise = prices.debt.get(weth)!;
    expect(fall).not.toBeNull();
    expect(rise).not.toBeNull();
    expect(fall < today && today < rise).toBe(true);
    // the tooth below today, not the linear crossing further down
    expect(fall > 348_700_000_000n && fall < 348_800_000_000n, `fall ${fall}`).toBe(true);
    const chainHealthyAt = async (price: bigint) => {
      await aaveV3.setPrice(d, { symbol: 'WETH', price });
      return (await onChainHf(account)) >= 10n ** 18n;
    };
    expect(await chainHealthyAt(fall)).toBe(true);
    expect(await chainHealthyAt(fall - 1n)).toBe(false);
    expect(await chainHealthyAt(rise)).toBe(true);
    expect(await chainHealthyAt(rise + 1n)).toBe(false);
    // Nothing between them is liquidatable on-chain (sampled every ~1.3 cents).
    const step = (rise - fall) / 200n;
    for (let p = fall; p <= rise; p += step) expect(await chainHealthyAt(p), `WETH at ${p}`).toBe(true);
    console.log(`sawtooth: healthy from ${fall} to ${rise} (today ${today})`);
  });
});

describe('proposals land on the target on-chain', () => {
  it('supplying the proposed collateral or repaying the proposed debt gives HF >= target, within 0.1 %', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'proposals');
    await aaveV3.openPosition(d, {
      account,
      supply: { WETH: aaveV3.toUnits('WETH', '6'), WBTC: aaveV3.toUnits('WBTC', '0.1') },
      borrow: { USDC: aaveV3.toUnits('USDC', '8000'), DAI: aaveV3.toUnits('DAI', '3000') },
    });
    await advanceTime(d, { seconds: 86_400 });
    const position = (await readPosition(d, account))!;
    const target = 16n * 10n ** 17n; // 1.6
    const props = proposals(position, { target });
    expect(props.alreadySafe).toBe(false);
    const actions: { label: string; run: () => Promise<unknown> }[] = [];
    for (const a of props.addCollateral) {
      const symbol = a.add.symbol as ReserveSymbol;
      actions.push({
        label: `add ${a.add.amount} ${symbol}`,
        run: async () => {
          await aaveV3.fund(d, { account, symbol, amount: a.add.amount });
          await aaveV3.supply(d, { account, symbol, amount: a.add.amount });
        },
      });
    }
    for (const rp of props.repay.filter((x) => x.reachesTarget)) {
      const symbol = rp.repay.symbol as ReserveSymbol;
      actions.push({ label: `repay ${rp.repay.amount} ${symbol}`, run: () => aaveV3.repay(d, { account, symbol, amount: rp.repay.amount, fund: true }) });
    }
    for (const dl of props.deleverage.filter((x) => x.reachesTarget)) {
      const sell = dl.sell.symbol as ReserveSymbol;
      const pay = dl.repay.symbol as ReserveSymbol;
      // The swap itself is off-chain here: withdraw what the proposal sells, repay what it says the
      // proceeds buy (the proposal already deducted its slippage allowance).
      actions.push({
        label: `deleverage ${dl.sell.amount} ${sell} -> ${dl.repay.amount} ${pay}`,
        run: async () => {
          // Repay first (as a flash-loan swap would), else the withdrawal alone could break HF.
          await aaveV3.repay(d, { account, symbol: pay, amount: dl.repay.amount, fund: true });
          await aaveV3.withdraw(d, { account, symbol: sell, amount: dl.sell.amount });
        },
      });
    }
    expect(actions.length).toBeGreaterThanOrEqual(5);
    for (const action of actions) {
      const snap = await snapshot(d);
      await action.run();
      const hf = await onChainHf(account);
      expect(hf, action.label).toBeGreaterThanOrEqual(target);
      expect(Number(hf) / Number(target) - 1, action.label).toBeLessThan(1e-3);
      await revertTo(d, { id: snap });
    }
  });
});

describe('simulation equals the chain after the same action', () => {
  it('repay, supply, withdraw, borrow and a price move, within 1e-9', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'simulate');
    await aaveV3.openPosition(d, {
      account,
      supply: { WETH: aaveV3.toUnits('WETH', '5'), USDC: aaveV3.toUnits('USDC', '3000') },
      borrow: { DAI: aaveV3.toUnits('DAI', '5000'), WBTC: aaveV3.toUnits('WBTC', '0.02') },
    });
    await advanceTime(d, { seconds: 10 * 86_400 });
    const cases: { name: string; act: (p: Position) => Promise<unknown>; sim: (p: Position) => Position }[] = [
      {
        name: 'repay 1234.5 DAI',
        act: () => aaveV3.repay(d, { account, symbol: 'DAI', amount: aaveV3.toUnits('DAI', '1234.5'), fund: true }),
        sim: (p) => simulate(p, { type: 'repay', asset: d.aave.reserves.DAI.address, amount: aaveV3.toUnits('DAI', '1234.5') }),
      },
      {
        name: 'supply 0.05 WBTC (new collateral)',
        act: async () => {
          await aaveV3.fund(d, { account, symbol: 'WBTC', amount: aaveV3.toUnits('WBTC', '0.05') });
          await aaveV3.supply(d, { account, symbol: 'WBTC', amount: aaveV3.toUnits('WBTC', '0.05') });
        },
        sim: (p) => simulate(p, { type: 'supply', asset: d.aave.reserves.WBTC.address, amount: aaveV3.toUnits('WBTC', '0.05') }),
      },
      {
        name: 'withdraw 1.5 WETH',
        act: () => aaveV3.withdraw(d, { account, symbol: 'WETH', amount: aaveV3.toUnits('WETH', '1.5') }),
        sim: (p) => simulate(p, { type: 'withdraw', asset: d.aave.reserves.WETH.address, amount: aaveV3.toUnits('WETH', '1.5') }),
      },
      {
        name: 'borrow 700 USDC (new debt)',
        act: () => aaveV3.borrow(d, { account, symbol: 'USDC', amount: aaveV3.toUnits('USDC', '700') }),
        sim: (p) => simulate(p, { type: 'borrow', asset: d.aave.reserves.USDC.address, amount: aaveV3.toUnits('USDC', '700') }),
      },
      {
        name: 'WETH price -23 %',
        act: async () => aaveV3.setPrice(d, { symbol: 'WETH', price: ((await aaveV3.getPrice(d, { symbol: 'WETH' })) * 77n) / 100n }),
        sim: (p) => {
          const leg = p.collateral.find((l) => l.symbol === 'WETH')!;
          return simulateAll(p, [{ type: 'price', asset: leg.address, price: (leg.price! * 77n) / 100n }]);
        },
      },
    ];
    for (const c of cases) {
      const snap = await snapshot(d);
      const before = (await readPosition(d, account))!;
      // Pin the action's block to the read block's second so no interest accrues in between: the
      // comparison is then between our arithmetic and the Pool's, nothing else.
      await pinNextTimestamp(d, { timestamp: before.timestamp });
      await c.act(before);
      const predicted = healthFactor(c.sim(before))!;
      const actual = await onChainHf(account);
      expect(relErr(predicted, actual), `${c.name}: simulated ${predicted}, chain ${actual}`).toBeLessThanOrEqual(1e-9);
      await revertTo(d, { id: snap });
    }
  });
});

it('reads many accounts in a flat number of JSON-RPC calls', async () => {
  const { startRpcCounter } = await import('../helpers/rpc-counter.ts');
  const { createClient, http } = await import('viem');
  const { readAavePositions } = await import('../../lib/protocols/aave-v3/positions.ts');
  const d = devnet();
  const accounts: Address[] = [];
  for (let i = 0; i < 12; i++) {
    const account = await freshAccount(d, `count-${i}`);
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '2') }, borrow: { USDC: aaveV3.toUnits('USDC', String(500 + i)) } });
    accounts.push(account);
  }
  const proxy = await startRpcCounter(d.rpcUrl);
  try {
    const client = createClient({ transport: http(proxy.url) });
    const params = { chainId: 31337, market: 'Devnet Aave', poolAddressesProvider: d.aave.addresses.poolAddressesProvider };
    const cold = await readAavePositions(client, { ...params, accounts: accounts.slice(0, 1) });
    const coldCalls = proxy.counts.calls;
    const counts: number[] = [];
    for (const n of [1, 4, 12]) {
      proxy.reset();
      const { positions } = await readAavePositions(client, { ...params, accounts: accounts.slice(0, n), marketStatic: cold.marketStatic });
      expect(positions).toHaveLength(n);
      counts.push(proxy.counts.calls);
    }
    expect(coldCalls).toBeLessThanOrEqual(5);
    expect(counts).toEqual([2, 2, 2]);
  } finally {
    await proxy.close();
  }
});

it('reads a chain without Multicall3 through the deployless multicall, with the same numbers', async () => {
  const d = devnet();
  const { scan } = await import('../../lib/scan/index.ts');
  const { devnetMarketsFile } = await import('../../lib/devnet/index.ts');
  const { MULTICALL3_ADDRESS } = await import('../../lib/protocols/shared/multicall.ts');
  const account = await freshAccount(d, 'no-multicall3');
  await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '4') }, borrow: { USDC: aaveV3.toUnits('USDC', '3000') } });
  const file = devnetMarketsFile(d);
  const before = await scan({ chains: file.chains, markets: file.markets, accounts: [account] });
  await d.client.setCode({ address: MULTICALL3_ADDRESS, bytecode: '0x' });
  expect(await d.client.getCode({ address: MULTICALL3_ADDRESS })).toBeUndefined();
  const after = await scan({ chains: file.chains, markets: file.markets, accounts: [account] });
  expect(after.errors).toEqual([]);
  expect(after.positions).toHaveLength(1);
  const position = after.positions[0]!;
  expect(position.blockNumber).toBe(before.positions[0]!.blockNumber);
  expect(healthFactor(position)).toBe(await onChainHf(account, position.blockNumber));
});
