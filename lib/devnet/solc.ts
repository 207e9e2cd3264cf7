/**
 * Compile Solidity with solc-js 0.8.19 (npm alias `solc-0819`), caching the standard-JSON output in
 * `.cache/solc/<sha256>.json`.
 *
 * Why a cache: loading soljson (an 8 MB emscripten build) and compiling take seconds, and every test worker
 * would pay that on each run. The key covers the compiler version and the complete standard-JSON input
 * (sources + settings), so any change to either recompiles.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { cacheDir } from './paths.ts';

export interface SolcSettings {
  optimizer?: { enabled: boolean; runs?: number; details?: Record<string, unknown> };
  evmVersion?: string;
  viaIR?: boolean;
  remappings?: string[];
  metadata?: Record<string, unknown>;
  outputSelection?: Record<string, Record<string, string[]>>;
  libraries?: Record<string, Record<string, string>>;
}

export interface SolcLinkReferences {
  [file: string]: { [library: string]: { start: number; length: number }[] };
}

export interface SolcContractOutput {
  abi: Abi;
  evm: {
    bytecode: { object: string; linkReferences?: SolcLinkReferences };
    deployedBytecode: { object: string; linkReferences?: SolcLinkReferences };
  };
}

export interface SolcMessage {
  severity: 'error' | 'warning' | 'info';
  type: string;
  formattedMessage?: string;
  message: string;
}

export interface SolcOutput {
  contracts: Record<string, Record<string, SolcContractOutput>>;
  errors?: SolcMessage[];
}

/** Optimizer on (200 runs) and abi + bytecodes for every contract; override any part through `settings`. */
export const DEFAULT_SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode', 'evm.deployedBytecode'] } },
} satisfies SolcSettings;

const require = createRequire(import.meta.url);

/**
 * The exactly pinned solc-js builds (npm aliases): 0.8.19 for Morpho Blue and our stand-ins, 0.8.27 for
 * aave-v3-origin 3.6 (its foundry.toml's `solc`; its `require(cond, CustomError())` needs ≥ 0.8.27).
 */
export type SolcCompiler = 'solc-0819' | 'solc-0827';

/** The compiler's package version, read without loading the (slow) compiler itself. */
function compilerVersion(compiler: SolcCompiler): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${compiler}/package.json`), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Compile `sources` (file name → Solidity text). Imports are not resolved from disk: pass every file the
 * sources import, under the names the import statements use (or remap them in `settings.remappings`).
 * Throws with the compiler's messages when any of them is an error; warnings are returned in `errors`.
 */
export async function compileSolidity(
  sources: Record<string, string>,
  settings: SolcSettings = {},
  compiler: SolcCompiler = 'solc-0819',
): Promise<SolcOutput> {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: { ...DEFAULT_SOLC_SETTINGS, ...settings },
  };
  const inputJson = JSON.stringify(input);
  const key = createHash('sha256').update(`solc ${compilerVersion(compiler)}\n`).update(inputJson).digest('hex');
  const file = join(cacheDir('solc'), `${key}.json`);
  if (existsSync(file)) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as SolcOutput;
    } catch {
      // a truncated or corrupt cache entry: compile again and overwrite it
    }
  }

  const solc = require(compiler) as { compile(input: string): string };
  const output = JSON.parse(solc.compile(inputJson)) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`Solidity compilation failed:\n${errors.map((e) => e.formattedMessage ?? e.message).join('\n')}`);
  }
  // Write then rename, so a parallel test worker never reads a half-written file.
  const tmp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  writeFileSync(tmp, JSON.stringify(output));
  renameSync(tmp, file);
  return output;
}

/** One contract's creation and runtime bytecode from a compile output, as 0x-prefixed hex. */
export function contractBytecode(output: SolcOutput, file: string, name: string): { abi: Abi; bytecode: Hex; deployedBytecode: Hex } {
  const contract = output.contracts[file]?.[name];
  if (!contract) throw new Error(`No contract ${name} in ${file} in the compiler output.`);
  return {
    abi: contract.abi,
    bytecode: `0x${contract.evm.bytecode.object}`,
    deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
  };
}

/**
 * Compiles one of our own contract files under `lib/devnet/contracts/` (cached like every compile, keyed by
 * source) and returns a lookup for the contracts it holds.
 */
export async function compileOwnContracts(path: string): Promise<(name: string) => ReturnType<typeof contractBytecode>> {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const source = readFileSync(new URL(`./contracts/${path}`, import.meta.url), 'utf8');
  const output = await compileSolidity({ [file]: source });
  return (name) => contractBytecode(output, file, name);
}
