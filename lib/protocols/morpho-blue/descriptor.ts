import { morphoBlueRules } from '../../risk/rules/morpho-blue.ts';
import { bigintCodec, hexCodec, literal, object } from '../../snapshot/codec.ts';
import type { ProtocolDescriptor } from '../adapter.ts';
import type { MorphoBlueDetails } from './config.ts';

/** Chain slugs of app.morpho.org. */
const MORPHO_CHAINS: Record<number, string> = { 1: 'ethereum', 8453: 'base', 42161: 'arbitrum', 137: 'polygon', 10: 'optimism', 130: 'unichain' };

export const morphoBlueDescriptor: ProtocolDescriptor<'morpho-blue', MorphoBlueDetails> = {
  id: 'morpho-blue',
  label: 'Morpho Blue',
  rules: morphoBlueRules,
  details: object({ protocol: literal('morpho-blue'), marketId: hexCodec(66), lltv: bigintCodec }),
  // One configured deployment holds many markets, each its own position.
  positionKeySuffix: (details) => (details.protocol === 'morpho-blue' ? details.marketId : undefined),
  dappLink(position) {
    const chain = MORPHO_CHAINS[position.chainId];
    if (!chain || position.details.protocol !== 'morpho-blue') return undefined;
    return { url: `https://app.morpho.org/${chain}/market/${position.details.marketId}`, label: 'Open in Morpho' };
  },
};
