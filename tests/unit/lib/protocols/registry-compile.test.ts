import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * "Adding a protocol = one folder + one registry line; the compiler names everything else", proven with the
 * compiler itself on the real sources: a scratch fifth protocol folder is laid over the tree in memory and
 * the registry's import graph is type-checked as `tsc` would (same tsconfig).
 *
 * - The folder alone (it registers 'fake-v9' in `ProtocolTypes`) does not compile, and the errors are in the
 *   two registry tables: nothing else needs to know about it.
 * - With its line in each table it compiles, and `ProtocolId`, `PositionDetails` and `MarketConfig` take it in.
 */
const ROOT = join(dirname(new URL(import.meta.url).pathname), '../../../..');
const at = (rel: string) => join(ROOT, rel);

const FAKE_FOLDER: Record<string, string> = {
  'lib/protocols/fake-v9/config.ts': `
    import type { Address } from 'viem';
    export interface FakeMarketConfig { protocol: 'fake-v9'; chainId: number; name: string; vault: Address }
    export interface FakeDetails { protocol: 'fake-v9' }
    declare module '../../core/types.ts' {
      interface ProtocolTypes { 'fake-v9': { market: FakeMarketConfig; details: FakeDetails; interest: never } }
    }
  `,
  'lib/protocols/fake-v9/descriptor.ts': `
    import { literal, object } from '../../core/codec.ts';
    import { address } from '../../core/parse.ts';
    import type { ProtocolDescriptor } from '../adapter.ts';
    import { compoundV3Rules } from '../compound-v3/rules.ts';
    import type { FakeDetails, FakeMarketConfig } from './config.ts';
    export const fakeDescriptor: ProtocolDescriptor<'fake-v9', FakeDetails, FakeMarketConfig> = {
      id: 'fake-v9', label: 'Fake v9', rules: compoundV3Rules,
      entry: { keys: ['vault'], parse: (m, common, where) => ({ ...common, vault: address(m.vault, where + '.vault') }) },
      details: object({ protocol: literal('fake-v9') }), dappLink: () => undefined,
    };
  `,
  'lib/protocols/fake-v9/adapter.ts': `
    import type { ProtocolAdapter } from '../adapter.ts';
    import type { FakeDetails, FakeMarketConfig } from './config.ts';
    import { fakeDescriptor } from './descriptor.ts';
    export const fakeAdapter: ProtocolAdapter<'fake-v9', FakeDetails, FakeMarketConfig> = {
      ...fakeDescriptor,
      builtinMarkets: [],
      readMarket: () => Promise.resolve([]),
    };
  `,
  // Uses the derived unions, so the check below sees them take the new protocol in.
  'lib/protocols/fake-v9/uses.ts': `
    import type { MarketConfig } from '../../markets/types.ts';
    import type { PositionDetails, ProtocolId } from '../../core/types.ts';
    export const id: ProtocolId = 'fake-v9';
    export const details: PositionDetails = { protocol: 'fake-v9' };
    export const market: MarketConfig = { protocol: 'fake-v9', chainId: 1, name: 'F', vault: '0x0000000000000000000000000000000000000001' };
  `,
};

/** The registry tables with one more line each, as a developer adding the protocol would write them. */
function withRegistryLines(overlay: Record<string, string>): Record<string, string> {
  const add = (rel: string, importLine: string, anchor: string, line: string) => {
    const source = ts.sys.readFile(at(rel));
    if (!source?.includes(anchor)) throw new Error(`${rel} no longer has "${anchor}": update this test`);
    overlay[rel] = `${importLine}\n${source.replace(anchor, `${anchor}\n  'fake-v9': ${line},`)}`;
  };
  add('lib/protocols/registry.ts', "import { fakeAdapter } from './fake-v9/adapter.ts';", "'aave-v4': aaveV4Adapter,", 'fakeAdapter');
  add('lib/protocols/descriptors.ts', "import { fakeDescriptor } from './fake-v9/descriptor.ts';", "'aave-v4': aaveV4Descriptor,", 'fakeDescriptor');
  return overlay;
}

// Each check re-uses the source files of the one before (the library's .d.ts files are most of the work).
let previous: ts.Program | undefined;

function typeErrors(overlay: Record<string, string>): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(at('tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  const files = new Map(Object.entries(overlay).map(([rel, text]) => [at(rel), text]));
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  const dirs = new Set([...files.keys()].map((f) => dirname(f)));
  const { directoryExists } = host;
  host.directoryExists = (d) => dirs.has(d) || (directoryExists?.call(host, d) ?? ts.sys.directoryExists(d));
  host.getSourceFile = (f, lang, ...rest) => {
    const text = files.get(f);
    return text === undefined ? getSourceFile.call(host, f, lang, ...rest) : ts.createSourceFile(f, text, lang);
  };
  const roots = [at('lib/protocols/registry.ts'), at('lib/markets/file.ts'), ...[...files.keys()].filter((f) => f.includes('fake-v9'))];
  const program = ts.createProgram({ rootNames: roots, options: { ...config.options, noEmit: true }, host, oldProgram: previous });
  previous = program;
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? d.file.fileName.slice(ROOT.length + 1) : '(global)';
    errors.set(file, [...(errors.get(file) ?? []), ts.flattenDiagnosticMessageText(d.messageText, ' ')]);
  }
  return errors;
}

describe('adding a protocol, checked by the compiler', () => {
  it('the registry and the markets parser compile as they are', { timeout: 60_000 }, () => {
    expect([...typeErrors({}).keys()]).toEqual([]);
  });

  it('a new folder without its registry lines fails in the two tables, and only there', { timeout: 60_000 }, () => {
    const errors = typeErrors({ ...FAKE_FOLDER });
    expect([...errors.keys()].sort()).toEqual(['lib/protocols/descriptors.ts', 'lib/protocols/registry.ts']);
    expect(errors.get('lib/protocols/registry.ts')!.join(' ')).toContain('fake-v9');
  });

  it('with one line in each table it compiles, and the derived unions include it', { timeout: 60_000 }, () => {
    expect(Object.fromEntries(typeErrors(withRegistryLines({ ...FAKE_FOLDER })))).toEqual({});
  });
});
