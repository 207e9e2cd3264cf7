import * as book from '@aave-dao/aave-address-book';
import { getAddress, type Chain } from 'viem';
import * as viemChains from 'viem/chains';
import { describe, expect, it } from 'vitest';
import { builtinChains, findChain, readerChain } from '../../../../lib/markets/chains.ts';
import { protocols } from '../../../../lib/protocols/registry.ts';
import { MULTICALL3_ADDRESS } from '../../../../lib/protocols/shared/multicall.ts';

/**
 * Every mainnet Aave v3 market in `@aave-dao/aave-address-book` is read. This walks the whole package (the
 * runtime list imports one module per market, to keep the rest of the package out of the bundle), so a new
 * market in a package update fails here until it is added to lib/protocols/aave-v3/markets.ts — or named
 * below with the reason it is left out.
 */
const LEFT_OUT: Record<string, string> = {
  AaveV3Sepolia: 'testnet',
  AaveV3ArbitrumSepolia: 'testnet',
  AaveV3BaseSepolia: 'testnet',
  AaveV3BaseSepoliaLido: 'testnet',
  AaveV3OptimismSepolia: 'testnet',
  AaveV3InkSepolia: 'testnet',
  AaveV3Fuji: 'testnet',
};

interface BookMarket {
  CHAIN_ID: number;
  POOL_ADDRESSES_PROVIDER: string;
}
const isMarket = (v: unknown): v is BookMarket =>
  typeof v === 'object' && v !== null && 'POOL_ADDRESSES_PROVIDER' in v && 'CHAIN_ID' in v;

const bookMarkets = Object.entries(book as Record<string, unknown>).filter((e): e is [string, BookMarket] => e[0].startsWith('AaveV3') && isMarket(e[1]));
const chainById = new Map<number, Chain>(
  Object.values(viemChains as Record<string, unknown>)
    .filter((c): c is Chain => typeof c === 'object' && c !== null && 'id' in c)
    .map((c) => [c.id, c]),
);
const aaveMarkets = protocols['aave-v3'].builtinMarkets;

describe('built-in Aave v3 markets against @aave-dao/aave-address-book', () => {
  it('the package still lists the markets this test knows about (the walk found them)', () => {
    // 4.68.1: 31 markets, 24 of them on mainnets (the package's index no longer exports the frozen Harmony one).
    expect(bookMarkets.length).toBeGreaterThanOrEqual(31);
    for (const name of Object.keys(LEFT_OUT)) expect(bookMarkets.map(([n]) => n), name).toContain(name);
  });

  it('reads every mainnet market the package lists, on its chain and with its PoolAddressesProvider', () => {
    const missing: string[] = [];
    for (const [name, m] of bookMarkets) {
      if (LEFT_OUT[name]) continue;
      const ours = aaveMarkets.find(
        (x) => x.chainId === m.CHAIN_ID && getAddress(x.poolAddressesProvider) === getAddress(m.POOL_ADDRESSES_PROVIDER),
      );
      if (!ours) missing.push(`${name} (chain ${m.CHAIN_ID})`);
    }
    expect(missing).toEqual([]);
  });

  it('leaves out only testnets (as viem marks them) and the markets named with a reason', () => {
    for (const [name, m] of bookMarkets) {
      const reason = LEFT_OUT[name];
      if (reason !== 'testnet') continue;
      expect(chainById.get(m.CHAIN_ID)?.testnet, `${name} on chain ${m.CHAIN_ID}`).toBe(true);
    }
    for (const [name, m] of bookMarkets) {
      if (LEFT_OUT[name]) continue;
      expect(chainById.get(m.CHAIN_ID)?.testnet ?? false, `${name} is not on a testnet`).toBe(false);
    }
  });

  it('every built-in market has its chain with public RPC URLs', () => {
    for (const m of Object.values(protocols).flatMap((p): readonly { chainId: number; name: string }[] => p.builtinMarkets)) {
      const chain = builtinChains.find((c) => c.chainId === m.chainId);
      expect(chain, m.name).toBeDefined();
      expect(chain!.rpcUrls.length, m.name).toBeGreaterThan(0);
      for (const url of chain!.rpcUrls) expect(url, m.name).toMatch(/^https:\/\//);
    }
  });

  it('the CLI finds every built-in chain by its name, and the new ones by their short names too', () => {
    for (const chain of builtinChains) expect(findChain(builtinChains, chain.name)?.chainId).toBe(chain.chainId);
    const short = { zksync: 324, era: 324, xlayer: 196, metis: 1088, monad: 143, plasma: 9745, soneium: 1868, ink: 57073, megaeth: 4326 };
    for (const [alias, id] of Object.entries(short)) expect(findChain(builtinChains, alias)?.chainId, alias).toBe(id);
  });

  it('knows where Multicall3 lives on every built-in chain: canonical, or said by readerChain (zkSync)', () => {
    for (const chain of builtinChains) {
      const viemAddress = chainById.get(chain.chainId)?.contracts?.multicall3?.address;
      expect(viemAddress, chain.name).toBeDefined();
      const ours = readerChain(chain.chainId)?.contracts?.multicall3?.address ?? MULTICALL3_ADDRESS;
      expect(getAddress(ours), chain.name).toBe(getAddress(viemAddress!));
    }
    expect(readerChain(324)?.contracts?.multicall3?.address).not.toBe(MULTICALL3_ADDRESS);
  });
});
