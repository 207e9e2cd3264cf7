// @vitest-environment happy-dom
/**
 * An Aave v4 card: the health factor under the user's own config key, the note when that key's terms differ
 * from the reserve's latest, and v4's liquidation curve in the cost sentence. Figures are stated from the v4
 * formulas with round numbers, not taken from the engine.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopupApp } from '../../../../components/popup/PopupApp.tsx';
import { resetPopupStore } from '../../../../components/popup/store.ts';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from '../../../../lib/snapshot/index.ts';
import type { Position } from '../../../../lib/core/types.ts';
import { ALICE, entry, memorySource, NOW, snapshotOf, USDC, WETH, watching } from '../../fixtures/popup.ts';

const stored = (s: Snapshot) => decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(s)))).snapshot!;
const RAY = 10n ** 27n;
const bps = (n: number) => BigInt(n) * 10n ** 14n;

/** 10 WETH (user's CF 80 %, latest 75 %) against `usdc` USDC drawn at index 1, no premium. */
function v4Position(usdc: number, wethPrice = 2000): Position {
  const weth = 10n * 10n ** 18n;
  const owed = BigInt(usdc) * 10n ** 6n;
  const cfg = (key: number, cf: number, bonus: number) => ({ key, collateralFactor: cf, maxLiquidationBonus: bonus, liquidationFee: 10_00 });
  const hubState = { addedAssets: 1_000_000n * 10n ** 18n, addedShares: 1_000_000n * 10n ** 18n, drawnIndex: RAY, premiumDebtRay: 0n };
  return {
    protocol: 'aave-v4',
    chainId: 1,
    market: 'Aave v4 Ethereum Main',
    account: ALICE,
    quote: 'USD',
    quoteDecimals: 8,
    blockNumber: 100n,
    timestamp: 1_700_000_000n,
    collateral: [
      { address: WETH.address, symbol: 'WETH', decimals: 18, amount: weth, price: BigInt(wethPrice) * 10n ** 8n, priceUnit: 10n ** 18n, liquidationThreshold: bps(80_00), liquidationBonus: bps(105_00), usedAsCollateral: true },
    ],
    debt: [{ address: USDC.address, symbol: 'USDC', decimals: 6, amount: owed, price: 10n ** 8n, priceUnit: 10n ** 6n }],
    assets: [],
    details: {
      protocol: 'aave-v4',
      spoke: '0x94e7A5dCbE816e498b89aB752661904E2F56c485',
      targetHealthFactor: 105n * 10n ** 16n,
      healthFactorForMaxBonus: 95n * 10n ** 16n,
      liquidationBonusFactor: 50_00,
      riskPremium: 0,
      reserves: [
        { address: WETH.address, reserveId: 0, userConfig: cfg(0, 80_00, 105_00), latestConfig: cfg(1, 75_00, 105_00), usingAsCollateral: true, suppliedShares: weth, drawnShares: 0n, debtAmount: 0n, ...hubState },
        // Borrowed only: its (default) key 0 differs from the latest, but terms matter for collateral only.
        { address: USDC.address, reserveId: 1, userConfig: cfg(0, 85_00, 104_00), latestConfig: cfg(2, 78_00, 104_00), usingAsCollateral: false, suppliedShares: 0n, drawnShares: owed, debtAmount: owed, ...hubState },
      ],
    },
  };
}

beforeEach(() => resetPopupStore());
afterEach(() => cleanup());

describe('an Aave v4 position card', () => {
  it('shows the HF under the user’s key, the older-terms note, and the v4 liquidation curve', async () => {
    // HF = 10 × 2000 × 0.80 / 12 000 = 1.3333 (under the latest 75 % it would be 1.25).
    const { source } = memorySource({ snapshot: stored(snapshotOf([entry(v4Position(12_000))])), accounts: watching(ALICE) });
    render(<PopupApp source={source} locale="en-US" now={() => NOW} initialPositionKey={null} />);
    const card = await screen.findByTestId('position');
    expect(within(card).getByTestId('hf').textContent).toBe('1.33');
    expect(card.textContent).toContain('Aave v4 Ethereum Main');
    expect(within(card).getByTestId('position-note').textContent).toBe(
      'Your position keeps older terms: your WETH collateral factor is 80 %; new positions get 75 %.',
    );
    const cost = within(card).getByTestId('liquidation-cost').textContent!;
    // Healthy: priced as at HF just under 1, where the bonus is the minimum: 100 % + 5 % × 50 % = 2.5 %.
    expect(cost).toContain('If it were liquidated');
    expect(cost).toContain('a liquidation bonus of 2.5%');
    expect(cost).toContain('back to 1.05');
    expect(cost).toContain('of USDC debt');
    expect(cost).toContain('At the WETH liquidation price ($1,500.00)'); // 12 000 / (10 × 0.8)
  });

  it('a liquidatable account: bonus interpolated by HF, debt repaid to the target HF', async () => {
    // WETH at $1,425: HF = 14 250 × 0.8 / 12 000 = 0.95 → the max bonus (5 %).
    // Debt to target: 12 000 × (1.05 − 0.95) / (1.05 − 1.05 × 0.8) = 12 000 × 0.1 / 0.21 = 5 714.29 USDC.
    const { source } = memorySource({ snapshot: stored(snapshotOf([entry(v4Position(12_000, 1425))])), accounts: watching(ALICE) });
    render(<PopupApp source={source} locale="en-US" now={() => NOW} initialPositionKey={null} />);
    const card = await screen.findByTestId('position');
    const cost = within(card).getByTestId('liquidation-cost').textContent!;
    expect(cost).toContain('A liquidation now');
    expect(cost).toContain('a liquidation bonus of 5.0%');
    expect(cost).toContain('$5,714.29 of USDC debt');
    // Seized: 5 714.29 × 1.05 = 6 000.00 of WETH; cost = 285.71.
    expect(cost).toContain('$6,000.00 of your WETH');
    expect(cost).toContain('$285.71');
  });
});
