import * as AaveV3Arbitrum from '@aave-dao/aave-address-book/AaveV3Arbitrum';
import * as AaveV3Avalanche from '@aave-dao/aave-address-book/AaveV3Avalanche';
import * as AaveV3BNB from '@aave-dao/aave-address-book/AaveV3BNB';
import * as AaveV3Base from '@aave-dao/aave-address-book/AaveV3Base';
import * as AaveV3Celo from '@aave-dao/aave-address-book/AaveV3Celo';
import * as AaveV3Ethereum from '@aave-dao/aave-address-book/AaveV3Ethereum';
import * as AaveV3EthereumEtherFi from '@aave-dao/aave-address-book/AaveV3EthereumEtherFi';
import * as AaveV3EthereumLido from '@aave-dao/aave-address-book/AaveV3EthereumLido';
import * as AaveV3EthereumHorizon from '@aave-dao/aave-address-book/AaveV3EthereumHorizon';
import * as AaveV3Gnosis from '@aave-dao/aave-address-book/AaveV3Gnosis';
import * as AaveV3InkWhitelabel from '@aave-dao/aave-address-book/AaveV3InkWhitelabel';
import * as AaveV3Linea from '@aave-dao/aave-address-book/AaveV3Linea';
import * as AaveV3Mantle from '@aave-dao/aave-address-book/AaveV3Mantle';
import * as AaveV3MegaEth from '@aave-dao/aave-address-book/AaveV3MegaEth';
import * as AaveV3Metis from '@aave-dao/aave-address-book/AaveV3Metis';
import * as AaveV3Monad from '@aave-dao/aave-address-book/AaveV3Monad';
import * as AaveV3Optimism from '@aave-dao/aave-address-book/AaveV3Optimism';
import * as AaveV3Plasma from '@aave-dao/aave-address-book/AaveV3Plasma';
import * as AaveV3Polygon from '@aave-dao/aave-address-book/AaveV3Polygon';
import * as AaveV3Scroll from '@aave-dao/aave-address-book/AaveV3Scroll';
import * as AaveV3Soneium from '@aave-dao/aave-address-book/AaveV3Soneium';
import * as AaveV3Sonic from '@aave-dao/aave-address-book/AaveV3Sonic';
import * as AaveV3XLayer from '@aave-dao/aave-address-book/AaveV3XLayer';
import * as AaveV3ZkSync from '@aave-dao/aave-address-book/AaveV3ZkSync';
import type { Address } from 'viem';
import type { AaveV3MarketConfig } from './config.ts';

/**
 * Built-in Aave v3 markets, from `@aave-dao/aave-address-book` — the address book Aave's DAO maintains
 * (the `@bgd-labs/aave-address-book` name is its older home and lags behind). Chain ids come from the
 * same package so a market and its chain cannot drift apart. Every mainnet market the package lists is
 * here: tests/unit/lib/markets/aave-book.test.ts walks the whole package and fails on one we do not read
 * (testnets and the frozen Harmony market are left out there, by name, with the reason).
 */
// Fields are picked where the namespace is imported (never the namespace object itself) so the bundler
// keeps only these three constants of each market module, not its whole asset list (measured with wxt
// build: background.js 474 kB with 24 markets, 709 kB passing the namespaces, 613 kB before with 14).
const aave = (name: string, chainId: number, poolAddressesProvider: string, uiPoolDataProvider: string): AaveV3MarketConfig => ({
  protocol: 'aave-v3',
  chainId,
  name,
  poolAddressesProvider: poolAddressesProvider as Address,
  uiPoolDataProvider: uiPoolDataProvider as Address,
});

/**
 * SparkLend is an Aave v3 fork read by the same reader. No maintained npm package carries its
 * addresses; these are the PoolAddressesProviders of sparkdotfi/spark-address-registry
 * (src/Ethereum.sol SPARK_POOL_ADDRESS_PROVIDER, src/Gnosis.sol), as listed in Spark's docs.
 */
const sparkMarkets: AaveV3MarketConfig[] = [
  { protocol: 'aave-v3', chainId: 1, name: 'Spark Ethereum', poolAddressesProvider: '0x02C3eA4e34C0cBd694D2adFa2c690EECbC1793eE' },
  { protocol: 'aave-v3', chainId: 100, name: 'Spark Gnosis', poolAddressesProvider: '0xA98DaCB3fC964A6A0d2ce3B77294241585EAbA6d' },
];

export const aaveV3Markets: AaveV3MarketConfig[] = [
  aave('Aave Ethereum Core', AaveV3Ethereum.CHAIN_ID, AaveV3Ethereum.POOL_ADDRESSES_PROVIDER, AaveV3Ethereum.UI_POOL_DATA_PROVIDER),
  aave('Aave Ethereum Prime', AaveV3EthereumLido.CHAIN_ID, AaveV3EthereumLido.POOL_ADDRESSES_PROVIDER, AaveV3EthereumLido.UI_POOL_DATA_PROVIDER),
  aave('Aave Ethereum EtherFi', AaveV3EthereumEtherFi.CHAIN_ID, AaveV3EthereumEtherFi.POOL_ADDRESSES_PROVIDER, AaveV3EthereumEtherFi.UI_POOL_DATA_PROVIDER),
  aave('Aave Arbitrum', AaveV3Arbitrum.CHAIN_ID, AaveV3Arbitrum.POOL_ADDRESSES_PROVIDER, AaveV3Arbitrum.UI_POOL_DATA_PROVIDER),
  aave('Aave Optimism', AaveV3Optimism.CHAIN_ID, AaveV3Optimism.POOL_ADDRESSES_PROVIDER, AaveV3Optimism.UI_POOL_DATA_PROVIDER),
  aave('Aave Base', AaveV3Base.CHAIN_ID, AaveV3Base.POOL_ADDRESSES_PROVIDER, AaveV3Base.UI_POOL_DATA_PROVIDER),
  aave('Aave Polygon', AaveV3Polygon.CHAIN_ID, AaveV3Polygon.POOL_ADDRESSES_PROVIDER, AaveV3Polygon.UI_POOL_DATA_PROVIDER),
  aave('Aave Avalanche', AaveV3Avalanche.CHAIN_ID, AaveV3Avalanche.POOL_ADDRESSES_PROVIDER, AaveV3Avalanche.UI_POOL_DATA_PROVIDER),
  aave('Aave BNB Chain', AaveV3BNB.CHAIN_ID, AaveV3BNB.POOL_ADDRESSES_PROVIDER, AaveV3BNB.UI_POOL_DATA_PROVIDER),
  aave('Aave Gnosis', AaveV3Gnosis.CHAIN_ID, AaveV3Gnosis.POOL_ADDRESSES_PROVIDER, AaveV3Gnosis.UI_POOL_DATA_PROVIDER),
  aave('Aave Scroll', AaveV3Scroll.CHAIN_ID, AaveV3Scroll.POOL_ADDRESSES_PROVIDER, AaveV3Scroll.UI_POOL_DATA_PROVIDER),
  aave('Aave Linea', AaveV3Linea.CHAIN_ID, AaveV3Linea.POOL_ADDRESSES_PROVIDER, AaveV3Linea.UI_POOL_DATA_PROVIDER),
  aave('Aave Sonic', AaveV3Sonic.CHAIN_ID, AaveV3Sonic.POOL_ADDRESSES_PROVIDER, AaveV3Sonic.UI_POOL_DATA_PROVIDER),
  aave('Aave Celo', AaveV3Celo.CHAIN_ID, AaveV3Celo.POOL_ADDRESSES_PROVIDER, AaveV3Celo.UI_POOL_DATA_PROVIDER),
  aave('Aave Ethereum Horizon', AaveV3EthereumHorizon.CHAIN_ID, AaveV3EthereumHorizon.POOL_ADDRESSES_PROVIDER, AaveV3EthereumHorizon.UI_POOL_DATA_PROVIDER),
  aave('Aave Ink', AaveV3InkWhitelabel.CHAIN_ID, AaveV3InkWhitelabel.POOL_ADDRESSES_PROVIDER, AaveV3InkWhitelabel.UI_POOL_DATA_PROVIDER),
  aave('Aave Mantle', AaveV3Mantle.CHAIN_ID, AaveV3Mantle.POOL_ADDRESSES_PROVIDER, AaveV3Mantle.UI_POOL_DATA_PROVIDER),
  aave('Aave MegaETH', AaveV3MegaEth.CHAIN_ID, AaveV3MegaEth.POOL_ADDRESSES_PROVIDER, AaveV3MegaEth.UI_POOL_DATA_PROVIDER),
  aave('Aave Metis', AaveV3Metis.CHAIN_ID, AaveV3Metis.POOL_ADDRESSES_PROVIDER, AaveV3Metis.UI_POOL_DATA_PROVIDER),
  aave('Aave Monad', AaveV3Monad.CHAIN_ID, AaveV3Monad.POOL_ADDRESSES_PROVIDER, AaveV3Monad.UI_POOL_DATA_PROVIDER),
  aave('Aave Plasma', AaveV3Plasma.CHAIN_ID, AaveV3Plasma.POOL_ADDRESSES_PROVIDER, AaveV3Plasma.UI_POOL_DATA_PROVIDER),
  aave('Aave Soneium', AaveV3Soneium.CHAIN_ID, AaveV3Soneium.POOL_ADDRESSES_PROVIDER, AaveV3Soneium.UI_POOL_DATA_PROVIDER),
  aave('Aave X Layer', AaveV3XLayer.CHAIN_ID, AaveV3XLayer.POOL_ADDRESSES_PROVIDER, AaveV3XLayer.UI_POOL_DATA_PROVIDER),
  // zkSync Era: its Multicall3 is not at the canonical address; `readerChain` (lib/markets/chains.ts) says where.
  aave('Aave zkSync', AaveV3ZkSync.CHAIN_ID, AaveV3ZkSync.POOL_ADDRESSES_PROVIDER, AaveV3ZkSync.UI_POOL_DATA_PROVIDER),
  ...sparkMarkets,
];
