import { address } from '../../core/parse.ts';
import { aaveInterestCodec } from './interest-codec.ts';
import { accrueAave } from './accrue.ts';
import { aaveV3Rules } from './rules.ts';
import { booleanCodec, literal, numberCodec, object, optional } from '../../core/codec.ts';
import type { ProtocolDescriptor } from '../adapter.ts';
import { aaveMarketName } from './app.ts';
import type { AaveV3Details, AaveV3MarketConfig } from './config.ts';

/** SparkLend markets are read by the Aave v3 reader but acted on in Spark's own app. */
const SPARK_MARKETS = new Set(['Spark Ethereum', 'Spark Gnosis']);

export const aaveV3Descriptor: ProtocolDescriptor<'aave-v3', AaveV3Details, AaveV3MarketConfig> = {
  id: 'aave-v3',
  label: 'Aave v3',
  entry: {
    keys: ['poolAddressesProvider', 'uiPoolDataProvider'],
    parse: (m, common, where) => ({
      ...common,
      poolAddressesProvider: address(m.poolAddressesProvider, `${where}.poolAddressesProvider`),
      ...(m.uiPoolDataProvider === undefined ? {} : { uiPoolDataProvider: address(m.uiPoolDataProvider, `${where}.uiPoolDataProvider`) }),
    }),
  },
  rules: aaveV3Rules,
  accrue: accrueAave,
  interest: aaveInterestCodec,
  details: object({
    protocol: literal('aave-v3'),
    eModeCategory: numberCodec({ integer: true, min: 0, max: 255 }),
    isolated: booleanCodec,
    poolRevision: optional(numberCodec({ integer: true, min: 0 })),
    math: optional(literal('v3.0', 'v3.3', 'v3.5', 'v3.6')),
    unverifiedMath: optional(booleanCodec),
  }),
  dappLink(position) {
    const name = aaveMarketName(position.market);
    if (name) return { url: `https://app.aave.com/?marketName=${name}`, label: 'Open in Aave' };
    if (SPARK_MARKETS.has(position.market)) return { url: 'https://app.spark.fi/my-portfolio', label: 'Open in Spark' };
    return undefined;
  },
  // Aave's app has a page per reserve, with its Supply button, in the market the dashboard link names.
  supplyPage(position, asset) {
    const name = aaveMarketName(position.market);
    return name ? `https://app.aave.com/reserve-overview/?underlyingAsset=${asset.toLowerCase()}&marketName=${name}` : undefined;
  },
};
