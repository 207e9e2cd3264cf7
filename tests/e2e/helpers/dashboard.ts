import type { Devnet } from '../../../lib/devnet/index.ts';
import type { AaveFixture } from '../../fixtures/sites/aave.ts';

/**
 * What the Aave fixture page shows: 10 WETH supplied, 12,000 USDC borrowed, health factor 1.37, at the
 * devnet's reserve addresses; no "Assets to supply" rows unless `over` gives them.
 */
export function aaveDashboard(devnet: Devnet, over: Partial<AaveFixture> = {}): AaveFixture {
  const r = devnet.aave.reserves;
  return {
    marketName: 'proto_mainnet_v3',
    healthFactor: '1.37',
    supplies: [{ symbol: 'WETH', address: r.WETH.address, amount: '10.00' }],
    borrows: [{ symbol: 'USDC', address: r.USDC.address, amount: '12,000.00' }],
    offers: [],
    ...over,
  };
}
