/**
 * The Aave v3 reader's 3.2+ e-mode path ('bitmaps') on real state. No npm package ships 3.2+ bytecode, so our
 * facade (lib/devnet/contracts/aave/PoolV32Facade.sol, a test stand-in) answers the 3.2+ e-mode views in
 * front of the devnet's real 3.0.2 Pool: category parameters from getEModeCategoryCollateralConfig, membership
 * from the collateral/borrowable bitmaps, no getEModeCategoryData and no e-mode bits in the reserve
 * configuration. The chain stays the oracle: every health factor is compared with the real Pool's
 * getUserAccountData, and with what the legacy path reads through the real addresses provider.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, http, maxUint256, parseAbi, type Address, type Client } from 'viem';
import {
  advanceTime,
  getUserAccountData,
  openPosition,
  setPrice,
  STABLECOINS_EMODE,
  toUnits,
  type OpenPositionParams,
} from '../../lib/devnet/index.ts';
import { poolAbi } from '../../lib/protocols/aave-v3/abi.ts';
import { readAavePositions } from '../../lib/protocols/aave-v3/positions.ts';
import { healthFactor } from '../../lib/risk/index.ts';
import type { Position } from '../../lib/risk/types.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { deployV32Facade } from './helpers/aave-v32.ts';
import { useDevnet } from './helpers/devnet.ts';

const devnet = useDevnet();
let facade: { poolAddressesProvider: Address; pool: Address };

beforeAll(async () => {
  // After useDevnet's beforeAll and before its per-test snapshot: the facade survives every revert.
  facade = await deployV32Facade(devnet());
});

const WAD = 10n ** 18n;
const bpsToWad = (bps: number) => (BigInt(bps) * WAD) / 10_000n;

/** Both reads of the same accounts: 'bitmaps' through the facade, 'legacy' through the real provider. */
async function readBoth(accounts: Address[]) {
  const d = devnet();
  const client: Client = createClient({ transport: http(d.rpcUrl) });
  const params = { chainId: 31337, market: 'x', accounts };
  const bitmaps = await readAavePositions(client, { ...params, poolAddressesProvider: facade.poolAddressesProvider });
  const legacy = await readAavePositions(client, { ...params, poolAddressesProvider: d.aave.addresses.poolAddressesProvider });
  return { bitmaps, legacy };
}

/** The real Pool's health factor at the block the reader read. */
async function poolHf(user: Address, blockNumber: bigint): Promise<bigint> {
  const d = devnet();
  const data = await d.client.readContract({
    address: d.aave.addresses.pool,
    abi: parseAbi(['function getUserAccountData(address) view returns (uint256, uint256, uint256, uint256, uint256, uint256)']),
    functionName: 'getUserAccountData',
    args: [user],
    blockNumber,
  });
  return data[5];
}

const bySymbol = (p: Position, symbol: string) => p.collateral.find((l) => l.symbol === symbol);
const asHf = (hf: bigint | null | undefined) => (hf === null ? maxUint256 : hf); // Aave's "no debt" is maxUint256

/** Positions in e-mode category 1 and out of it; e-mode users also holding non-member collateral. */
const BOOKS: { label: string; eMode: boolean; spec: Omit<OpenPositionParams, 'account'> }[] = [
  { label: 'usdc-dai-emode', eMode: true, spec: { supply: { USDC: toUnits('USDC', '50000') }, eMode: 1, borrow: { DAI: toUnits('DAI', '44000') } } },
  {
    label: 'stable-pair-emode',
    eMode: true,
    spec: { supply: { DAI: toUnits('DAI', '30000'), USDC: toUnits('USDC', '12000') }, eMode: 1, borrow: { USDC: toUnits('USDC', '25000'), DAI: toUnits('DAI', '9000') } },
  },
  {
    // In e-mode, WETH (not a member) keeps its own 82.5 % LT next to USDC's 95 %: only the bitmap tells them apart.
    label: 'mixed-collateral-emode',
    eMode: true,
    spec: { supply: { WETH: toUnits('WETH', '3'), USDC: toUnits('USDC', '20000') }, eMode: 1, borrow: { DAI: toUnits('DAI', '21000') } },
  },
  { label: 'emode-no-debt', eMode: true, spec: { supply: { DAI: toUnits('DAI', '5000') }, eMode: 1 } },
  { label: 'weth-usdc', eMode: false, spec: { supply: { WETH: toUnits('WETH', '10') }, borrow: { USDC: toUnits('USDC', '12000') } } },
  {
    // Stablecoin collateral out of e-mode: their own LTs (80 % / 78 %), not the category's.
    label: 'stables-no-emode',
    eMode: false,
    spec: { supply: { USDC: toUnits('USDC', '40000'), DAI: toUnits('DAI', '10000') }, borrow: { WETH: toUnits('WETH', '9') } },
  },
  {
    label: 'btc-eth-two-debts',
    eMode: false,
    spec: { supply: { WETH: toUnits('WETH', '4'), WBTC: toUnits('WBTC', '0.2') }, borrow: { USDC: toUnits('USDC', '9000'), DAI: toUnits('DAI', '4000') } },
  },
];

describe("the 'bitmaps' e-mode path (3.2+ Pool facade over the real 3.0 Pool)", () => {
  it('the facade answers the 3.2+ e-mode views and not getEModeCategoryData', async () => {
    const d = devnet();
    const abi = poolAbi; // Aave's current (3.2+) IPool ABI, from the address book
    const read = (functionName: 'getEModeCategoryCollateralBitmap' | 'getEModeCategoryBorrowableBitmap', id: number) =>
      d.client.readContract({ address: facade.pool, abi, functionName, args: [id] });
    const reserveData = (asset: Address, pool: Address) =>
      d.client.readContract({ address: pool, abi, functionName: 'getReserveData', args: [asset] });
    const usdc = await reserveData(d.aave.reserves.USDC.address, d.aave.addresses.pool);
    const dai = await reserveData(d.aave.reserves.DAI.address, d.aave.addresses.pool);
    const members = (1n << BigInt(usdc.id)) | (1n << BigInt(dai.id));
    expect(await read('getEModeCategoryCollateralBitmap', 1)).toBe(members);
    expect(await read('getEModeCategoryBorrowableBitmap', 1)).toBe(members);
    expect(await read('getEModeCategoryCollateralBitmap', 0)).toBe(0n);
    expect(await d.client.readContract({ address: facade.pool, abi, functionName: 'getEModeCategoryCollateralConfig', args: [1] })).toEqual({
      ltv: STABLECOINS_EMODE.ltv,
      liquidationThreshold: STABLECOINS_EMODE.liquidationThreshold,
      liquidationBonus: STABLECOINS_EMODE.liquidationBonus,
    });
    await expect(d.client.readContract({ address: facade.pool, abi, functionName: 'getEModeCategoryData', args: [1] })).rejects.toThrow();
    // The real 3.0 word carries category 1 in bits 168–175; the facade's, like a 3.2+ Pool's, carries nothing.
    const bits = (word: bigint) => (word >> 168n) & 0xffn;
    expect(bits(usdc.configuration.data)).toBe(1n);
    expect(bits((await reserveData(d.aave.reserves.USDC.address, facade.pool)).configuration.data)).toBe(0n);
  });

  it('health factor equals Pool.getUserAccountData and the legacy read, e-mode on and off, after interest', async () => {
    const d = devnet();
    const accounts: Address[] = [];
    for (const book of BOOKS) {
      const account = await freshAccount(d, `v32-${book.label}`);
      await openPosition(d, { account, ...book.spec });
      accounts.push(account);
    }
    await advanceTime(d, { seconds: 41 * 86_400 + 777 });

    const { bitmaps, legacy } = await readBoth(accounts);
    expect(bitmaps.marketStatic.eModeModel).toBe('bitmaps');
    expect(legacy.marketStatic.eModeModel).toBe('legacy');
    expect(bitmaps.marketStatic.pool).not.toBe(legacy.marketStatic.pool);
    expect(bitmaps.marketStatic.oracle).toBe(legacy.marketStatic.oracle);
    expect(bitmaps.marketStatic.reserves).toEqual(legacy.marketStatic.reserves);
    expect(bitmaps.positions).toHaveLength(BOOKS.length);
    expect(legacy.positions).toHaveLength(BOOKS.length);

    let inEMode = 0;
    for (const [k, book] of BOOKS.entries()) {
      const ours = bitmaps.positions[k]!;
      const theirs = legacy.positions[k]!;
      const label = `${book.label} (${accounts[k]})`;
      expect(ours.account, label).toBe(accounts[k]);
      expect(ours.blockNumber, label).toBe(theirs.blockNumber);
      expect(ours.details, label).toEqual({ protocol: 'aave-v3', eModeCategory: book.eMode ? 1 : 0, isolated: false });
      const hf = healthFactor(ours);
      expect(asHf(hf), `${label}: bitmaps read vs Pool`).toBe(await poolHf(ours.account, ours.blockNumber));
      expect(hf, `${label}: bitmaps read vs legacy read`).toBe(healthFactor(theirs));
      // Same chain, same block: everything the two paths read must agree, not only the health factor.
      expect(ours, label).toEqual(theirs);
      if (book.eMode) inEMode++;
    }
    expect(inEMode).toBeGreaterThanOrEqual(3);

    // E-mode thresholds really came from the bitmaps: members at the category's LT, others at their own.
    const mixed = bitmaps.positions[BOOKS.findIndex((b) => b.label === 'mixed-collateral-emode')]!;
    expect(bySymbol(mixed, 'USDC')!.liquidationThreshold).toBe(bpsToWad(STABLECOINS_EMODE.liquidationThreshold));
    expect(bySymbol(mixed, 'USDC')!.liquidationBonus).toBe(bpsToWad(STABLECOINS_EMODE.liquidationBonus));
    expect(bySymbol(mixed, 'WETH')!.liquidationThreshold).toBe(bpsToWad(8250));
    expect(mixed.assets.find((a) => a.symbol === 'WETH')!.canBeBorrowed).toBe(false); // not borrowable in category 1
    expect(mixed.assets.find((a) => a.symbol === 'DAI')!.canBeBorrowed).toBe(true);
    const outside = bitmaps.positions[BOOKS.findIndex((b) => b.label === 'stables-no-emode')]!;
    expect(bySymbol(outside, 'USDC')!.liquidationThreshold).toBe(bpsToWad(8000));
    expect(bySymbol(outside, 'DAI')!.liquidationThreshold).toBe(bpsToWad(7800));
  });

  it('stays exact near liquidation after a price move', async () => {
    const d = devnet();
    const accounts: Address[] = [];
    for (const book of BOOKS.filter((b) => b.label !== 'emode-no-debt')) {
      const account = await freshAccount(d, `v32-move-${book.label}`);
      await openPosition(d, { account, ...book.spec });
      accounts.push(account);
    }
    await advanceTime(d, { seconds: 5 * 86_400 });
    // A DAI depeg upward (debt heavier) and WETH down: several positions end up near or below HF 1.
    await setPrice(d, { symbol: 'DAI', price: 10_270_000n });
    await setPrice(d, { symbol: 'WETH', price: 1_500n * 10n ** 8n });

    const { bitmaps, legacy } = await readBoth(accounts);
    expect(bitmaps.marketStatic.eModeModel).toBe('bitmaps');
    let below = 0;
    for (const [k, ours] of bitmaps.positions.entries()) {
      const hf = healthFactor(ours)!;
      const pool = await poolHf(ours.account, ours.blockNumber);
      expect(hf, `${ours.account}: bitmaps read vs Pool`).toBe(pool);
      expect(hf, `${ours.account}: bitmaps read vs legacy read`).toBe(healthFactor(legacy.positions[k]!));
      expect(pool).toBe((await getUserAccountData(d, { user: ours.account })).healthFactor);
      if (hf < WAD) below++;
    }
    expect(bitmaps.positions).toHaveLength(accounts.length);
    console.log(`bitmaps path after the price move: ${below} of ${accounts.length} positions below HF 1`);
  });
});
