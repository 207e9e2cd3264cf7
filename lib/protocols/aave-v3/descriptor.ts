import { aaveV3Rules } from '../../risk/rules/aave-v3.ts';
import { booleanCodec, literal, numberCodec, object } from '../../snapshot/codec.ts';
import type { ProtocolDescriptor } from '../adapter.ts';
import type { AaveV3Details } from './config.ts';

/** Aave app `marketName` for the built-in market names (`./markets.ts`). */
const AAVE_MARKET_NAMES: Record<string, string> = {
  'Aave Ethereum Core': 'proto_mainnet_v3',
  'Aave Ethereum Prime': 'proto_lido_v3',
  'Aave Ethereum EtherFi': 'proto_etherfi_v3',
  'Aave Arbitrum': 'proto_arbitrum_v3',
  'Aave Optimism': 'proto_optimism_v3',
  'Aave Base': 'proto_base_v3',
  'Aave Polygon': 'proto_polygon_v3',
  'Aave Avalanche': 'proto_avalanche_v3',
  'Aave BNB Chain': 'proto_bnb_v3',
  'Aave Gnosis': 'proto_gnosis_v3',
  'Aave Scroll': 'proto_scroll_v3',
  'Aave Linea': 'proto_linea_v3',
  'Aave Sonic': 'proto_sonic_v3',
  'Aave Celo': 'proto_celo_v3',
};
/** SparkLend markets are read by the Aave v3 reader but acted on in Spark's own app. */
const SPARK_MARKETS = new Set(['Spark Ethereum', 'Spark Gnosis']);

export const aaveV3Descriptor: ProtocolDescriptor<'aave-v3', AaveV3Details> = {
  id: 'aave-v3',
  label: 'Aave v3',
  rules: aaveV3Rules,
  details: object({ protocol: literal('aave-v3'), eModeCategory: numberCodec({ integer: true, min: 0, max: 255 }), isolated: booleanCodec }),
  dappLink(position) {
    const name = AAVE_MARKET_NAMES[position.market];
    if (name) return { url: `https://app.aave.com/?marketName=${name}`, label: 'Open in Aave' };
    if (SPARK_MARKETS.has(position.market)) return { url: 'https://app.spark.fi/my-portfolio', label: 'Open in Spark' };
    return undefined;
  },
};
