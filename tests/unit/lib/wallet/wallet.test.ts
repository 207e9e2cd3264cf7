import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { PAGE_MESSAGE_SOURCE, type ValidPageReport } from '../../../../lib/messages.ts';
import { startWalletProbe, type Eip1193Like } from '../../../../lib/wallet/probe.ts';
import { KeyedRateLimiter, TokenBucket } from '../../../../lib/wallet/rate-limit.ts';
import { createRelay, RELAY_BURST, RELAY_REPEAT_AFTER_MS } from '../../../../lib/wallet/relay.ts';
import { ALICE, BOB } from '../../fixtures/snapshot.ts';

const ORIGIN = 'https://app.aave.com';

function relayWithClock() {
  const win = {};
  let now = 0;
  const forwarded: ValidPageReport[] = [];
  const seen: ValidPageReport[] = [];
  const relay = createRelay({ window: win, origin: ORIGIN, now: () => now, forward: (r) => forwarded.push(r), onReport: (r) => seen.push(r) });
  const post = (data: unknown, source: unknown = win, origin = ORIGIN) => relay.handle({ source, origin, data });
  return { relay, post, forwarded, seen, tick: (ms: number) => (now += ms), win };
}
const report = (accounts: string[], chainId: string | null = '0x1') => ({ source: PAGE_MESSAGE_SOURCE, version: 1, kind: 'accounts', accounts, chainId });

describe('wallet relay', () => {
  it('forwards a valid report once and drops repeats', () => {
    const { post, forwarded, tick } = relayWithClock();
    expect(post(report([ALICE.toLowerCase()]))).toBe('forwarded');
    expect(post(report([ALICE]))).toBe('duplicate');
    expect(post(report([ALICE, BOB]))).toBe('forwarded');
    expect(post(report([ALICE, BOB], '0xa'))).toBe('forwarded'); // chain changed
    tick(RELAY_REPEAT_AFTER_MS);
    expect(post(report([ALICE, BOB], '0xa'))).toBe('forwarded'); // a reminder after a while
    expect(forwarded).toEqual([
      { accounts: [ALICE], chainId: 1 },
      { accounts: [ALICE, BOB], chainId: 1 },
      { accounts: [ALICE, BOB], chainId: 10 },
      { accounts: [ALICE, BOB], chainId: 10 },
    ]);
  });

  it('tells the page every valid report (repeats and a disconnect too), the background only new ones', () => {
    const { post, forwarded, seen } = relayWithClock();
    post(report([ALICE]));
    post(report([ALICE]));
    post(report([]));
    post({ ...report([BOB]), extra: true });
    post(report([BOB]), {});
    expect(seen).toEqual([
      { accounts: [ALICE], chainId: 1 },
      { accounts: [ALICE], chainId: 1 },
      { accounts: [], chainId: 1 },
    ]);
    expect(forwarded).toEqual([{ accounts: [ALICE], chainId: 1 }]);
    // One rate limit for both (4 of the burst used above, the foreign window's post took none): past the
    // burst, neither hears of it.
    for (let i = 0; i < RELAY_BURST; i++) post(report([BOB]));
    expect(seen).toHaveLength(3 + RELAY_BURST - 4);
    expect(forwarded).toEqual([
      { accounts: [ALICE], chainId: 1 },
      { accounts: [BOB], chainId: 1 },
    ]);
  });

  it('ignores other windows, origins, namespaces and empty reports', () => {
    const { post, forwarded } = relayWithClock();
    expect(post(report([ALICE]), {})).toBe('not-ours'); // from an iframe
    expect(post(report([ALICE]), undefined, 'https://evil.example')).toBe('not-ours');
    expect(post({ ...report([ALICE]), source: 'other' })).toBe('not-ours');
    expect(post('just a string')).toBe('not-ours');
    expect(post(null)).toBe('not-ours');
    expect(post(report([]))).toBe('empty');
    expect(post({ ...report([ALICE]), extra: true })).toBe('invalid');
    expect(forwarded).toEqual([]);
  });

  it('reads reports made of another realm’s objects (Firefox content scripts see page objects that way)', () => {
    const { post, forwarded } = relayWithClock();
    const foreign = runInNewContext(`({ source: ${JSON.stringify(PAGE_MESSAGE_SOURCE)}, version: 1, kind: 'accounts', accounts: [${JSON.stringify(ALICE)}], chainId: '0x1' })`);
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype);
    expect(post(foreign)).toBe('forwarded');
    expect(forwarded).toEqual([{ accounts: [ALICE], chainId: 1 }]);
  });

  it('drops oversized payloads unread', () => {
    const { post } = relayWithClock();
    expect(post({ ...report([ALICE]), padding: 'x'.repeat(10_000) })).toBe('invalid');
  });

  it('survives a flood: bounded forwards, cheap per message', () => {
    const { post, forwarded, tick } = relayWithClock();
    const started = performance.now();
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const kind = i % 4;
      const data =
        kind === 0
          ? { ...report([ALICE]), source: 'other-namespace' }
          : kind === 1
            ? report(['0x70997970c51812dc3A010C7d01b50e0d17dc79C8']) // bad checksum
            : kind === 2
              ? { nonsense: i }
              : report([`0x${(i + 1).toString(16).padStart(40, '0')}`]); // a new valid address each time
      const outcome = post(data);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (i % 1000 === 0) tick(100);
    }
    const elapsed = performance.now() - started;
    // 20 000 messages over 2 s of page time: the burst plus one per second at most.
    expect(forwarded.length).toBeLessThanOrEqual(RELAY_BURST + 2);
    expect(outcomes.get('rate-limited')).toBeGreaterThan(9_000);
    expect(elapsed).toBeLessThan(1_000);
  });
});

describe('token bucket', () => {
  it('allows a burst, then one per interval', () => {
    const b = new TokenBucket(3, 1000, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(999)).toBe(false);
    expect(b.take(1000)).toBe(true);
    expect(b.take(1000)).toBe(false);
    expect(b.take(10_000)).toBe(true); // refilled, capped at capacity
  });

  it('keeps buckets per key with a bounded memory', () => {
    const l = new KeyedRateLimiter<number>(1, 1000, 2);
    expect(l.take(1, 0)).toBe(true);
    expect(l.take(1, 0)).toBe(false);
    expect(l.take(2, 0)).toBe(true);
    expect(l.take(3, 0)).toBe(true); // evicts key 1
    expect(l.take(1, 0)).toBe(true);
  });
});

/** A page window good enough for the probe: events, postMessage, location. */
function fakeWindow() {
  const target = new EventTarget() as EventTarget & { postMessage: (m: unknown, o: string) => void; location: { origin: string }; ethereum?: unknown };
  const posted: { message: { accounts?: string[] } & Record<string, unknown>; origin: string }[] = [];
  target.postMessage = (message, origin) => posted.push({ message: message as (typeof posted)[number]['message'], origin });
  target.location = { origin: ORIGIN };
  return { win: target, posted };
}

function fakeProvider(accounts: string[], chainId = '0x7a69') {
  const calls: string[] = [];
  const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const provider: Eip1193Like & { emit: (e: string, ...a: unknown[]) => void; calls: string[]; accounts: string[] } = {
    calls,
    accounts,
    async request({ method }) {
      calls.push(method);
      if (method === 'eth_accounts') return provider.accounts;
      if (method === 'eth_chainId') return chainId;
      throw new Error('unsupported');
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    emit(event, ...args) {
      for (const l of listeners.get(event) ?? []) l(...args);
    },
  };
  return provider;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('wallet probe (page world)', () => {
  it('finds an EIP-6963 wallet, asks only eth_accounts/eth_chainId, and follows changes', async () => {
    const { win, posted } = fakeWindow();
    const provider = fakeProvider([ALICE.toLowerCase()]);
    win.addEventListener('eip6963:requestProvider', () => {
      win.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: { info: { uuid: '1', name: 'Fake', rdns: 'x.fake' }, provider } }));
    });
    startWalletProbe(win as unknown as Window);
    await flush();
    expect(posted).toEqual([{ origin: ORIGIN, message: report([ALICE.toLowerCase()], '0x7a69') }]);

    provider.accounts = [BOB];
    provider.emit('accountsChanged', [BOB]);
    await flush();
    expect(posted.at(-1)!.message.accounts).toEqual([BOB]);
    expect(new Set(provider.calls)).toEqual(new Set(['eth_accounts', 'eth_chainId']));
  });

  it('falls back to window.ethereum and does not report the same wallet twice', async () => {
    const { win, posted } = fakeWindow();
    const provider = fakeProvider([ALICE]);
    win.ethereum = provider;
    win.addEventListener('eip6963:requestProvider', () => {
      win.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: { provider } }));
    });
    startWalletProbe(win as unknown as Window);
    win.dispatchEvent(new Event('load'));
    await flush();
    expect(posted).toHaveLength(1);
  });

  it('picks up a wallet injected later (ethereum#initialized) and never throws into the page', async () => {
    const { win, posted } = fakeWindow();
    Object.defineProperty(win, 'ethereum', {
      configurable: true,
      get() {
        throw new Error('hostile getter');
      },
    });
    expect(() => startWalletProbe(win as unknown as Window)).not.toThrow();
    Object.defineProperty(win, 'ethereum', { value: fakeProvider([ALICE]) });
    win.dispatchEvent(new Event('ethereum#initialized'));
    await flush();
    expect(posted).toHaveLength(1);
    // A provider whose request throws is ignored silently.
    const broken = { request: () => Promise.reject(new Error('x')) };
    win.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: { provider: broken } }));
    await flush();
    expect(posted).toHaveLength(1);
  });
});
