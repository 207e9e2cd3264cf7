import * as AaveV4Arc from '@aave-dao/aave-address-book/AaveV4Arc';
import * as AaveV4Avalanche from '@aave-dao/aave-address-book/AaveV4Avalanche';
import * as AaveV4Ethereum from '@aave-dao/aave-address-book/AaveV4Ethereum';
import type { Address } from 'viem';
import type { AaveV4MarketConfig } from './config.ts';

/**
 * Built-in v4 Spokes from `@aave-dao/aave-address-book` (AaveV4Ethereum, AaveV4Avalanche, AaveV4Arc): every
 * `SPOKES` entry except the treasury spoke and the oracles listed beside them. Names follow the address
 * book's keys as Aave names its Spokes ("MAIN_SPOKE" → "Aave v4 Ethereum Main").
 */
interface AddressBookV4 {
  CHAIN_ID: number;
  SPOKES: Record<string, string>;
}

function spokesOf(network: string, book: AddressBookV4): AaveV4MarketConfig[] {
  return Object.entries(book.SPOKES)
    .filter(([key]) => !key.endsWith('_ORACLE') && key !== 'TREASURY_SPOKE')
    .map(([key, spoke]) => ({
      protocol: 'aave-v4',
      chainId: book.CHAIN_ID,
      name: `Aave v4 ${network} ${spokeName(key)}`,
      spoke: spoke as Address,
    }));
}

/** "ETHENA_CORRELATED_SPOKE" → "Ethena Correlated", "LIDO_ESPOKE" → "Lido eSpoke". */
function spokeName(key: string): string {
  const eSpoke = key.endsWith('_ESPOKE');
  const words = key.replace(/_E?SPOKE$/, '').split('_');
  const name = words.map((w) => (w.length <= 4 && /^(BTC|USDG|PAXG|AVAX)$/.test(w) ? w : w[0] + w.slice(1).toLowerCase())).join(' ');
  return eSpoke ? `${name} eSpoke` : name;
}

export const builtinAaveV4Markets: AaveV4MarketConfig[] = [
  ...spokesOf('Ethereum', AaveV4Ethereum as unknown as AddressBookV4),
  ...spokesOf('Avalanche', AaveV4Avalanche as unknown as AddressBookV4),
  ...spokesOf('Arc', AaveV4Arc as unknown as AddressBookV4),
];
