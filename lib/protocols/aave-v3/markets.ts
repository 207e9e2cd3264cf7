import * as AaveV3Arbitrum from '@aave-dao/aave-address-book/AaveV3Arbitrum';
import * as AaveV3Avalanche from '@aave-dao/aave-address-book/AaveV3Avalanche';
import * as AaveV3BNB from '@aave-dao/aave-address-book/AaveV3BNB';
import * as AaveV3Base from '@aave-dao/aave-address-book/AaveV3Base';
import * as AaveV3Celo from '@aave-dao/aave-address-book/AaveV3Celo';
import * as AaveV3Ethereum from '@aave-dao/aave-address-book/AaveV3Ethereum';
import * as AaveV3EthereumEtherFi from '@aave-dao/aave-address-book/AaveV3EthereumEtherFi';
import * as AaveV3EthereumLido from '@aave-dao/aave-address-book/AaveV3EthereumLido';
import * as AaveV3Gnosis from '@aave-dao/aave-address-book/AaveV3Gnosis';
import * as AaveV3Linea from '@aave-dao/aave-address-book/AaveV3Linea';
import * as AaveV3Optimism from '@aave-dao/aave-address-book/AaveV3Optimism';
import * as AaveV3Polygon from '@aave-dao/aave-address-book/AaveV3Polygon';
import * as AaveV3Scroll from '@aave-dao/aave-address-book/AaveV3Scroll';
import * as AaveV3Sonic from '@aave-dao/aave-address-book/AaveV3Sonic';
import type { Address } from 'viem';
import type { AaveV3MarketConfig } from './config.ts';

/**
 * Built-in Aave v3 markets, from `@aave-dao/aave-address-book` — the address book Aave's DAO maintains
 * (the `@bgd-labs/aave-address-book` name is its older home and lags behind). Chain ids come from the
 * same package so a market and its chain cannot drift apart.
 */
interface AddressBookMarket {
  CHAIN_ID: number;
  POOL_ADDRESSES_PROVIDER: string;
  UI_POOL_DATA_PROVIDER: string;
}

const aave = (name: string, book: AddressBookMarket): AaveV3MarketConfig => ({
  protocol: 'aave-v3',
  chainId: book.CHAIN_ID,
  name,
  poolAddressesProvider: book.POOL_ADDRESSES_PROVIDER as Address,
  uiPoolDataProvider: book.UI_POOL_DATA_PROVIDER as Address,
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
  aave('Aave Ethereum Core', AaveV3Ethereum),
  aave('Aave Ethereum Prime', AaveV3EthereumLido),
  aave('Aave Ethereum EtherFi', AaveV3EthereumEtherFi),
  aave('Aave Arbitrum', AaveV3Arbitrum),
  aave('Aave Optimism', AaveV3Optimism),
  aave('Aave Base', AaveV3Base),
  aave('Aave Polygon', AaveV3Polygon),
  aave('Aave Avalanche', AaveV3Avalanche),
  aave('Aave BNB Chain', AaveV3BNB),
  aave('Aave Gnosis', AaveV3Gnosis),
  aave('Aave Scroll', AaveV3Scroll),
  aave('Aave Linea', AaveV3Linea),
  aave('Aave Sonic', AaveV3Sonic),
  aave('Aave Celo', AaveV3Celo),
  ...sparkMarkets,
];
