import { array, bytes32, address } from '../../core/parse.ts';
import { morphoInterestCodec } from './interest-codec.ts';
import { accrueMorpho } from './accrue.ts';
import { morphoBlueRules } from './rules.ts';
import { bigintCodec, hexCodec, literal, object } from '../../core/codec.ts';
import type { ProtocolDescriptor } from '../adapter.ts';
import { morphoChainSlug } from './app.ts';
import type { MorphoBlueDetails, MorphoBlueMarketConfig } from './config.ts';

export const morphoBlueDescriptor: ProtocolDescriptor<'morpho-blue', MorphoBlueDetails, MorphoBlueMarketConfig> = {
  id: 'morpho-blue',
  label: 'Morpho Blue',
  entry: {
    keys: ['morpho', 'marketIds'],
    parse(m, common, where) {
      const marketIds = array(m.marketIds, `${where}.marketIds`).map((id, i) => bytes32(id, `${where}.marketIds[${i}]`, 'a market id'));
      return { ...common, morpho: address(m.morpho, `${where}.morpho`), marketIds };
    },
  },
  rules: morphoBlueRules,
  accrue: accrueMorpho,
  interest: morphoInterestCodec,
  details: object({ protocol: literal('morpho-blue'), marketId: hexCodec(66), lltv: bigintCodec }),
  // One configured deployment holds many markets, each its own position.
  positionKeySuffix: (details) => (details.protocol === 'morpho-blue' ? details.marketId : undefined),
  dappLink(position) {
    const chain = morphoChainSlug(position.chainId);
    if (!chain || position.details.protocol !== 'morpho-blue') return undefined;
    return { url: `https://app.morpho.org/${chain}/market/${position.details.marketId}`, label: 'Open in Morpho' };
  },
};
