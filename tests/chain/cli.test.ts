/**
 * The CLI (DESIGN.md, contract 2) end to end: `npm run cli -- scan …` as a user runs it, against the real
 * Aave v3 contracts on the devnet. Expected values come from the Pool and the tokens, not from our code.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUnits, parseAbi, type Address } from 'viem';
import { aaveV3, compoundV3, devnetMarketsFile, morphoBlue } from '../../lib/devnet/index.ts';
import { freshAccount } from './helpers/aave-fixtures.ts';
import { useDevnet } from './helpers/devnet.ts';
import { startFaultyRpc } from '../e2e/helpers/faulty-rpc.ts';

const devnet = useDevnet({ isolate: false });
const root = new URL('../../', import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', 'cli', '--', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function writeJson(name: string, value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'lg-cli-'));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const erc20 = parseAbi(['function balanceOf(address) view returns (uint256)']);
const oracleAbi = parseAbi(['function getAssetPrice(address) view returns (uint256)']);

describe('npm run cli -- scan --json', () => {
  it('prints the contract JSON for accounts with debt, with collateral only, and without position', async () => {
    const d = devnet();
    const borrower = await freshAccount(d, 'cli-borrower');
    const saver = await freshAccount(d, 'cli-saver');
    const nobody = await freshAccount(d, 'cli-nobody');
    await aaveV3.openPosition(d, { account: borrower, supply: { WETH: aaveV3.toUnits('WETH', '10') }, borrow: { USDC: aaveV3.toUnits('USDC', '12000') } });
    await aaveV3.openPosition(d, { account: saver, supply: { WBTC: aaveV3.toUnits('WBTC', '0.5') } });
    const file = writeJson('markets.json', devnetMarketsFile(d));

    const { code, stdout, stderr } = await cli(['scan', '--markets', file, '--account', borrower, '--account', saver, '--account', nobody, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { positions: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['positions']);
    expect(out.positions).toHaveLength(2);
    const [b, s] = out.positions as any[];

    const block = BigInt(b.blockNumber);
    expect(b.blockTimestamp).toBe(Number((await d.client.getBlock({ blockNumber: block })).timestamp));
    expect(s.blockTimestamp).toBe(b.blockTimestamp);
    const pool = await aaveV3.getUserAccountData(d, { account: borrower });
    expect(b).toMatchObject({ protocol: 'aave-v3', chainId: 31337, market: 'Devnet Aave', account: borrower, quote: 'USD' });
    expect(Math.abs(b.healthFactor / (Number(pool.healthFactor) / 1e18) - 1)).toBeLessThan(1e-12);
    expect(b.collateralValue).toBeCloseTo(Number(pool.totalCollateralBase) / 1e8, 6);
    expect(b.debtValue).toBeCloseTo(Number(pool.totalDebtBase) / 1e8, 6);

    const weth = d.aave.reserves.WETH;
    const [c] = b.collateral;
    const aBalance = await d.client.readContract({ address: weth.aToken, abi: erc20, functionName: 'balanceOf', args: [borrower], blockNumber: block });
    const wethPrice = await d.client.readContract({ address: d.aave.addresses.oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [weth.address], blockNumber: block });
    expect(c).toMatchObject({ symbol: 'WETH', address: weth.address, liquidationThreshold: 0.825 });
    expect(c.amount).toBe(formatUnits(aBalance, 18).includes('.') ? formatUnits(aBalance, 18) : `${formatUnits(aBalance, 18)}.0`);
    expect(c.price).toBe(Number(wethPrice) / 1e8);
    // HF = 1 at the liquidation price: 10·p·0.825 = debt (the debt accrued a little since borrowing).
    expect(c.liquidationPrice).toBeCloseTo(b.debtValue / (Number(aBalance) / 1e18 * 0.825), 1);
    expect(c.distance).toBeCloseTo(1 - c.liquidationPrice / c.price, 9);
    const [debt] = b.debt;
    expect(debt).toMatchObject({ symbol: 'USDC', address: d.aave.reserves.USDC.address, price: 1 });
    expect(debt.liquidationPrice).toBeCloseTo(b.healthFactor, 3);
    expect(debt.distance).toBeCloseTo(debt.liquidationPrice - 1, 9);

    expect(s).toMatchObject({ account: saver, healthFactor: null, debtValue: 0, debt: [] });
    expect(s.collateral[0]).toMatchObject({ symbol: 'WBTC', amount: '0.5', liquidationPrice: null, distance: null });
  });

  it('exits 0 with an empty list when no account has a position', async () => {
    const d = devnet();
    const file = writeJson('markets.json', devnetMarketsFile(d));
    const nobody: Address = await freshAccount(d, 'cli-empty');
    const { code, stdout } = await cli(['scan', '--markets', file, '--account', nobody, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ positions: [] });
  });
});

describe('npm run cli -- scan across protocols', () => {
  it('reads every protocol of the markets file, and --protocol filters', async () => {
    const d = devnet();
    const account = await freshAccount(d, 'cli-all-protocols');
    await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '3') }, borrow: { USDC: aaveV3.toUnits('USDC', '2000') } });
    await morphoBlue.openPosition(d, { account, market: d.morpho.markets['WETH/USDC'], collateral: aaveV3.toUnits('WETH', '1'), borrow: 900n * 10n ** 6n });
    await compoundV3.openPosition(d.compound, { account, collateral: { WBTC: 10n ** 7n }, borrow: 1_500n * 10n ** 6n });
    const file = writeJson('markets.json', devnetMarketsFile(d));

    const all = await cli(['scan', '--markets', file, '--account', account, '--json']);
    expect(all.code).toBe(0);
    const positions = (JSON.parse(all.stdout) as { positions: any[] }).positions;
    expect(positions.map((p) => p.protocol).sort()).toEqual(['aave-v3', 'compound-v3', 'morpho-blue']);
    const morpho = positions.find((p) => p.protocol === 'morpho-blue');
    expect(morpho).toMatchObject({ quote: 'USDC', market: 'Devnet Morpho', collateral: [{ symbol: 'WETH', amount: '1.0' }] });
    // Morpho: HF = collateral · price · LLTV / debt, the debt in USDC (2000 · 0.86 / 900 before interest).
    expect(morpho.healthFactor).toBeLessThanOrEqual((2000 * 0.86) / 900);
    expect(morpho.healthFactor).toBeGreaterThan((2000 * 0.86) / 900 * 0.999);

    const only = await cli(['scan', '--markets', file, '--account', account, '--protocol', 'compound-v3', '--json']);
    expect(only.code).toBe(0);
    expect((JSON.parse(only.stdout) as { positions: any[] }).positions.map((p) => p.protocol)).toEqual(['compound-v3']);
  });
});

describe('bad input', () => {
  const someone = '0x8ba1f109551bD432803012645Ac136ddd64DBA72';

  it.each([
    ['a malformed address', ['scan', '--chain', 'base', '--account', '0x1234'], /not an address/],
    ['a bad checksum', ['scan', '--chain', 'base', '--account', '0x8Ba1f109551bD432803012645Ac136ddd64DBA72'], /checksum/],
    ['no account', ['scan', '--chain', 'base'], /--account/],
    ['an unknown option', ['scan', '--acount', someone], /Unknown option/i],
    ['an unknown chain', ['scan', '--chain', 'atlantis', '--account', someone], /Unknown chain "atlantis"/],
    ['an unknown protocol', ['scan', '--chain', 'base', '--protocol', 'euler', '--account', someone], /Unknown protocol "euler"/],
  ])('%s exits 2 with one line on stderr', async (_name, args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('an unknown key in the markets file exits 2 naming the key', async () => {
    const d = devnet();
    const file = devnetMarketsFile(d) as any;
    file.markets[0].poolAdressesProvider = file.markets[0].poolAddressesProvider;
    const { code, stderr } = await cli(['scan', '--markets', writeJson('m.json', file), '--account', someone, '--json']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/unknown key "poolAdressesProvider"/);
  });

  it('an unreachable RPC exits 1 with one clear line', async () => {
    const d = devnet();
    const file = devnetMarketsFile(d, { rpcUrls: ['http://127.0.0.1:9'] });
    const { code, stdout, stderr } = await cli(['scan', '--markets', writeJson('m.json', file), '--account', someone, '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ positions: [] });
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Could not read Devnet \(chain 31337\): The RPC did not answer/);
  });
});

describe('RPC trouble, each told apart (issue 11, items 1 and 8)', () => {
  const someone = '0x8ba1f109551bD432803012645Ac136ddd64DBA72';

  it('a chain whose latest block is older than --max-block-age is an error for that chain (exit 1)', async () => {
    const d = devnet();
    const proxy = await startFaultyRpc(d.rpcUrl);
    try {
      const account = await freshAccount(d, 'cli-lagging');
      await aaveV3.openPosition(d, { account, supply: { WETH: aaveV3.toUnits('WETH', '1') }, borrow: { USDC: aaveV3.toUnits('USDC', '500') } });
      proxy.mode = 'lagging';
      proxy.pinnedBlock = await d.client.getBlockNumber();
      const file = writeJson('m.json', devnetMarketsFile(d, { rpcUrls: [proxy.url] }));
      const fresh = await cli(['scan', '--markets', file, '--account', account, '--json']);
      expect(fresh.code).toBe(0);
      expect((JSON.parse(fresh.stdout) as { positions: any[] }).positions).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 2_100)); // the pinned block is now at least 2 s old
      const stale = await cli(['scan', '--markets', file, '--account', account, '--json', '--max-block-age', '1']);
      expect(stale.code).toBe(1);
      expect(JSON.parse(stale.stdout)).toEqual({ positions: [] });
      expect(stale.stderr.trim().split('\n')).toHaveLength(1);
      expect(stale.stderr).toMatch(/^Could not read Devnet \(chain 31337\): The RPC's latest block \(\d+\) is \d+ s old \(limit 1 s\)/);
      expect(proxy.hits.lagging).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ['429', /rate limiting requests \(HTTP 429\)/],
    ['500', /failed with HTTP 500/],
    ['garbage', /not JSON-RPC/],
  ] as const)('HTTP %s has its own message', async (mode, message) => {
    const d = devnet();
    const proxy = await startFaultyRpc(d.rpcUrl);
    try {
      proxy.mode = mode;
      const file = writeJson('m.json', devnetMarketsFile(d, { rpcUrls: [proxy.url] }));
      const { code, stderr } = await cli(['scan', '--markets', file, '--account', someone, '--json']);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
    } finally {
      await proxy.close();
    }
  });

  it('--max-block-age takes whole seconds', async () => {
    const { code, stderr } = await cli(['scan', '--chain', 'base', '--account', someone, '--max-block-age', 'soon']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--max-block-age must be a whole number of seconds/);
  });
});

describe('markets file limits (issue 11, item 8)', () => {
  const someone = '0x8ba1f109551bD432803012645Ac136ddd64DBA72';

  it('a file over 1 MB is refused before it is read', async () => {
    const d = devnet();
    const file = devnetMarketsFile(d) as any;
    file.chains[0].name = 'Devnet';
    const path = writeJson('big.json', { ...file, padding: 'x'.repeat(1024 * 1024) });
    const { code, stderr } = await cli(['scan', '--markets', path, '--account', someone]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/larger than 1 MB/);
  });

  it('a file with no markets is an error (without --chain)', async () => {
    const path = writeJson('empty.json', { chains: [{ chainId: 31337, name: 'Devnet', rpcUrls: ['http://127.0.0.1:8545'] }], markets: [] });
    const { code, stderr } = await cli(['scan', '--markets', path, '--account', someone]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/lists no markets/);
  });

  it.each([
    ['credentials', 'https://user:secret@rpc.example.com', /credentials in the URL/],
    ['plain http to a public host', 'http://rpc.example.com', /plain http: is only for this machine or the local network/],
  ])('an RPC URL with %s is refused', async (_name, url, message) => {
    const path = writeJson('bad-url.json', { chains: [{ chainId: 31337, name: 'Devnet', rpcUrls: [url] }], markets: [] });
    const { code, stderr } = await cli(['scan', '--markets', path, '--account', someone]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
