import { address } from '../../core/parse.ts';
import { aaveV4Rules } from './rules.ts';
import { addressCodec, array, bigintCodec, booleanCodec, literal, numberCodec, object, optional } from '../../core/codec.ts';
import type { ProtocolDescriptor } from '../adapter.ts';
import { accrueAaveV4 } from './accrue.ts';
import type { AaveV4Details, AaveV4MarketConfig } from './config.ts';
import { configDifferences } from './config-note.ts';

/** Chains where Aave's v4 app (pro.aave.com) lists Spokes: those of the address book. */
const V4_APP_CHAINS = new Set([1, 43114, 5042]);

const bps = numberCodec({ integer: true, min: 0, max: 2 ** 32 });
const hubAsset = object({
  liquidity: bigintCodec,
  realizedFees: bigintCodec,
  swept: bigintCodec,
  addedShares: bigintCodec,
  drawnShares: bigintCodec,
  premiumShares: bigintCodec,
  premiumOffsetRay: bigintCodec,
  deficitRay: bigintCodec,
  liquidityFee: bps,
  drawnIndex: bigintCodec,
  drawnRate: bigintCodec,
  lastUpdate: bigintCodec,
});
const dynamicConfig = object({ key: numberCodec({ integer: true, min: 0, max: 2 ** 32 }), collateralFactor: bps, maxLiquidationBonus: bps, liquidationFee: bps });

// Every descriptor is this record (adapter.ts), field by field its own protocol's: alike by design.
export const aaveV4Descriptor: ProtocolDescriptor<'aave-v4', AaveV4Details, AaveV4MarketConfig> = {
  id: 'aave-v4',
  label: 'Aave v4',
  // DESIGN.md contract 1: { "protocol": "aave-v4", "chainId", "name", "spoke" } — the Spoke knows its Hubs and oracle.
  entry: {
    keys: ['spoke'],
    parse: (m, common, where) => ({ ...common, spoke: address(m.spoke, `${where}.spoke`) }),
  },
  rules: aaveV4Rules,
  // The Hub's index and fee math in time (accrue.ts); the projection lives in details.reserves[].hub.
  accrue: accrueAaveV4,
  details: object({
    protocol: literal('aave-v4'),
    spoke: addressCodec,
    targetHealthFactor: bigintCodec,
    healthFactorForMaxBonus: bigintCodec,
    liquidationBonusFactor: bps,
    riskPremium: numberCodec({ integer: true, min: 0, max: 2 ** 24 }),
    reserves: array(
      object({
        address: addressCodec,
        reserveId: numberCodec({ integer: true, min: 0 }),
        userConfig: dynamicConfig,
        latestConfig: dynamicConfig,
        usingAsCollateral: booleanCodec,
        suppliedShares: bigintCodec,
        drawnShares: bigintCodec,
        premiumDebtRay: bigintCodec,
        drawnIndex: bigintCodec,
        addedAssets: bigintCodec,
        addedShares: bigintCodec,
        debtAmount: bigintCodec,
        // Absent in snapshots written before the projection existed: no liquidation time is then offered.
        premiumShares: optional(bigintCodec),
        hub: optional(hubAsset),
      }),
      256,
    ),
  }),
  notes: (position) => configDifferences(position).map((d) => `Your position keeps older terms: ${d.text}.`),
  dappLink(position) {
    return V4_APP_CHAINS.has(position.chainId) ? { url: 'https://pro.aave.com/', label: 'Open in Aave' } : undefined;
  },
};
