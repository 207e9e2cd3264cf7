import { describe, expect, it } from 'vitest';
import { builtinChains, builtinMarkets, findChain, mergeMarkets, parseMarketsFile, parseMarketsFileText } from '../../../../lib/markets/index.ts';

const good = {
  chains: [{ chainId: 31337, name: 'Devnet', rpcUrls: ['http://127.0.0.1:8545'] }],
  markets: [
    {
      protocol: 'aave-v3',
      chainId: 31337,
      name: 'Devnet Aave',
      poolAddressesProvider: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      uiPoolDataProvider: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
    },
    { protocol: 'morpho-blue', chainId: 31337, name: 'Devnet Morpho', morpho: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0', marketIds: [`0x${'ab'.repeat(32)}`] },
    { protocol: 'compound-v3', chainId: 31337, name: 'Devnet cUSDCv3', comet: '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9' },
  ],
};

describe('markets file (contract 1)', () => {
  it('accepts the documented shape and checksums addresses', () => {
    const file = parseMarketsFile(good);
    expect(file.chains[0]!.rpcUrls).toEqual(['http://127.0.0.1:8545']);
    expect(file.markets).toHaveLength(3);
    const aave = file.markets[0]!;
    expect(aave.protocol === 'aave-v3' && aave.poolAddressesProvider).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3');
  });

  it.each([
    [{ ...good, extra: 1 }, /unknown key "extra" in the markets file/],
    [{ ...good, chains: [{ ...good.chains[0], rpc: 'x' }] }, /unknown key "rpc" in chains\[0\]/],
    [{ ...good, markets: [{ ...good.markets[0], poolAddressProvider: '0x' }] }, /unknown key "poolAddressProvider" in markets\[0\]/],
    [{ ...good, markets: [{ ...good.markets[2], comet: '0x123' }] }, /markets\[0\]\.comet: "0x123" is not a valid address/],
    [{ ...good, markets: [{ ...good.markets[2], comet: '0xcf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9' }] }, /not a valid address/],
    [{ ...good, markets: [{ ...good.markets[2], protocol: 'euler' }] }, /unknown protocol "euler"/],
    [{ ...good, markets: [{ ...good.markets[2], chainId: 999 }] }, /chain 999 is neither in "chains" nor a built-in chain/],
    [{ ...good, chains: [{ ...good.chains[0], rpcUrls: ['file:///etc/passwd'] }] }, /only http\(s\) RPC URLs/],
    [{ ...good, chains: [{ ...good.chains[0], rpcUrls: [] }] }, /at least one RPC URL/],
    [{ ...good, markets: [{ ...good.markets[1], marketIds: ['0x12'] }] }, /marketIds\[0\]/],
    [[], /must be an object/],
  ])('rejects %# with a clear message', (input, message) => {
    expect(() => parseMarketsFile(input)).toThrow(message);
  });

  it('reports JSON syntax errors in one line', () => {
    expect(() => parseMarketsFileText('{ "chains": [ }')).toThrow(/not valid JSON/);
  });

  it('allows markets on built-in chains without listing the chain', () => {
    const file = parseMarketsFile({ markets: [{ ...good.markets[2], chainId: 8453 }] }, builtinChains);
    expect(file.markets[0]!.chainId).toBe(8453);
  });

  it('refuses the same market (protocol, chain, name) twice, naming both entries', () => {
    const [aave, morpho] = good.markets;
    const twice = { ...good, markets: [aave, morpho, { ...aave, poolAddressesProvider: '0x0000000000000000000000000000000000000001' }] };
    expect(() => parseMarketsFile(twice)).toThrow('Invalid markets file: markets[0] and markets[2] are both the aave-v3 market "Devnet Aave" on chain 31337; give each market its own name.');
    expect(() => parseMarketsFileText(JSON.stringify(twice))).toThrow(/markets\[0\] and markets\[2\]/);
    // The same name under another protocol, or on another chain, is another market.
    const shared = parseMarketsFile({ ...good, markets: [aave, { ...morpho, name: 'Devnet Aave' }, { ...aave, chainId: 8453 }] }, builtinChains);
    expect(shared.markets.map((m) => [m.protocol, m.chainId, m.name])).toEqual([
      ['aave-v3', 31337, 'Devnet Aave'],
      ['morpho-blue', 31337, 'Devnet Aave'],
      ['aave-v3', 8453, 'Devnet Aave'],
    ]);
    // An import stored before this rule still reads (nothing the user set is lost); as before, the later entry is the one read.
    const stored = parseMarketsFile(twice, [], { stored: true });
    expect(stored.markets).toHaveLength(3);
    expect(mergeMarkets(stored, { chains: [], markets: [] }).markets.map((m) => 'poolAddressesProvider' in m && m.poolAddressesProvider)).toEqual([
      '0x0000000000000000000000000000000000000001',
      false,
    ]);
  });

  it('a file market with a built-in market\'s protocol, chain and name replaces it; another protocol\'s does not', () => {
    const builtin = builtinMarkets.find((m) => m.protocol === 'aave-v3')!;
    const comet = good.markets[2]!;
    const file = parseMarketsFile(
      {
        markets: [
          { ...good.markets[0], chainId: builtin.chainId, name: builtin.name },
          { ...comet, chainId: builtin.chainId, name: builtin.name },
        ],
      },
      builtinChains,
    );
    const same = mergeMarkets(file).markets.filter((m) => m.chainId === builtin.chainId && m.name === builtin.name);
    expect(same.map((m) => m.protocol).sort()).toEqual(['aave-v3', 'compound-v3']);
    expect(same.find((m) => m.protocol === 'aave-v3')).toEqual(file.markets[0]);
  });

  it('merges over the built-in list (file chain replaces the RPCs of a built-in id)', () => {
    const fork = parseMarketsFile({ chains: [{ chainId: 1, name: 'Fork', rpcUrls: ['http://127.0.0.1:9545'] }] });
    const merged = mergeMarkets(fork);
    expect(merged.chains.find((c) => c.chainId === 1)!.rpcUrls).toEqual(['http://127.0.0.1:9545']);
    expect(merged.markets.length).toBe(builtinMarkets.length);
  });
});

describe('built-in markets', () => {
  it('every built-in market sits on a built-in chain with an RPC', () => {
    for (const m of builtinMarkets) {
      const chain = builtinChains.find((c) => c.chainId === m.chainId);
      expect(chain, `${m.name} on chain ${m.chainId}`).toBeDefined();
      expect(chain!.rpcUrls.length).toBeGreaterThan(0);
    }
  });
  it('finds chains by name, alias and id', () => {
    expect(findChain(builtinChains, 'base')!.chainId).toBe(8453);
    expect(findChain(builtinChains, 'Ethereum')!.chainId).toBe(1);
    expect(findChain(builtinChains, '42161')!.name).toBe('Arbitrum');
    expect(findChain(builtinChains, 'nope')).toBeUndefined();
  });
});

describe('the Aave v4 entry of contract 1', () => {
  const v4 = { protocol: 'aave-v4', chainId: 31337, name: 'Devnet Aave v4 Main', spoke: '0x94e7a5dcbe816e498b89ab752661904e2f56c485' };
  it('is { protocol, chainId, name, spoke }, the Spoke checksummed', () => {
    const file = parseMarketsFile({ chains: good.chains, markets: [v4] });
    expect(file.markets).toEqual([{ ...v4, spoke: '0x94e7A5dCbE816e498b89aB752661904E2F56c485' }]);
  });
  it.each([
    [{ ...v4, hub: '0x94e7a5dcbe816e498b89ab752661904e2f56c485' }, /unknown key "hub" in markets\[0\]/],
    [{ ...v4, spoke: undefined }, /markets\[0\]\.spoke: undefined is not a valid address/],
    [{ ...v4, spoke: '0x1234' }, /markets\[0\]\.spoke: "0x1234" is not a valid address/],
  ])('rejects %# naming the key', (market, message) => {
    expect(() => parseMarketsFile({ chains: good.chains, markets: [market] })).toThrow(message);
  });
  it('built-in Spokes come from the address book on Ethereum, Avalanche and Arc', () => {
    const spokes = builtinMarkets.filter((m) => m.protocol === 'aave-v4');
    expect(new Set(spokes.map((m) => m.chainId))).toEqual(new Set([1, 43114, 5042]));
    expect(spokes.find((m) => m.name === 'Aave v4 Ethereum Main')).toMatchObject({ spoke: '0x94e7A5dCbE816e498b89aB752661904E2F56c485' });
    // The treasury spoke holds no borrower positions; oracles are not spokes.
    expect(spokes.some((m) => /treasury|oracle/i.test(m.name))).toBe(false);
  });
});
