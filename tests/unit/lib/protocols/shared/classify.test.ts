import { describe, expect, it } from 'vitest';
import { createClient, http } from 'viem';
import { call, getBlockNumber } from 'viem/actions';
import { asGuardError } from '../../../../../lib/protocols/shared/classify.ts';
import { GuardError } from '../../../../../lib/errors.ts';
import type { FaultMode } from '../../../../e2e/helpers/faulty-rpc.ts';
import { useFaultyRpc } from '../../../fixtures/faulty-rpc.ts';

/** What viem really throws for each HTTP failure (a loopback proxy produces them), classified by class and status. */
const rpc = useFaultyRpc();

const client = (timeout = 2_000) => createClient({ transport: http(rpc.proxy.url, { timeout, retryCount: 0 }) });

describe('viem errors become typed GuardErrors, without reading their text', () => {
  const cases: [FaultMode, string, RegExp][] = [
    ['down', 'rpc-unreachable', /^The RPC did not answer: /],
    ['429', 'rpc-rate-limited', /rate limiting requests \(HTTP 429\)/],
    ['500', 'rpc-server-error', /failed with HTTP 500/],
    ['garbage', 'rpc-garbage', /not JSON-RPC/],
  ];
  for (const [mode, code, message] of cases) {
    it(mode, async () => {
      rpc.proxy.mode = mode;
      const error = await getBlockNumber(client(), { cacheTime: 0 }).then(() => undefined, (e: unknown) => e);
      const typed = asGuardError(error);
      expect(typed).toBeInstanceOf(GuardError);
      expect(typed).toMatchObject({ code, shortMessage: expect.stringMatching(message), cause: error });
      expect(typed.shortMessage).not.toContain('\n');
    });
  }

  it('slow', async () => {
    rpc.proxy.mode = 'slow';
    rpc.proxy.slowMs = 2_000;
    const error = await call(client(200), { to: '0x0000000000000000000000000000000000000001', data: '0x' }).then(() => undefined, (e: unknown) => e);
    expect(asGuardError(error)).toMatchObject({ code: 'rpc-timeout' });
  });

  it('keeps a GuardError as it is, and gives anything else the fallback code', () => {
    const own = new GuardError('stale-block', 'old');
    expect(asGuardError(own)).toBe(own);
    expect(asGuardError(new TypeError('x is undefined'))).toMatchObject({ code: 'bad-data', shortMessage: 'x is undefined' });
  });
});
