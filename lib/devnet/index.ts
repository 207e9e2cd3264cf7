/**
 * `startDevnet()`: anvil with Multicall3 and every protocol's devnet market, ready in ~0.1 s from a cached
 * state; and the devnet's public surface.
 *
 * Layout: one folder per protocol (named as in lib/protocols), each with `deploy.ts` (what `startDevnet`
 * puts on the chain: configuration, compiling, deploying) and `actions.ts` (what a test, the demo or a
 * benchmark does to it afterwards). The actions of every protocol use the same verbs without a protocol
 * prefix (`supply`, `borrow`, `repay`, `liquidate`, `setPrice`, `openPosition`…) with object params, and are
 * exported here as one namespace per protocol: `aaveV3.supply(devnet, …)`, `morphoBlue.supply(devnet, …)`.
 * Shared: `write.ts` (the one way actions send), `tokens.ts` (mint and approve), `chain-actions.ts` (time,
 * snapshots), `chain.ts`, `anvil.ts`, `deployer.ts`, `solc.ts`, `artifacts.ts`.
 *
 * The first start deploys everything (a few hundred ms) and saves anvil's state to `.cache/devnet/`, keyed by
 * a hash of the devnet sources and the versions of the artifacts and anvil. Later starts boot anvil with
 * `--load-state`. Any doubt about the cache (missing, unreadable, anvil refusing it, contracts not where the
 * metadata says) falls back to a fresh deployment, which rewrites the cache.
 */
import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addressesProviderAbi } from './aave-v3/abis.ts';
import { deployAaveV3, type AaveDevnet } from './aave-v3/deploy.ts';
import { deployAaveV36, type Aave36Devnet } from './aave-v3/deploy-36.ts';
import { aaveOriginVersions } from './aave-v3/origin.ts';
import { deployAaveV4StandIn, type AaveV4Devnet } from './aave-v4/deploy.ts';
import { startAnvil, type Anvil } from './anvil.ts';
import { packageVersion } from './artifacts.ts';
import { createDevnetClient, MULTICALL3_ADDRESS, type DevnetClient } from './chain.ts';
import { deployCometStandIn, type CometDevnet } from './compound-v3/deploy.ts';
import { aaveTokensForMorpho, deployMorphoBlue, type MorphoDevnet } from './morpho-blue/deploy.ts';
import { deployMulticall3 } from './multicall3.ts';
import { cacheDir } from './paths.ts';

export interface StartDevnetOptions {
  /** Fixed anvil port (default: a free one). */
  port?: number;
  /** Use and refresh the state cache (default true). `false` always deploys and leaves the cache alone. */
  cache?: boolean;
  /** Where the state cache lives (default `.cache/devnet` at the project root). */
  cacheDir?: string;
}

export interface Devnet {
  rpcUrl: string;
  anvil: Anvil;
  aave: AaveDevnet;
  /** A real Aave 3.6 market (aave-v3-origin 3.6.0 compiled from npm) on the same tokens and feeds. */
  aave36: Aave36Devnet;
  /** Morpho Blue compiled from its npm sources, with four markets on the Aave devnet's tokens. */
  morpho: MorphoDevnet;
  /** Our Comet stand-in (see lib/devnet/contracts/compound): USDC base, WETH/WBTC/GHOST collateral. */
  compound: CometDevnet;
  /** Our Aave v4 stand-in (see lib/devnet/contracts/aave-v4): one Hub, two Spokes. */
  aaveV4: AaveV4Devnet;
  /** A viem client (test + public + wallet actions) on this devnet. */
  client: DevnetClient;
  /** Whether the market came from the state cache rather than a fresh deployment. */
  fromCache: boolean;
  /** Wall time of startDevnet: anvil boot plus deployment or state load, in ms. */
  startMs: number;
  stop(): Promise<void>;
}

/** Bump when the cache layout changes in a way the source hash would not catch. */
const CACHE_FORMAT = 3;

export async function startDevnet(opts: StartDevnetOptions = {}): Promise<Devnet> {
  const started = performance.now();
  const useCache = opts.cache ?? true;
  const files = useCache ? cacheFiles(opts.cacheDir ?? cacheDir('devnet')) : undefined;

  if (files) {
    const cached = await startFromCache(files, opts.port);
    if (cached) return devnet(cached.anvil, cached.protocols, true, started);
  }

  const anvil = await startAnvil(opts.port === undefined ? {} : { port: opts.port });
  try {
    const client = createDevnetClient(anvil.rpcUrl);
    await deployMulticall3(client);
    const aave = await deployAaveV3(anvil.rpcUrl);
    const morpho = await deployMorphoBlue(anvil.rpcUrl, { tokens: aaveTokensForMorpho(aave) });
    const compound = await deployCometStandIn(aave);
    // Last, so the other deployments' addresses do not depend on them.
    const aaveV4 = await deployAaveV4StandIn(aave);
    const aave36 = await deployAaveV36(aave);
    const protocols = { aave, aave36, morpho, compound, aaveV4 };
    if (files) await writeCache(files, client, protocols);
    return devnet(anvil, protocols, false, started);
  } catch (error) {
    await anvil.stop();
    throw error;
  }
}

interface Protocols {
  aave: AaveDevnet;
  aave36: Aave36Devnet;
  morpho: MorphoDevnet;
  compound: CometDevnet;
  aaveV4: AaveV4Devnet;
}

function devnet(anvil: Anvil, protocols: Protocols, fromCache: boolean, started: number): Devnet {
  return {
    rpcUrl: anvil.rpcUrl,
    anvil,
    ...protocols,
    client: createDevnetClient(anvil.rpcUrl),
    fromCache,
    startMs: Math.round(performance.now() - started),
    stop: () => anvil.stop(),
  };
}

// ---- state cache ------------------------------------------------------------------------------------------

interface CacheFiles {
  dir: string;
  key: string;
  state: string;
  meta: string;
}

/** The key: everything that shapes the deployed state. Sources are hashed whole: a stale cache costs more than a redeploy. */
function cacheFiles(dir: string): CacheFiles {
  const hash = createHash('sha256').update(`format ${CACHE_FORMAT}\n`);
  for (const pkg of ['@aave/core-v3', '@aave/periphery-v3', '@foundry-rs/anvil', 'solc-0819', 'viem']) {
    hash.update(`${pkg}@${packageVersion(pkg)}\n`);
  }
  for (const v of aaveOriginVersions()) hash.update(`${v}\n`);
  const root = fileURLToPath(new URL('.', import.meta.url));
  for (const file of listFiles(root).sort()) {
    hash.update(`${file.slice(root.length)}\n`).update(readFileSync(file));
  }
  const key = hash.digest('hex').slice(0, 16);
  mkdirSync(dir, { recursive: true });
  return { dir, key, state: join(dir, `aave-v3-${key}.state.json`), meta: join(dir, `aave-v3-${key}.meta.json`) };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFiles(path);
    return /\.(ts|sol)$/.test(name) ? [path] : [];
  });
}

/** What the cache keeps besides anvil's state: every deployment's addresses, without their rpcUrl. */
type CachedMeta = { [K in keyof Protocols]: Omit<Protocols[K], 'rpcUrl'> };

async function startFromCache(files: CacheFiles, port: number | undefined): Promise<{ anvil: Anvil; protocols: Protocols } | undefined> {
  if (!existsSync(files.meta) || !existsSync(files.state)) return undefined;
  let anvil: Anvil | undefined;
  try {
    const meta = JSON.parse(readFileSync(files.meta, 'utf8'), (_, v: unknown) =>
      typeof v === 'string' && /^\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
    ) as CachedMeta;
    anvil = await startAnvil({ loadState: files.state, ...(port === undefined ? {} : { port }) });
    const client = createDevnetClient(anvil.rpcUrl);
    const [pool, pool36, multicallCode, morphoCode, cometCode, spokeCode] = await Promise.all([
      client.readContract({ address: meta.aave.addresses.poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPool' }),
      client.readContract({ address: meta.aave36.addresses.poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPool' }),
      client.getCode({ address: MULTICALL3_ADDRESS }),
      client.getCode({ address: meta.morpho.addresses.morpho }),
      client.getCode({ address: meta.compound.comet }),
      client.getCode({ address: meta.aaveV4.spokes.main.spoke }),
    ]);
    if (pool !== meta.aave.addresses.pool || pool36 !== meta.aave36.addresses.pool || !multicallCode || !morphoCode || !cometCode || !spokeCode) {
      throw new Error('cached state does not match its metadata');
    }
    // The cached head carries the time the cache was written; readers refuse a chain whose latest block
    // is minutes old (lib/scan/freshness.ts), so start from a block mined now, as a live chain would.
    await client.mine({ blocks: 1 });
    const rpcUrl = anvil.rpcUrl;
    return {
      anvil,
      protocols: {
        aave: { ...meta.aave, rpcUrl },
        aave36: { ...meta.aave36, rpcUrl },
        morpho: { ...meta.morpho, rpcUrl },
        compound: { ...meta.compound, rpcUrl },
        aaveV4: { ...meta.aaveV4, rpcUrl },
      },
    };
  } catch {
    await anvil?.stop();
    return undefined;
  }
}

/**
 * anvil_dumpState answers gzipped JSON; `--load-state` reads the plain JSON. Files are written under a
 * temporary name and renamed (state first, metadata last), so parallel test workers never see half a cache.
 * Entries under other keys are removed: they belong to older sources and would never be read again.
 */
async function writeCache(files: CacheFiles, client: DevnetClient, protocols: Protocols): Promise<void> {
  const dump = await client.dumpState();
  const state = gunzipSync(Buffer.from(dump.slice(2), 'hex'));
  const strip = <T extends { rpcUrl: string }>({ rpcUrl: _, ...rest }: T) => rest;
  const meta: CachedMeta = {
    aave: strip(protocols.aave),
    aave36: strip(protocols.aave36),
    morpho: strip(protocols.morpho),
    compound: strip(protocols.compound),
    aaveV4: strip(protocols.aaveV4),
  };
  const metaJson = JSON.stringify(meta, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 2);
  const tmp = `.${process.pid}-${randomUUID()}.tmp`;
  writeFileSync(files.state + tmp, state);
  renameSync(files.state + tmp, files.state);
  writeFileSync(files.meta + tmp, metaJson);
  renameSync(files.meta + tmp, files.meta);
  for (const name of readdirSync(files.dir)) {
    if (name.startsWith('aave-v3-') && !name.startsWith(`aave-v3-${files.key}.`) && !name.endsWith('.tmp')) {
      rmSync(join(files.dir, name), { force: true });
    }
  }
}

// ---- public surface ----------------------------------------------------------------------------------------

// What each protocol's devnet holds (types, configuration, ABIs, deploy functions), by name.
export { deployAaveV3, type AaveDevnet, type AaveV3DevnetLike, type DevnetReserve, type ReserveSymbol } from './aave-v3/deploy.ts';
export { deployAaveV36, ETH_EMODE, LST, type Aave36Devnet } from './aave-v3/deploy-36.ts';
export { RESERVES, RESERVE_SYMBOLS, STABLECOINS_EMODE, type ReserveSpec } from './aave-v3/config.ts';
export * from './morpho-blue/deploy.ts';
export * from './compound-v3/deploy.ts';
export * from './aave-v4/deploy.ts';

// What tests, the demo and benchmarks do to each protocol: the same verbs, one namespace per protocol.
export * as aaveV3 from './aave-v3/actions.ts';
export * as morphoBlue from './morpho-blue/actions.ts';
export * as compoundV3 from './compound-v3/actions.ts';
export * as aaveV4 from './aave-v4/actions.ts';

// Shared by every protocol.
export { advanceTime, pinNextTimestamp, revertTo, snapshot, type OnDevnet } from './chain-actions.ts';
export { DevnetActionError, refusal, revertReason, write, type WriteCall } from './write.ts';
export { mintableErc20Abi } from './tokens.ts';
export { startAnvil, freePort, anvilBinary, DEVNET_CHAIN_ID, type Anvil, type StartAnvilOptions } from './anvil.ts';
export { ANVIL_ACCOUNTS, MULTICALL3_ADDRESS, createDevnetClient, devnetChain, type DevnetClient } from './chain.ts';
export { deployMulticall3, multicall3Code } from './multicall3.ts';
export { compileSolidity, contractBytecode, type SolcOutput, type SolcSettings } from './solc.ts';
export { devnetMarketsFile } from './markets-file.ts';
