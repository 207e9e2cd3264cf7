/**
 * Aave 3.6 from its npm sources: `@aave-dao/aave-v3-origin@3.6.0` ships the Solidity (no bytecode), so the
 * devnet compiles the contracts a market needs with solc-js 0.8.27 (the release's foundry.toml: optimizer
 * 200 runs, evm `shanghai`), cached by `../solc.ts` under `.cache/solc/` keyed by the full input. Nothing
 * of the package is copied into the repository: files are read from node_modules at compile time.
 *
 * Imports are followed from the entry files: relative ones inside the package, and
 * `openzeppelin-contracts/contracts/…` (the release's foundry remapping) from `@openzeppelin/contracts`, which
 * the package's one dependency `@bgd-labs/solidity-utils` brings.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import type { Abi, Address, Hex } from 'viem';
import { linkBytecode, packageVersion, type Artifact } from '../artifacts.ts';
import { compileSolidity } from '../solc.ts';

const require = createRequire(import.meta.url);
const OZ_PREFIX = 'openzeppelin-contracts/contracts/';

/** What a market needs, by source file (relative to the package's `src/contracts/`). */
export const AAVE_ORIGIN_CONTRACTS = {
  Pool: 'instances/PoolInstance.sol:PoolInstance',
  PoolConfigurator: 'instances/PoolConfiguratorInstance.sol:PoolConfiguratorInstance',
  AToken: 'instances/ATokenInstance.sol:ATokenInstance',
  VariableDebtToken: 'instances/VariableDebtTokenInstance.sol:VariableDebtTokenInstance',
  PoolAddressesProvider: 'protocol/configuration/PoolAddressesProvider.sol:PoolAddressesProvider',
  ACLManager: 'protocol/configuration/ACLManager.sol:ACLManager',
  AaveOracle: 'misc/AaveOracle.sol:AaveOracle',
  RateStrategy: 'misc/DefaultReserveInterestRateStrategyV2.sol:DefaultReserveInterestRateStrategyV2',
  // PoolConfigurator asks it whether a reserve has suppliers (debt ceiling, LT 0).
  ProtocolDataProvider: 'helpers/AaveProtocolDataProvider.sol:AaveProtocolDataProvider',
} as const;
export type AaveOriginContract = keyof typeof AAVE_ORIGIN_CONTRACTS;

export const AAVE_ORIGIN_PACKAGE = '@aave-dao/aave-v3-origin';

function packageRoot(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** Every source file the entries import, by the names their import statements use. */
export function aaveOriginSources(entries: readonly string[]): Record<string, string> {
  const root = join(packageRoot(AAVE_ORIGIN_PACKAGE), 'src/contracts');
  const ozRoot = packageRoot('@openzeppelin/contracts');
  const sources: Record<string, string> = {};
  const queue = [...entries];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (name in sources) continue;
    const file = name.startsWith(OZ_PREFIX) ? join(ozRoot, name.slice(OZ_PREFIX.length)) : join(root, name);
    const text = readFileSync(file, 'utf8');
    sources[name] = text;
    for (const m of text.matchAll(/import\s+(?:[^'"]*?from\s+)?['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) queue.push(posix.normalize(posix.join(posix.dirname(name), spec)));
      else if (spec.startsWith(OZ_PREFIX)) queue.push(spec);
      else throw new Error(`aave-v3-origin: unexpected import ${spec} in ${name}`);
    }
  }
  return sources;
}

export interface AaveOriginBuild {
  artifacts: Record<AaveOriginContract, Artifact>;
  /** Libraries the contracts link, by name, with their own artifacts (they may link each other). */
  libraries: Record<string, Artifact>;
  /** Wall time of the compile (≈ 0 when it came from the cache). */
  compileMs: number;
}

let build: Promise<AaveOriginBuild> | undefined;

/** Compile once per process (the result is cached on disk across processes). */
export function compileAaveOrigin(): Promise<AaveOriginBuild> {
  build ??= doCompile();
  return build;
}

async function doCompile(): Promise<AaveOriginBuild> {
  const started = performance.now();
  const entries = Object.values(AAVE_ORIGIN_CONTRACTS).map((id) => id.split(':')[0]!);
  const output = await compileSolidity(
    aaveOriginSources(entries),
    {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'shanghai',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences'] } },
    },
    'solc-0827',
  );
  const artifactOf = (file: string, name: string): Artifact => {
    const c = output.contracts[file]?.[name];
    if (!c) throw new Error(`aave-v3-origin: no ${name} in ${file}`);
    return { contractName: name, abi: c.abi as Abi, bytecode: `0x${c.evm.bytecode.object}` as Hex, linkReferences: c.evm.bytecode.linkReferences ?? {} };
  };
  const artifacts = Object.fromEntries(
    Object.entries(AAVE_ORIGIN_CONTRACTS).map(([key, id]) => {
      const [file, name] = id.split(':') as [string, string];
      return [key, artifactOf(file, name)];
    }),
  ) as Record<AaveOriginContract, Artifact>;
  const libraries: Record<string, Artifact> = {};
  const collect = (a: Artifact) => {
    for (const [file, libs] of Object.entries(a.linkReferences)) {
      for (const lib of Object.keys(libs)) {
        if (libraries[lib]) continue;
        libraries[lib] = artifactOf(file, lib);
        collect(libraries[lib]);
      }
    }
  };
  Object.values(artifacts).forEach(collect);
  return { artifacts, libraries, compileMs: Math.round(performance.now() - started) };
}

/** The versions that shape the compiled bytecode (for the devnet state cache key). */
export const aaveOriginVersions = () => [`${AAVE_ORIGIN_PACKAGE}@${packageVersion(AAVE_ORIGIN_PACKAGE)}`, `solc-0827@${packageVersion('solc-0827')}`];

/**
 * Deploy every library `artifact` links (and theirs), once each, with `deploy`; returns the linked bytecode.
 */
export async function linkWithLibraries(
  artifact: Artifact,
  libraries: Record<string, Artifact>,
  deployed: Record<string, Address>,
  deploy: (a: Artifact, bytecode: Hex) => Promise<Address>,
): Promise<Hex> {
  for (const libs of Object.values(artifact.linkReferences)) {
    for (const lib of Object.keys(libs)) {
      if (deployed[lib]) continue;
      const libArtifact = libraries[lib];
      if (!libArtifact) throw new Error(`aave-v3-origin: library ${lib} not compiled`);
      deployed[lib] = await deploy(libArtifact, await linkWithLibraries(libArtifact, libraries, deployed, deploy));
    }
  }
  return linkBytecode(artifact, deployed);
}
