import type { Address } from 'viem';
import type { CompoundV3MarketConfig } from './config.ts';

/**
 * Built-in Compound III (Comet) markets: the proxy address of every production Comet.
 *
 * Source: compound-finance/comet, `deployments/<network>/<market>/roots.json` (the `comet` entry) and
 * `configuration.json` (the market's symbol), at commit d5a30b0aaeff7755f1431e87f818990902237b03
 * (2026-05-29) — the deployment artifacts Compound's docs point to ("Networks": "The network deployment
 * artifacts with contract addresses are available in the Comet repository deployments/ folder").
 * Cross-checked with `@compound-finance/compound-js` 0.6.2 (`dist/nodejs/comet-artifacts/comet-constants.json`),
 * the newest npm package that ships Comet addresses: it lists only six of these markets, all equal here
 * (its `arbitrum_usdc` is the bridged-USDC market, `Arbitrum cUSDCev3` below). No npm package carries the
 * full list, hence the table. Testnets (Sepolia, Fuji) are left out.
 *
 * Mantle (5000), Unichain (130) and Ronin (2020) have Comets but no built-in chain entry yet: their markets
 * are listed here and are read once such a chain is configured (or filtered out by the caller).
 */
interface CometDeployment {
  chainId: number;
  chain: string;
  /** Comet's own token symbol for the market (cUSDCv3, cWETHv3, …). */
  symbol: string;
  comet: Address;
}

export const COMET_DEPLOYMENTS: readonly CometDeployment[] = [
  // Ethereum — deployments/mainnet/{usdc,usds,usdt,wbtc,weth,wsteth}
  { chainId: 1, chain: 'Ethereum', symbol: 'cUSDCv3', comet: '0xc3d688B66703497DAA19211EEdff47f25384cdc3' },
  { chainId: 1, chain: 'Ethereum', symbol: 'cUSDSv3', comet: '0x5D409e56D886231aDAf00c8775665AD0f9897b56' },
  { chainId: 1, chain: 'Ethereum', symbol: 'cUSDTv3', comet: '0x3Afdc9BCA9213A35503b077a6072F3D0d5AB0840' },
  { chainId: 1, chain: 'Ethereum', symbol: 'cWBTCv3', comet: '0xe85Dc543813B8c2CFEaAc371517b925a166a9293' },
  { chainId: 1, chain: 'Ethereum', symbol: 'cWETHv3', comet: '0xA17581A9E3356d9A858b789D68B4d866e593aE94' },
  { chainId: 1, chain: 'Ethereum', symbol: 'cWstETHv3', comet: '0x3D0bb1ccaB520A66e607822fC55BC921738fAFE3' },
  // Arbitrum — deployments/arbitrum/{usdc.e,usdc,usdt,weth}. Both USDC markets call themselves cUSDCv3;
  // the bridged-USDC (USDC.e) one is named cUSDCev3 here so market names stay unique on the chain.
  { chainId: 42161, chain: 'Arbitrum', symbol: 'cUSDCev3', comet: '0xA5EDBDD9646f8dFF606d7448e414884C7d905dCA' },
  { chainId: 42161, chain: 'Arbitrum', symbol: 'cUSDCv3', comet: '0x9c4ec768c28520B50860ea7a15bd7213a9fF58bf' },
  { chainId: 42161, chain: 'Arbitrum', symbol: 'cUSDTv3', comet: '0xd98Be00b5D27fc98112BdE293e487f8D4cA57d07' },
  { chainId: 42161, chain: 'Arbitrum', symbol: 'cWETHv3', comet: '0x6f7D514bbD4aFf3BcD1140B7344b32f063dEe486' },
  // Base — deployments/base/{aero,usdbc,usdc,usds,weth}
  { chainId: 8453, chain: 'Base', symbol: 'cAEROv3', comet: '0x784efeB622244d2348d4F2522f8860B96fbEcE89' },
  { chainId: 8453, chain: 'Base', symbol: 'cUSDbCv3', comet: '0x9c4ec768c28520B50860ea7a15bd7213a9fF58bf' },
  { chainId: 8453, chain: 'Base', symbol: 'cUSDCv3', comet: '0xb125E6687d4313864e53df431d5425969c15Eb2F' },
  { chainId: 8453, chain: 'Base', symbol: 'cUSDSv3', comet: '0x2c776041CCFe903071AF44aa147368a9c8EEA518' },
  { chainId: 8453, chain: 'Base', symbol: 'cWETHv3', comet: '0x46e6b214b524310239732D51387075E0e70970bf' },
  // Optimism — deployments/optimism/{usdc,usdt,weth}
  { chainId: 10, chain: 'Optimism', symbol: 'cUSDCv3', comet: '0x2e44e174f7D53F0212823acC11C01A11d58c5bCB' },
  { chainId: 10, chain: 'Optimism', symbol: 'cUSDTv3', comet: '0x995E394b8B2437aC8Ce61Ee0bC610D617962B214' },
  { chainId: 10, chain: 'Optimism', symbol: 'cWETHv3', comet: '0xE36A30D249f7761327fd973001A32010b521b6Fd' },
  // Polygon — deployments/polygon/{usdc,usdt}
  { chainId: 137, chain: 'Polygon', symbol: 'cUSDCv3', comet: '0xF25212E676D1F7F89Cd72fFEe66158f541246445' },
  { chainId: 137, chain: 'Polygon', symbol: 'cUSDTv3', comet: '0xaeB318360f27748Acb200CE616E389A6C9409a07' },
  // Scroll — deployments/scroll/usdc
  { chainId: 534352, chain: 'Scroll', symbol: 'cUSDCv3', comet: '0xB2f97c1Bd3bf02f5e74d13f02E3e26F93D77CE44' },
  // Linea — deployments/linea/{usdc,weth}
  { chainId: 59144, chain: 'Linea', symbol: 'cUSDCv3', comet: '0x8D38A3d6B3c3B7d96D6536DA7Eef94A9d7dbC991' },
  { chainId: 59144, chain: 'Linea', symbol: 'cWETHv3', comet: '0x60F2058379716A64a7A5d29219397e79bC552194' },
  // Mantle — deployments/mantle/usde
  { chainId: 5000, chain: 'Mantle', symbol: 'cUSDev3', comet: '0x606174f62cd968d8e684c645080fa694c1D7786E' },
  // Unichain — deployments/unichain/{usdc,weth}
  { chainId: 130, chain: 'Unichain', symbol: 'cUSDCv3', comet: '0x2c7118c4C88B9841FCF839074c26Ae8f035f2921' },
  { chainId: 130, chain: 'Unichain', symbol: 'cWETHv3', comet: '0x6C987dDE50dB1dcDd32Cd4175778C2a291978E2a' },
  // Ronin — deployments/ronin/{weth,wron}
  { chainId: 2020, chain: 'Ronin', symbol: 'cWETHv3', comet: '0x4006eD4097Ee51c09A04c3B0951D28CCf19e6DFE' },
  { chainId: 2020, chain: 'Ronin', symbol: 'cWRONv3', comet: '0xc0Afdbd1cEB621Ef576BA969ce9D4ceF78Dbc0c0' },
];

/** As market configs, named "Compound <chain> <symbol>" (e.g. "Compound Ethereum cUSDCv3"). */
export const compoundV3Markets: CompoundV3MarketConfig[] = COMET_DEPLOYMENTS.map((d) => ({
  protocol: 'compound-v3',
  chainId: d.chainId,
  name: `Compound ${d.chain} ${d.symbol}`,
  comet: d.comet,
}));
