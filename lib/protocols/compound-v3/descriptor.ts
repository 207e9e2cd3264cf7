import { address } from '../../core/parse.ts';
import { cometInterestCodec } from './interest-codec.ts';
import { accrueComet } from './accrue.ts';
import { sameAddress } from '../../core/address.ts';
import { compoundV3Rules } from './rules.ts';
import { addressCodec, literal, object } from '../../core/codec.ts';
import type { ProtocolDescriptor } from '../adapter.ts';
import { compoundNetwork } from './app.ts';
import type { CompoundV3Details, CompoundV3MarketConfig } from './config.ts';

// Every descriptor is this record (adapter.ts), field by field its own protocol's: alike by design.
export const compoundV3Descriptor: ProtocolDescriptor<'compound-v3', CompoundV3Details, CompoundV3MarketConfig> = {
  id: 'compound-v3',
  label: 'Compound v3',
  entry: {
    keys: ['comet'],
    parse: (m, common, where) => ({ ...common, comet: address(m.comet, `${where}.comet`) }),
  },
  rules: compoundV3Rules,
  accrue: accrueComet,
  interest: cometInterestCodec,
  details: object({ protocol: literal('compound-v3'), comet: addressCodec, baseToken: addressCodec }),
  dappLink(position) {
    const d = position.details;
    if (d.protocol !== 'compound-v3') return undefined;
    const network = compoundNetwork(position.chainId);
    const base = position.debt[0]?.symbol ?? position.assets.find((a) => a.address === d.baseToken)?.symbol;
    if (!network || !base || !/^[A-Za-z0-9.]{1,12}$/.test(base)) return undefined;
    return { url: `https://app.compound.finance/?market=${encodeURIComponent(base.toLowerCase())}-${network}`, label: 'Open in Compound' };
  },
  // Comet keeps the base token as one signed balance (CometCore `principal`).
  signedBalance: (position, asset) => position.details.protocol === 'compound-v3' && sameAddress(position.details.baseToken, asset),
};
