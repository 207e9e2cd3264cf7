import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseAccount } from '../account-input.ts';
import { GuardError, oneLine } from '../errors.ts';
import { builtinChains, builtinMarkets, findChain, mergeMarkets, parseMarketsFileText } from '../markets/index.ts';
import { MAX_MARKETS_FILE_BYTES } from '../markets/file.ts';
import { protocolIds } from '../protocols/registry.ts';
import type { ProtocolId } from '../core/types.ts';
import { DEFAULT_MAX_BLOCK_AGE_SECONDS } from '../scan/index.ts';
import { formatText } from './format.ts';
import { runScan } from './scan.ts';

/**
 * `npm run cli -- scan …` (DESIGN.md, contract 2). Exit codes: 0 success (also with no position),
 * 2 bad input (one line on stderr), 1 when a chain or market could not be read.
 */
export const EXIT_OK = 0;
export const EXIT_READ_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = `Usage:
  npm run cli -- scan --markets FILE --account 0xADDR [--account 0xADDR …] [--json]
  npm run cli -- scan --chain base --account 0xADDR [--protocol ${protocolIds.join('|')}] [--json]
  [--max-block-age SECONDS]   (default ${DEFAULT_MAX_BLOCK_AGE_SECONDS}: a chain whose latest block is older is an error for that chain)`;

const PROTOCOLS: readonly ProtocolId[] = protocolIds;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (command !== 'scan') {
    return badInput(command ? `Unknown command "${command}".` : 'No command given.');
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        markets: { type: 'string' },
        account: { type: 'string', multiple: true },
        chain: { type: 'string', multiple: true },
        protocol: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        'max-block-age': { type: 'string' },
      },
    }));
  } catch (error) {
    return badInput(oneLine(error));
  }

  let plan;
  try {
    plan = buildPlan(values);
  } catch (error) {
    return badInput(oneLine(error));
  }

  const result = await runScan(plan);
  if (values.json) process.stdout.write(`${JSON.stringify({ positions: result.reports }, null, 2)}\n`);
  else process.stdout.write(formatText(result.reports));
  // One line per chain and cause: a chain-wide failure (RPC down, wrong chain, lagging) names the chain.
  const grouped = new Map<string, { chainId: number; markets: string[]; message: string }>();
  for (const e of result.errors) {
    const key = `${e.chainId}\n${e.message}`;
    const g = grouped.get(key) ?? { chainId: e.chainId, markets: [], message: e.message };
    if (e.market) g.markets.push(e.market);
    grouped.set(key, g);
  }
  for (const g of grouped.values()) {
    const what = g.markets.length > 0 ? g.markets.join(', ') : (plan.chains.find((c) => c.chainId === g.chainId)?.name ?? `chain ${g.chainId}`);
    process.stderr.write(`Could not read ${what} (chain ${g.chainId}): ${g.message}\n`);
  }
  return result.errors.length > 0 ? EXIT_READ_FAILED : EXIT_OK;
}

interface Values {
  'max-block-age'?: string;
  markets?: string;
  account?: string[];
  chain?: string[];
  protocol?: string[];
}

function buildPlan(values: Values) {
  const accounts = values.account ?? [];
  if (accounts.length === 0) throw new GuardError('invalid-input', 'Give at least one --account 0xADDRESS.');
  accounts.forEach(parseAccount); // fail fast, before any file or network work
  const protocols = (values.protocol ?? []).map((p) => {
    if (!PROTOCOLS.includes(p as ProtocolId)) {
      throw new GuardError('invalid-input', `Unknown protocol "${p}" (expected one of ${PROTOCOLS.join(', ')}).`);
    }
    return p as ProtocolId;
  });
  let file;
  if (values.markets !== undefined) {
    let text: string;
    try {
      // Checked before reading: a huge file would exhaust memory long before the parser could refuse it.
      const size = statSync(values.markets).size;
      if (size > MAX_MARKETS_FILE_BYTES) {
        throw new GuardError('invalid-markets-file', `The markets file ${values.markets} is larger than ${MAX_MARKETS_FILE_BYTES / 1024 / 1024} MB (${size} bytes).`);
      }
      text = readFileSync(values.markets, 'utf8');
    } catch (error) {
      if (error instanceof GuardError) throw error;
      throw new GuardError('invalid-input', `Cannot read the markets file ${values.markets}: ${oneLine(error)}`);
    }
    file = parseMarketsFileText(text, builtinChains);
    // Without --chain only the file's markets are read: none would look like "no position", a false all-clear.
    if (file.markets.length === 0 && (values.chain ?? []).length === 0) {
      throw new GuardError(
        'invalid-markets-file',
        `The markets file ${values.markets} lists no markets (a chains-only file overrides RPCs: add --chain to read the built-in markets there).`,
      );
    }
  }
  const { chains, markets: all } = mergeMarkets(file);
  const chainIds = (values.chain ?? []).map((q) => {
    const chain = findChain(chains, q);
    if (!chain) throw new GuardError('invalid-input', `Unknown chain "${q}".`);
    return chain.chainId;
  });
  // With a markets file and no --chain, read the file's markets only (a devnet needs no internet);
  // with --chain, the built-in markets of those chains too.
  const markets = file && chainIds.length === 0 ? file.markets : chainIds.length > 0 ? all : builtinMarkets;
  return {
    chains,
    markets,
    accounts,
    maxBlockAgeSeconds: parseMaxBlockAge(values['max-block-age']),
    ...(protocols.length > 0 ? { protocols } : {}),
    ...(chainIds.length > 0 ? { chainIds } : {}),
  };
}

/** Whole seconds, ≥ 1 (a limit of 0 would refuse every chain: blocks are never from the future). */
function parseMaxBlockAge(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_BLOCK_AGE_SECONDS;
  if (!/^[0-9]{1,10}$/.test(text.trim()) || Number(text) < 1) {
    throw new GuardError('invalid-input', `--max-block-age must be a whole number of seconds ≥ 1 (got "${text}").`);
  }
  return Number(text);
}

function badInput(message: string): number {
  process.stderr.write(`error: ${message}\n`);
  return EXIT_BAD_INPUT;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${oneLine(error)}\n`);
      process.exit(error instanceof GuardError && (error.code === 'invalid-input' || error.code === 'invalid-markets-file') ? EXIT_BAD_INPUT : EXIT_READ_FAILED);
    },
  );
}
