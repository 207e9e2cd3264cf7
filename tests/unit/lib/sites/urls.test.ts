import { describe, expect, it } from 'vitest';
import { aave, AAVE_MARKETS, aaveMarketName, aaveRowSymbol } from '../../../../lib/sites/aave.ts';
import { compound, COMPOUND_APP_MARKETS, compoundAppMarket, isCompoundPageMarket } from '../../../../lib/sites/compound.ts';
import { COMET_DEPLOYMENTS } from '../../../../lib/protocols/compound-v3/markets.ts';
import { morpho, morphoLinkMarketId } from '../../../../lib/sites/morpho.ts';
import { spark } from '../../../../lib/sites/spark.ts';
import { DAPP_HOSTS } from '../../../../lib/sites/index.ts';
import { SITES, siteForHost } from '../../../../lib/sites/registry.ts';
import { builtinMarkets } from '../../../../lib/markets/builtin.ts';
import { alicePosition, USDC, WETH } from '../../fixtures/sites.ts';
import { pagePosition, type PagePosition } from '../../../../lib/sites/page-view.ts';
import { collateral, debt, position } from '../../../helpers/positions.ts';
import type { Position } from '../../../../lib/core/types.ts';

const ID = '0x9103c3b4e834476c9a62ea009ba2c884ee42e94e6e314a26f04d312434191836';

describe('site registry', () => {
  it('covers exactly the dapp hosts of the manifest, one module per host', () => {
    expect(SITES.flatMap((s) => s.hosts).sort()).toEqual([...DAPP_HOSTS].sort());
    expect(siteForHost('app.aave.com')?.id).toBe('aave');
    expect(siteForHost('APP.SPARK.FI')?.id).toBe('spark');
    expect(siteForHost('evil.app.aave.com')).toBeUndefined();
    expect(siteForHost('app.aave.com.evil.io')).toBeUndefined();
  });
});

describe('Aave: URL → market', () => {
  it('reads ?marketName= (chain and built-in market)', () => {
    expect(aave.pageMarket({ url: 'https://app.aave.com/?marketName=proto_base_v3' })).toEqual({ view: 'positions', key: 'proto_base_v3', chainId: 8453, market: 'Aave Base' });
    expect(aave.pageMarket({ url: 'https://app.aave.com/dashboard?marketName=proto_lido_v3' })).toMatchObject({ view: 'positions', chainId: 1, market: 'Aave Ethereum Prime' });
    expect(aave.pageMarket({ url: 'https://app.aave.com/markets/?marketName=proto_arbitrum_v3' })).toMatchObject({ view: 'markets', chainId: 42161 });
    expect(aave.pageMarket({ url: 'https://app.aave.com/reserve-overview/?underlyingAsset=0xabc&marketName=proto_mainnet_v3' })).toMatchObject({ view: 'market', market: 'Aave Ethereum Core' });
  });

  it('falls back to the app remembered market (localStorage.selectedMarket), the URL wins', () => {
    const getItem = (k: string) => (k === 'selectedMarket' ? 'proto_polygon_v3' : null);
    expect(aave.pageMarket({ url: 'https://app.aave.com/dashboard', getItem })).toMatchObject({ chainId: 137, market: 'Aave Polygon' });
    expect(aave.pageMarket({ url: 'https://app.aave.com/dashboard?marketName=proto_base_v3', getItem })).toMatchObject({ chainId: 8453 });
    expect(aave.pageMarket({ url: 'https://app.aave.com/dashboard', getItem: () => { throw new Error('SecurityError'); } })).toEqual({ view: 'positions' });
  });

  it('unknown or hostile market names say nothing; v2 markets never match a v3 position', () => {
    expect(aave.pageMarket({ url: 'https://app.aave.com/?marketName=__proto__' })).toEqual({ view: 'positions' });
    expect(aave.pageMarket({ url: 'https://app.aave.com/?marketName=<script>' })).toEqual({ view: 'positions' });
    const v2 = aave.pageMarket({ url: 'https://app.aave.com/?marketName=proto_mainnet' });
    expect(v2.chainId).toBe(1);
    expect(aave.isPageMarket(pagePosition(alicePosition({ chainId: 1, market: 'Aave Ethereum Core' })), v2)).toBe(false);
  });

  it('maps every built-in Aave market both ways (the table and lib/markets/builtin.ts agree)', () => {
    for (const m of builtinMarkets.filter((x) => x.protocol === 'aave-v3' && x.name.startsWith('Aave '))) {
      const key = aaveMarketName(m.name);
      expect(key, m.name).toBeDefined();
      expect(AAVE_MARKETS[key!]!.chainId).toBe(m.chainId);
    }
  });

  it('parses the data-cy of supplied and borrowed rows, not of the offer lists', () => {
    expect(aaveRowSymbol('dashboardSuppliedListItem_WETH_Collateral')).toEqual({ side: 'collateral', symbol: 'WETH' });
    expect(aaveRowSymbol('dashboardSuppliedListItem_WSTETH_NoCollateral')).toEqual({ side: 'collateral', symbol: 'WSTETH' });
    expect(aaveRowSymbol('dashboardSuppliedListItem_1INCH')).toEqual({ side: 'collateral', symbol: '1INCH' });
    expect(aaveRowSymbol('dashboardSuppliedListItem_USD_X_Collateral')).toEqual({ side: 'collateral', symbol: 'USD_X' });
    expect(aaveRowSymbol('dashboardBorrowedListItem_USDC')).toEqual({ side: 'debt', symbol: 'USDC' });
    expect(aaveRowSymbol('dashboardSupplyListItem_WETH')).toBeNull();
    expect(aaveRowSymbol('dashboardBorrowListItem_USDC')).toBeNull();
    expect(aaveRowSymbol('dashboardSuppliedListItem_')).toBeNull();
  });

  it('owns Aave markets, not Spark ones', () => {
    expect(aave.owns({ protocol: 'aave-v3', market: 'Aave Base', chainId: 8453 })).toBe(true);
    expect(aave.owns({ protocol: 'aave-v3', market: 'Spark Ethereum', chainId: 1 })).toBe(false);
    expect(spark.owns({ protocol: 'aave-v3', market: 'Spark Gnosis', chainId: 100 })).toBe(true);
    expect(aave.owns({ protocol: 'morpho-blue', market: 'Morpho Base', chainId: 8453 })).toBe(false);
  });
});

describe('Spark: URL and wallet chain → market', () => {
  it('follows the wallet chain on My portfolio; the market page path says the chain itself', () => {
    expect(spark.pageMarket({ url: 'https://app.spark.fi/my-portfolio', walletChainId: 1 })).toEqual({ view: 'positions', chainId: 1, market: 'Spark Ethereum' });
    expect(spark.pageMarket({ url: 'https://app.spark.fi/my-portfolio', walletChainId: 100 })).toMatchObject({ market: 'Spark Gnosis' });
    expect(spark.pageMarket({ url: 'https://app.spark.fi/my-portfolio' })).toEqual({ view: 'positions' });
    expect(spark.pageMarket({ url: `https://app.spark.fi/markets/100/${USDC.address}`, walletChainId: 1 })).toMatchObject({ view: 'market', chainId: 100, market: 'Spark Gnosis' });
    expect(spark.pageMarket({ url: 'https://app.spark.fi/my-portfolio', walletChainId: 31337 })).toEqual({ view: 'positions', chainId: 31337 });
  });
});

describe('Compound: ?market= → Comet', () => {
  const comet = (chainId: number, market: string, base = USDC): Position => ({
    ...position({ collateral: [collateral(WETH, 1)], debt: [debt(base, 100)], assets: [WETH, base] }, 'compound-v3'),
    chainId,
    market,
    details: { protocol: 'compound-v3', comet: '0xc3d688B66703497DAA19211EEdff47f25384cdc3', baseToken: base.address },
  });

  it('reads base-network in both orders, maps networks to chains', () => {
    expect(compound.pageMarket({ url: 'https://app.compound.finance/?market=usdc-mainnet' })).toEqual({ view: 'positions', chainId: 1, baseSymbol: 'usdc', key: 'usdc-mainnet' });
    expect(compound.pageMarket({ url: 'https://app.compound.finance/?market=weth-basemainnet' })).toMatchObject({ chainId: 8453, baseSymbol: 'weth' });
    expect(compound.pageMarket({ url: 'https://app.compound.finance/?market=usdc.e-arb' })).toMatchObject({ chainId: 42161, baseSymbol: 'usdc.e' });
    expect(compound.pageMarket({ url: 'https://app.compound.finance/?market=arbitrum-usdc' })).toMatchObject({ chainId: 42161, baseSymbol: 'usdc' });
    expect(compound.pageMarket({ url: 'https://app.compound.finance/?market=usdc-moon' })).toEqual({ view: 'positions' });
    expect(compound.pageMarket({ url: 'https://app.compound.finance/', walletChainId: 10 })).toEqual({ view: 'positions', chainId: 10 });
  });

  const deployment = (chainId: number, symbol: string) => COMET_DEPLOYMENTS.find((d) => d.chainId === chainId && d.symbol === symbol)!;
  const builtin = (chainId: number, symbol: string): PagePosition => {
    const d = deployment(chainId, symbol);
    return pagePosition({ ...comet(chainId, `Compound ${d.chain} ${symbol}`), details: { protocol: 'compound-v3', comet: d.comet, baseToken: USDC.address } });
  };
  const pageOf = (key: string) => compound.pageMarket({ url: `https://app.compound.finance/?market=${key}` });

  it('tells the two Arbitrum USDC Comets apart; a Comet outside the deployments goes by its base symbol', () => {
    const page = pageOf('usdc.e-arb');
    expect(isCompoundPageMarket(builtin(42161, 'cUSDCev3'), page)).toBe(true);
    expect(isCompoundPageMarket(builtin(42161, 'cUSDCv3'), page)).toBe(false);
    const usdc = pageOf('usdc-arb');
    expect(isCompoundPageMarket(builtin(42161, 'cUSDCv3'), usdc)).toBe(true);
    expect(isCompoundPageMarket(builtin(42161, 'cUSDCev3'), usdc)).toBe(false);
    expect(isCompoundPageMarket(builtin(8453, 'cUSDCv3'), usdc)).toBe(false);
    // A Comet from a markets file (not in the deployments): by its base token's symbol.
    const DAI = { ...USDC, symbol: 'DAI', address: `0x${'6'.repeat(40)}` as const };
    const fork = pagePosition({ ...comet(42161, 'My fork', DAI), details: { protocol: 'compound-v3' as const, comet: `0x${'7'.repeat(40)}` as const, baseToken: DAI.address } });
    expect(isCompoundPageMarket(fork, pageOf('dai-arb'))).toBe(true);
    expect(isCompoundPageMarket(fork, usdc)).toBe(false); // the app's usdc-arb is the built-in Comet
  });

  it('recognises usdc.e-polygon: Polygon\'s only USDC Comet (cUSDCv3 in the deployments, USDC.e in the app)', () => {
    expect(isCompoundPageMarket(builtin(137, 'cUSDCv3'), pageOf('usdc.e-polygon'))).toBe(true);
    expect(isCompoundPageMarket(builtin(137, 'cUSDCv3'), pageOf('usdc-polygon'))).toBe(true);
    expect(isCompoundPageMarket(builtin(137, 'cUSDTv3'), pageOf('usdc.e-polygon'))).toBe(false);
    // USDe on Mantle is not "bridged USD".
    expect(compoundAppMarket('usde', 5000)?.comet).toBe(deployment(5000, 'cUSDev3').comet.toLowerCase());
  });

  it('derives a key for every deployed Comet that leads back to exactly that Comet', () => {
    for (const d of COMET_DEPLOYMENTS) {
      const keys = COMPOUND_APP_MARKETS.filter((m) => m.comet === d.comet.toLowerCase() && m.chainId === d.chainId);
      expect(keys.length, d.symbol).toBeGreaterThan(0);
      for (const { key } of keys) {
        const page = pageOf(key);
        expect(page.chainId, key).toBe(d.chainId);
        const matches = COMET_DEPLOYMENTS.filter((o) => isCompoundPageMarket(builtin(o.chainId, o.symbol), page));
        expect(matches.map((o) => `${o.chainId}:${o.symbol}`), key).toEqual([`${d.chainId}:${d.symbol}`]);
      }
    }
    expect(new Set(COMPOUND_APP_MARKETS.map((m) => m.key)).size).toBe(COMPOUND_APP_MARKETS.length);
  });
});

describe('Morpho: path → market id', () => {
  it('reads /<chain>/market/<id>[/<slug>]', () => {
    expect(morpho.pageMarket({ url: `https://app.morpho.org/base/market/${ID}/cbbtc-usdc` })).toEqual({ view: 'market', marketId: ID, chainId: 8453 });
    expect(morpho.pageMarket({ url: `https://app.morpho.org/ethereum/market/${ID.toUpperCase().replace('0X', '0x')}` })).toMatchObject({ marketId: ID, chainId: 1 });
    expect(morpho.pageMarket({ url: `https://app.morpho.org/31337/market/${ID}` })).toMatchObject({ chainId: 31337 });
    expect(morpho.pageMarket({ url: `https://app.morpho.org/nowhere/market/${ID}` })).toEqual({ view: 'market', marketId: ID });
    expect(morpho.pageMarket({ url: 'https://app.morpho.org/base/market/0x1234' })).toEqual({ view: 'other', chainId: 8453 });
    expect(morpho.pageMarket({ url: 'https://app.morpho.org/dashboard', walletChainId: 1 })).toEqual({ view: 'positions', chainId: 1 });
  });

  it('reads market links', () => {
    expect(morphoLinkMarketId(`/base/market/${ID}/weth-usdc`)).toBe(ID);
    expect(morphoLinkMarketId(`https://app.morpho.org/base/market/${ID}?tab=x`)).toBe(ID);
    expect(morphoLinkMarketId(`/base/vault/0x${'1'.repeat(40)}`)).toBeUndefined();
    expect(morphoLinkMarketId(null)).toBeUndefined();
  });
});
