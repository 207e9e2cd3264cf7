/**
 * One devnet per test file: started (from the state cache) before the file's tests, stopped after, with an
 * evm_snapshot/evm_revert around every test so price moves, time jumps and positions never leak between tests.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Hex } from 'viem';
import { revertTo, snapshot, startDevnet, type Devnet, type StartDevnetOptions } from '../../../lib/devnet/index.ts';

export interface UseDevnetOptions extends StartDevnetOptions {
  /** Snapshot before and revert after each test (default true). */
  isolate?: boolean;
}

/** Call at the top of a test file (or describe block); the returned getter works inside tests and hooks. */
export function useDevnet(opts: UseDevnetOptions = {}): () => Devnet {
  const { isolate = true, ...startOpts } = opts;
  let devnet: Devnet | undefined;
  let snap: Hex | undefined;

  beforeAll(async () => {
    devnet = await startDevnet(startOpts);
  });
  afterAll(async () => {
    await devnet?.stop();
  });
  if (isolate) {
    beforeEach(async () => {
      snap = await snapshot(get());
    });
    afterEach(async () => {
      if (snap) await revertTo(get(), { id: snap });
      snap = undefined;
    });
  }

  function get(): Devnet {
    if (!devnet) throw new Error('The devnet is not started yet: call the getter inside a test or hook.');
    return devnet;
  }
  return get;
}
