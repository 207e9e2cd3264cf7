/**
 * Read Hardhat artifacts shipped in `@aave/core-v3` / `@aave/periphery-v3` and link their libraries.
 *
 * Why read JSON at runtime: these are Aave's own compiled contracts (solc 0.8.10, as audited and deployed),
 * so the devnet runs the real bytecode rather than a re-compilation. JSON is read with fs (not import
 * attributes) so the module runs under plain Node and Vitest alike.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Abi, Address, Hex } from 'viem';

export type ArtifactPackage = '@aave/core-v3' | '@aave/periphery-v3';

export interface LinkReferences {
  [sourceFile: string]: { [library: string]: { start: number; length: number }[] };
}

export interface Artifact {
  contractName: string;
  abi: Abi;
  /** Creation bytecode, possibly with `__$…$__` library placeholders (see linkReferences). */
  bytecode: Hex;
  linkReferences: LinkReferences;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, Artifact>();

/** `path` is relative to the package's `artifacts/contracts/`, e.g. `protocol/pool/Pool.sol/Pool.json`. */
export function loadArtifact(pkg: ArtifactPackage, path: string): Artifact {
  const id = `${pkg}/artifacts/contracts/${path}`;
  let artifact = loaded.get(id);
  if (!artifact) {
    artifact = JSON.parse(readFileSync(require.resolve(id), 'utf8')) as Artifact;
    loaded.set(id, artifact);
  }
  return artifact;
}

/** Installed version of an npm package (part of the devnet cache key). */
export function packageVersion(pkg: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
}

/**
 * Write each library's address over its 20-byte placeholder at the byte offsets Hardhat recorded.
 * Throws when the artifact needs a library that is not given, so a missing link never deploys silently
 * (an unlinked placeholder would make every call into that library revert).
 */
export function linkBytecode(artifact: Artifact, libraries: Readonly<Record<string, Address>>): Hex {
  let hex = artifact.bytecode.slice(2);
  for (const byLibrary of Object.values(artifact.linkReferences)) {
    for (const [library, offsets] of Object.entries(byLibrary)) {
      const address = libraries[library];
      if (!address) throw new Error(`${artifact.contractName} needs library ${library}, which was not deployed.`);
      const body = address.slice(2).toLowerCase();
      for (const { start, length } of offsets) {
        if (length !== 20) throw new Error(`Unexpected link length ${length} in ${artifact.contractName}.`);
        hex = hex.slice(0, start * 2) + body + hex.slice((start + length) * 2);
      }
    }
  }
  if (hex.includes('__$')) throw new Error(`${artifact.contractName} still has unlinked placeholders.`);
  return `0x${hex}`;
}
