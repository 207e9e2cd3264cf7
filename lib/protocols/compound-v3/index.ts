export { readCompoundPositions, bonusFromLiquidationFactor, type ReadCompoundPositionsParameters, type ReadCompoundPositionsReturnType } from './positions.ts';
export { readCometMarketStatic, quoteFromFeed, COMET_PRICE_DECIMALS, MAX_COMET_ASSETS, type CometMarketStatic, type CometToken, type CometCollateral } from './market.ts';
export { COMET_DEPLOYMENTS, compoundV3Markets } from './markets.ts';
export { cometAbi, type CometAssetInfo } from './abi.ts';
