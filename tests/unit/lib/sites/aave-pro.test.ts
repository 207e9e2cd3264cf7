// @vitest-environment happy-dom
/**
 * pro.aave.com (Aave v4): no anchors are claimed (no public markup source), so the connected wallet's v4
 * positions on the wallet's chain go to the floating panel, and nothing of another protocol does.
 */
import { describe, expect, it } from 'vitest';
import { aavePro } from '../../../../lib/sites/aave-pro.ts';
import { planPage, selectPositions } from '../../../../lib/sites/plan.ts';
import { siteForHost } from '../../../../lib/sites/registry.ts';
import { DAPP_HOSTS, isDappUrl } from '../../../../lib/sites/index.ts';
import { positionKey } from '../../../../lib/snapshot/position.ts';
import { ALICE, alicePosition, BOB, shown } from '../../fixtures/sites.ts';

const v4 = (over: Parameters<typeof alicePosition>[0] = {}) => {
  const p = alicePosition({ chainId: 1, market: 'Aave v4 Ethereum Main', ...over });
  return {
    ...p,
    protocol: 'aave-v4' as const,
    details: { protocol: 'aave-v4' as const, spoke: '0x94e7A5dCbE816e498b89aB752661904E2F56c485' as const, targetHealthFactor: 105n * 10n ** 16n, healthFactorForMaxBonus: 95n * 10n ** 16n, liquidationBonusFactor: 5000, riskPremium: 0, reserves: [] },
  };
};

describe('pro.aave.com', () => {
  it('is a dapp host with its own module', () => {
    expect(DAPP_HOSTS).toContain('pro.aave.com');
    expect(isDappUrl('https://pro.aave.com/')).toBe(true);
    expect(isDappUrl('https://pro.aave.com.evil.example/')).toBe(false);
    expect(siteForHost('pro.aave.com')).toBe(aavePro);
  });

  it('shows the wallet’s v4 positions on its chain in the floating panel, and no badges', () => {
    const main = v4();
    const avalanche = v4({ chainId: 43114, market: 'Aave v4 Avalanche Main' });
    const v3 = alicePosition({ chainId: 1, market: 'Aave Ethereum Core' });
    const bobs = v4({ account: BOB });
    const page = aavePro.pageMarket({ url: 'https://pro.aave.com/dashboard', walletChainId: 1 });
    expect(page).toEqual({ view: 'positions', chainId: 1 });
    const selection = selectPositions(aavePro, page, [shown(main), shown(avalanche), shown(v3), shown(bobs)], [ALICE]);
    expect(selection.compatible.map((e) => e.key)).toEqual([positionKey(main)]);
    expect(aavePro.findRows(document, { symbols: { collateral: ['WETH'], debt: ['USDC'] } })).toEqual([]);
    const plan = planPage({
      site: aavePro,
      selection,
      rows: [],
      health: aavePro.findHealthFactor(document),
      thresholds: { warnBelow: 1.25, urgentBelow: 1.1 },
      now: 1_000_000,
      locale: 'en-US',
    });
    expect(plan.rows).toEqual([]);
    expect(plan.panel?.entries.map((e) => e.key)).toEqual([positionKey(main)]);
  });
});
