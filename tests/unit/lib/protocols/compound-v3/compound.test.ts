/**
 * Compound v3 (Comet) pieces that need no chain: the built-in market table, the quote unit read from a
 * market's base price feed, and the liquidation bonus the engine gets from Comet's liquidationFactor.
 * The reader itself is proven on the devnet (tests/chain/compound.test.ts, against our stand-in contract).
 */
import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { COMET_DEPLOYMENTS, compoundV3Markets } from '../../../../../lib/protocols/compound-v3/markets.ts';
import { quoteFromFeed } from '../../../../../lib/protocols/compound-v3/market.ts';
import { bonusFromLiquidationFactor } from '../../../../../lib/protocols/compound-v3/positions.ts';

const WAD = 10n ** 18n;

describe('built-in Comet markets', () => {
  it('cover the chains Compound III runs on, with checksummed, unique addresses and unique names', () => {
    const chains = new Set(COMET_DEPLOYMENTS.map((d) => d.chainId));
    for (const id of [1, 42161, 8453, 10, 137, 534352, 59144]) expect(chains, `chain ${id}`).toContain(id);
    for (const d of COMET_DEPLOYMENTS) expect(getAddress(d.comet)).toBe(d.comet);
    const perChain = COMET_DEPLOYMENTS.map((d) => `${d.chainId}:${d.comet.toLowerCase()}`);
    expect(new Set(perChain).size).toBe(perChain.length);
    const names = compoundV3Markets.map((m) => `${m.chainId}:${m.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('include the flagship markets at their known proxies', () => {
    const find = (chainId: number, symbol: string) => COMET_DEPLOYMENTS.find((d) => d.chainId === chainId && d.symbol === symbol)?.comet;
    expect(find(1, 'cUSDCv3')).toBe('0xc3d688B66703497DAA19211EEdff47f25384cdc3');
    expect(find(1, 'cWETHv3')).toBe('0xA17581A9E3356d9A858b789D68B4d866e593aE94');
    expect(find(1, 'cUSDTv3')).toBe('0x3Afdc9BCA9213A35503b077a6072F3D0d5AB0840');
    expect(find(8453, 'cUSDCv3')).toBe('0xb125E6687d4313864e53df431d5425969c15Eb2F');
    expect(find(42161, 'cUSDCv3')).toBe('0x9c4ec768c28520B50860ea7a15bd7213a9fF58bf');
    expect(compoundV3Markets.find((m) => m.comet === '0xc3d688B66703497DAA19211EEdff47f25384cdc3')).toEqual({
      protocol: 'compound-v3', chainId: 1, name: 'Compound Ethereum cUSDCv3', comet: '0xc3d688B66703497DAA19211EEdff47f25384cdc3',
    });
  });
});

describe('quote unit of a Comet market', () => {
  it('is what the base feed prices in', () => {
    expect(quoteFromFeed('USDC / USD', 'USDC')).toBe('USD');
    expect(quoteFromFeed('Custom price feed for wstETH / ETH', 'wstETH')).toBe('ETH');
    expect(quoteFromFeed('WBTC / BTC', 'WBTC')).toBe('BTC');
  });
  it('is the base token itself under a constant feed (WETH markets), and USD when the feed does not say', () => {
    expect(quoteFromFeed('Constant price feed', 'WETH')).toBe('ETH');
    expect(quoteFromFeed('Constant price feed', 'wstETH')).toBe('wstETH');
    expect(quoteFromFeed(undefined, 'USDC')).toBe('USD');
    expect(quoteFromFeed('', 'USDC')).toBe('USD');
  });
});

describe('liquidation bonus from liquidationFactor', () => {
  it('is 1 / liquidationFactor rounded up, so the credit the engine derives never exceeds Comet\'s', () => {
    for (const lf of [950_000_000_000_000_000n, 930_000_000_000_000_000n, 880_000_000_000_000_000n, 1n, WAD]) {
      const bonus = bonusFromLiquidationFactor(lf);
      expect(bonus * lf).toBeGreaterThanOrEqual(WAD * WAD);
      expect((bonus - 1n) * lf).toBeLessThan(WAD * WAD);
      for (const value of [1n, 12_345_678_901n, 10n ** 20n + 7n]) {
        expect((value * WAD) / bonus).toBeLessThanOrEqual((value * lf) / WAD); // engine credit ≤ mulFactor(value, lf)
      }
    }
    expect(bonusFromLiquidationFactor(WAD)).toBe(WAD);
    expect(bonusFromLiquidationFactor(0n)).toBe(WAD * WAD); // nothing credited
  });
});
