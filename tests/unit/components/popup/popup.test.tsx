// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PopupApp } from '../../../../components/popup/PopupApp.tsx';
import { positionKey } from '../../../../components/popup/model.ts';
import { resetPopupStore } from '../../../../components/popup/store.ts';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from '../../../../lib/snapshot/index.ts';
import { alice, ALICE, BOB, entry, memorySource, NOW, snapshotOf, watching, WETH } from '../../fixtures/popup.ts';

/** What the popup must show for a float HF: truncated to 2 decimals (computed here, not by the app). */
const shownHf = (hf: number) => (Math.floor(hf * 100 + 1e-9) / 100).toFixed(2);
/** Through the storage encoding and back, as the real source delivers it. */
const stored = (s: Snapshot) => decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(s)))).snapshot!;

function renderPopup(source: ReturnType<typeof memorySource>['source'], key: string | null = null) {
  return render(<PopupApp source={source} locale="en-US" now={() => NOW} initialPositionKey={key} />);
}

beforeEach(() => resetPopupStore());
afterEach(() => cleanup());

describe('positions at a glance', () => {
  it('shows the skeleton, then the position with its HF, band, legs, liquidation prices and cost', async () => {
    const owed = '15714.285714'; // HF 16 500 / 15 714.285714 = 1.05
    const { source } = memorySource({ snapshot: stored(snapshotOf([entry(alice(owed))])), accounts: watching(ALICE) });
    renderPopup(source);
    expect(screen.getByTestId('skeleton')).toBeTruthy();
    const card = await screen.findByTestId('position');
    expect(within(card).getByTestId('hf').textContent).toBe(shownHf(16500 / 15714.285714));
    expect(card.textContent).toContain('Urgent');
    expect(card.className).toContain('band-urgent');
    expect(within(card).getByRole('meter').getAttribute('aria-valuetext')).toBe('1.05, Urgent');
    const weth = within(card).getByTestId('leg-collateral-WETH');
    expect(weth.textContent).toContain('10 WETH');
    expect(weth.textContent).toContain('$20,000.00');
    // liquidation price: debt / (amount × LT) = 15 714.285714 / 8.25; distance 1 − that / 2000
    const liq = 15714.285714 / 8.25;
    expect(within(weth).getByTestId('liq-price').textContent).toBe(`$${liq.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    expect(within(weth).getByTestId('liq-distance').textContent).toBe(`${(100 * (1 - liq / 2000)).toFixed(1)}% drop`);
    const usdc = within(card).getByTestId('leg-debt-USDC');
    expect(usdc.textContent).toContain('15,714.28 USDC');
    // a USDC rise of 5 % takes the debt to 16 500 = the weighted collateral
    expect(within(usdc).getByTestId('liq-distance').textContent).toBe(`${(100 * (16500 / 15714.285714 - 1)).toFixed(1)}% rise`);
    // Aave: HF > 0.95 → 50 % of the debt at a 5 % bonus: penalty 0.05 × 7 857.14
    const cost = within(card).getByTestId('liquidation-cost').textContent!;
    expect(cost).toContain(`$${(0.05 * 15714.285714 * 0.5).toFixed(2)}`);
    expect(cost).toContain('up to 50%');
    expect(within(card).getByTestId('age').textContent).toBe('Updated 10 s ago');
  });

  it('marks a market whose protocol version the guard does not know as unverified math, and only that one', async () => {
    const unknown = alice(12000, { details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false, poolRevision: 42, math: 'v3.6', unverifiedMath: true } });
    const known = alice(12000, { account: BOB, details: { protocol: 'aave-v3', eModeCategory: 0, isolated: false, poolRevision: 10, math: 'v3.6' } });
    const { source } = memorySource({ snapshot: stored(snapshotOf([entry(unknown), entry(known)])), accounts: watching(ALICE, BOB) });
    renderPopup(source);
    const cards = await screen.findAllByTestId('position');
    const flagged = cards.filter((c) => within(c).queryByText(/unverified math/i));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.textContent).toContain('Pool revision 42');
    expect(flagged[0]!.getAttribute('data-position-key')).toContain(ALICE.toLowerCase());
  });

  it('lists every position worst first; grouping by chain is a remembered choice', async () => {
    const snap = snapshotOf([entry(alice(16500 / 2, { account: BOB })), entry(alice(16500 / 3, { chainId: 8453, market: 'Aave Base' })), entry(alice(16500 / 1.2))]);
    const { source } = memorySource({ snapshot: stored(snap), accounts: watching(ALICE, BOB) });
    renderPopup(source);
    await screen.findAllByTestId('position');
    expect(screen.getAllByTestId('hf').map((e) => e.textContent)).toEqual(['1.20', '2.00', '3.00']);
    expect(screen.queryAllByTestId('chain')).toEqual([]);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Group by chain' }));
    const chains = await screen.findAllByTestId('chain');
    expect(chains.map((c) => c.querySelector('h2')!.textContent)).toEqual(['Ethereum', 'Base']);
    expect(within(chains[0]!).getAllByTestId('hf').map((e) => e.textContent)).toEqual(['1.20', '2.00']);
    expect(chains[0]!.textContent).toContain('Aave v3');
    // remembered: a new popup starts grouped
    cleanup();
    resetPopupStore();
    renderPopup(source);
    expect(await screen.findAllByTestId('chain')).toHaveLength(2);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Group by chain' }));
    expect(localStorage.getItem('lg-popup-group-by-chain')).toBe('false');
  });

  it('names each card by market and account, and its toggle without the triangle', async () => {
    const snap = snapshotOf([entry(alice(16500 / 1.2, { chainId: 31337, market: 'Devnet Aave' })), entry(alice(16500 / 2, { account: BOB }))]);
    const { source } = memorySource({ snapshot: stored(snap), accounts: watching(ALICE, BOB) });
    renderPopup(source);
    await screen.findAllByTestId('position');
    // aria-labelledby must point at one element whose text is the name (no space-split id list)
    const names = screen.getAllByRole('article').map((a) => {
      const ids = a.getAttribute('aria-labelledby')!.split(/\s+/);
      expect(ids).toHaveLength(1);
      return document.getElementById(ids[0]!)!.textContent;
    });
    expect(names).toEqual([`Devnet Aave ${ALICE.slice(0, 6)}…${ALICE.slice(-4)}`, `Aave Ethereum Core ${BOB.slice(0, 6)}…${BOB.slice(-4)}`]);
    const toggle = screen.getByRole('button', { name: `Devnet Aave ${ALICE.slice(0, 6)}…${ALICE.slice(-4)}` });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    // two positions: both closed, the safe one on a single line (no totals), the risky one with its totals
    const [risky, safe] = screen.getAllByTestId('position');
    expect(risky!.textContent).toContain('Debt $13,750.00');
    expect(safe!.textContent).not.toContain('Debt');
    // the risky one offers its simulator without opening first; the safe line stays a line
    expect(within(safe!).queryByRole('button', { name: 'Simulate' })).toBeNull();
    expect(within(safe!).getByTestId('hf').textContent).toBe('2.00');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await within(risky!).findByTestId('proposals')).toBeTruthy();
    fireEvent.click(toggle);
    fireEvent.click(within(risky!).getByRole('button', { name: 'Simulate' }));
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(risky!).getByRole('textbox', { name: 'Amount' })).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Simulate');
  });

  it('folds chains that failed with no position into one line; a failing chain with positions stays loud', async () => {
    const snap = snapshotOf([entry(alice(16500 / 1.2))]);
    snap.chains[1] = { ...snap.chains[1]!, ok: false, errors: [{ kind: 'rpc-timeout', message: 'no answer in 10 s' }], lastSuccessAt: NOW - 60_000 };
    for (const [id, name] of [[8453, 'Base'], [10, 'OP Mainnet'], [42161, 'Arbitrum One']] as const) {
      snap.chains[id] = { chainId: id, name, ok: false, errors: [{ kind: 'rpc-unreachable', message: 'fetch failed' }], rpcUrl: null, lastAttemptAt: NOW, lastSuccessAt: null, blockNumber: null };
    }
    const { source } = memorySource({ snapshot: stored(snap), accounts: watching(ALICE) });
    renderPopup(source);
    await screen.findByTestId('position');
    const loud = screen.getAllByRole('alert');
    expect(loud).toHaveLength(1);
    expect(loud[0]!.textContent).toContain('Ethereum');
    expect(loud[0]!.textContent).toContain('no answer in 10 s');
    const quiet = screen.getByTestId('unreachable-chains');
    expect(quiet.tagName).toBe('DETAILS');
    expect(quiet.hasAttribute('open')).toBe(false);
    expect(quiet.querySelector('summary')!.textContent).toBe('3 chains could not be read (no positions of yours seen there)');
    expect(quiet.textContent).toContain('Arbitrum One: fetch failed (never read)');
  });

  it('shows stale data as stale, and per-chain errors', async () => {
    const snap = snapshotOf([entry(alice(), NOW - 12 * 60_000, true)]);
    snap.chains[1] = { ...snap.chains[1]!, ok: false, errors: [{ kind: 'rpc-rate-limited', message: 'HTTP 429 from https://rpc.example' }], lastSuccessAt: NOW - 12 * 60_000 };
    const { source } = memorySource({ snapshot: stored(snap), accounts: watching(ALICE) });
    renderPopup(source);
    const card = await screen.findByTestId('position');
    expect(within(card).getByTestId('age').textContent).toBe('Stale · as of 12 min ago');
    expect(card.className).toContain('is-stale');
    expect(within(card).getByRole('meter').getAttribute('aria-valuetext')).toContain('stale data');
    const error = screen.getByTestId('chain-error');
    expect(error.textContent).toContain('HTTP 429 from https://rpc.example');
    expect(error.textContent).toContain('Last good read 12 min ago');
    // The kind of failure decides the advice: a rate limit asks for another URL, not "the network is down".
    expect(error.textContent).toContain('The RPC limits how often we may ask');
  });

  it('tells a contract failure apart from a network one (the typed error reaches the view)', async () => {
    const snap = snapshotOf([entry(alice(), NOW - 60_000)]);
    snap.chains[1] = { ...snap.chains[1]!, ok: false, errors: [{ kind: 'contract-reverted', market: 'Aave Core', message: 'A contract call reverted: getAssetsPrices' }] };
    const { source } = memorySource({ snapshot: stored(snap), accounts: watching(ALICE) });
    renderPopup(source);
    const error = await screen.findByTestId('chain-error');
    expect(error.textContent).toContain('Aave Core: Could not read.');
    expect(error.textContent).toContain('not a network problem');
    expect(error.textContent).not.toMatch(/network or the RPC is down/);
  });

  it('explains how accounts get watched when none is, with a link to the options', async () => {
    const { source } = memorySource();
    renderPopup(source);
    const empty = await screen.findByTestId('empty');
    expect(empty.textContent).toContain('Connect your wallet on a supported app');
    expect(empty.textContent).toContain('Add an address by hand');
    expect(within(empty).getByRole('link', { name: 'options' }).getAttribute('href')).toBe('chrome-extension://test/options.html');
  });

  it('says reading while accounts are watched but nothing was read yet, and no loans when none', async () => {
    const { source, push } = memorySource({ accounts: watching(ALICE) });
    renderPopup(source);
    expect(await screen.findByText('Reading your positions…', { selector: 'p' })).toBeTruthy();
    act(() => push({ snapshot: stored(snapshotOf([], { updatedAt: NOW - 1000, accounts: [ALICE] })) }));
    expect((await screen.findByTestId('no-positions')).textContent).toContain('No open loans for the watched account');
  });

  it('asks the background for a refresh from the header', async () => {
    const { source, calls } = memorySource({ snapshot: stored(snapshotOf([entry(alice())])), accounts: watching(ALICE) });
    renderPopup(source);
    await screen.findByTestId('position');
    expect(screen.getByTestId('last-refresh').textContent).toBe('Read 10 s ago');
    await act(async () => fireEvent.click(screen.getByTestId('refresh')));
    expect(calls.refresh).toBe(1);
  });

  it('follows storage changes live', async () => {
    const { source, push } = memorySource({ snapshot: stored(snapshotOf([entry(alice(12000))])), accounts: watching(ALICE) });
    renderPopup(source);
    expect((await screen.findByTestId('hf')).textContent).toBe('1.37');
    act(() => push({ snapshot: stored(snapshotOf([entry(alice(15000))])) }));
    expect(screen.getByTestId('hf').textContent).toBe(shownHf(16500 / 15000));
  });

  it('shows untrusted names only as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const p = alice();
    const snap = snapshotOf([entry({ ...p, market: `<b>${evil}</b>`, collateral: [{ ...p.collateral[0]!, symbol: evil }] })]);
    const { source } = memorySource({ snapshot: stored(snap), accounts: watching(ALICE) });
    const { container } = renderPopup(source);
    const card = await screen.findByTestId('position');
    expect(card.textContent).toContain(evil);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('selects, opens and highlights the position named in the URL', async () => {
    const other = alice(16500 / 3, { account: BOB });
    const snap = snapshotOf([entry(alice(16500 / 2)), entry(other), entry(alice(16500 / 4, { chainId: 8453 })), entry(alice(16500 / 5, { chainId: 31337 }))]);
    const { source } = memorySource({ snapshot: stored(snap), accounts: watching(ALICE, BOB) });
    renderPopup(source, positionKey(other));
    const cards = await screen.findAllByTestId('position');
    const selected = cards.find((c) => c.className.includes('is-selected'))!;
    expect(selected.getAttribute('data-position-key')).toBe(positionKey(other));
    expect(within(selected).getByRole('button', { name: /Aave Ethereum Core/ }).getAttribute('aria-expanded')).toBe('true');
    // four safe positions: the others stay closed
    expect(cards.filter((c) => within(c).queryByTestId('leg-collateral-WETH')).length).toBe(1);
  });
});

describe('proposals and the target', () => {
  it('proposes for the target, and the target is editable inline and saved', async () => {
    const { source, calls } = memorySource({ snapshot: stored(snapshotOf([entry(alice(12000))])), accounts: watching(ALICE) });
    renderPopup(source);
    const card = await screen.findByTestId('position');
    // proposals render one (deferred) pass after the numbers
    const proposals = await within(card).findByTestId('proposals');
    expect(proposals.textContent).toContain('To reach health factor 1.50');
    // 12 000 − 16 500 / 1.500015 = 1 000.11 → the fewest digits within 0.5 %: 1 001
    expect(within(proposals).getByRole('button', { name: 'Simulate repaying 1,001 USDC' })).toBeTruthy();
    // (1.500015 × 12 000) / 1 650 − 10 = 0.9092 WETH → 0.91; the alternatives have their verb too
    expect(within(proposals).getByRole('button', { name: 'Simulate adding 0.91 WETH' })).toBeTruthy();
    expect(within(proposals).getByRole('button', { name: 'Simulate adding 1,880 USDC' })).toBeTruthy();
    expect(within(proposals).getByRole('button', { name: 'Simulate adding 0.0334 WBTC' })).toBeTruthy();
    expect(within(proposals).getByTestId('proposal-deleverage').textContent).toMatch(/Simulate selling [\d.]+ WETH to repay [\d,.]+ USDC.*\(0\.5% slippage allowed\)/);
    // the next real step: the app's own page for that action
    expect(within(proposals).getByRole('link', { name: 'Repay on Aave (new tab)' }).getAttribute('href')).toBe('https://app.aave.com/?marketName=proto_mainnet_v3');
    expect(within(proposals).getByRole('link', { name: 'Supply on Aave (new tab)' }).getAttribute('href')).toBe(
      `https://app.aave.com/reserve-overview/?underlyingAsset=${WETH.address.toLowerCase()}&marketName=proto_mainnet_v3`,
    );

    const target = screen.getByTestId('target') as HTMLInputElement;
    fireEvent.change(target, { target: { value: '2' } });
    // 12 000 − 16 500 / 2.00002 = 3 750.08 → 3 760 (0.27 % over)
    await waitFor(() => expect(within(card).getByTestId('proposals').textContent).toContain('To reach health factor 2.00'));
    expect(within(card).getByTestId('proposal-repay').textContent).toContain('Simulate repaying 3,760 USDC');
    fireEvent.keyDown(target, { key: 'Enter' });
    await act(async () => {});
    expect(calls.saved).toEqual([{ targetHealthFactor: 2 }]);

    fireEvent.change(target, { target: { value: '0.9' } });
    expect(screen.getByText(/The target must be above 1/)).toBeTruthy();
  });

  it('a custom (markets file) market gets no app link, and says why', async () => {
    const p = alice(12000, { chainId: 31337, market: 'Devnet Aave' });
    const { source } = memorySource({ snapshot: stored(snapshotOf([entry(p)])), accounts: watching(ALICE), customMarkets: new Set(['aave-v3:31337:Devnet Aave']) });
    renderPopup(source);
    const card = await screen.findByTestId('position');
    await within(card).findByTestId('proposals');
    expect(within(card).queryByRole('link', { name: /Aave/ })).toBeNull();
    expect(within(card).getAllByTitle(/^Custom market/).length).toBeGreaterThan(0);
  });

  it('clicking a proposal opens the simulator with it, landing on the target', async () => {
    const { source } = memorySource({ snapshot: stored(snapshotOf([entry(alice(12000))])), accounts: watching(ALICE) });
    renderPopup(source);
    const card = await screen.findByTestId('position');
    fireEvent.click(await within(card).findByRole('button', { name: 'Simulate repaying 1,001 USDC' }));
    expect((screen.getByTestId('sim-amount') as HTMLInputElement).value).toBe('1001');
    expect(screen.getByTestId('sim-hf-after').textContent).toBe(shownHf(16500 / (12000 - 1001)));
    expect(Number(screen.getByTestId('sim-hf-after').textContent)).toBeGreaterThanOrEqual(1.5);
    // focus moves to the simulator for keyboard users
    expect(document.activeElement?.textContent).toBe('Simulate');
  });
});

describe('the simulator', () => {
  async function openSimulator() {
    const { source } = memorySource({ snapshot: stored(snapshotOf([entry(alice(12000))])), accounts: watching(ALICE) });
    renderPopup(source);
    const card = await screen.findByTestId('position');
    await within(card).findByTestId('proposals'); // let the deferred pass land first
    fireEvent.click(within(card).getByTestId('simulate'));
    return { card, amount: screen.getByTestId('sim-amount') as HTMLInputElement };
  }
  const type = (el: HTMLInputElement, value: string) => fireEvent.change(el, { target: { value } });
  const after = () => screen.getByTestId('sim-hf-after').textContent;
  const error = () => screen.getByTestId('sim-error').textContent;

  it('updates before → after as you type', async () => {
    const { amount } = await openSimulator();
    expect(screen.getByTestId('sim-hf-before').textContent).toBe('1.37');
    type(amount, '1500');
    expect(after()).toBe(shownHf(16500 / 10500));
    type(amount, '1500.5');
    expect(after()).toBe(shownHf(16500 / 10499.5));
    // the WETH liquidation price after: 10 499.5 / 8.25
    expect(screen.getByTestId('sim-liq-collateral-WETH').textContent).toContain(`$${(10499.5 / 8.25).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  });

  it('gives a clear inline message for absurd input, and no after value', async () => {
    const { amount } = await openSimulator();
    const cases: [string, RegExp][] = [
      ['abc', /^Not a number/],
      ['-5', /^The amount cannot be negative\.$/],
      ['12001', /^More than the debt \(12,000 USDC\)\.$/],
      ['1.1234567', /^USDC has 6 decimals; this has 7\.$/],
      ['0.1234567890123456789', /^Too many decimals: at most 18\.$/],
      ['12,34,5', /group digits by three/],
    ];
    for (const [text, message] of cases) {
      type(amount, text);
      expect(error(), text).toMatch(message);
      expect(after(), text).toBe('—');
      expect(amount.getAttribute('aria-invalid')).toBe('true');
    }
    type(amount, '100');
    expect(error()).toBe('');
    // what the popup itself shows is accepted
    type(amount, '4,050 USDC');
    expect(error()).toBe('');
    expect(after()).toBe(shownHf(16500 / (12000 - 4050)));
  });

  it('Max repays the whole debt; the slider picks amounts', async () => {
    const { amount } = await openSimulator();
    fireEvent.click(screen.getByRole('button', { name: 'Max' }));
    expect(amount.value).toBe('12000');
    expect(after()).toBe('∞');
    fireEvent.change(screen.getByRole('slider', { name: 'Amount of USDC' }), { target: { value: '250' } });
    expect(amount.value).toBe('3000');
    expect(after()).toBe(shownHf(16500 / 9000));
  });

  it('other actions and a price move', async () => {
    const { amount } = await openSimulator();
    fireEvent.click(screen.getByRole('radio', { name: 'Withdraw' }));
    expect(screen.getByLabelText('Asset')).toHaveProperty('value', alice().collateral[0]!.address);
    type(amount, '2');
    expect(after()).toBe(shownHf((8 * 1650) / 12000));
    type(amount, '11');
    expect(error()).toBe('More than the position holds (10 WETH).');
    type(amount, '');
    fireEvent.change(screen.getByRole('slider', { name: 'Price move in percent' }), { target: { value: '-20' } });
    expect(after()).toBe(shownHf((10 * 1600 * 0.825) / 12000));
    fireEvent.click(screen.getByRole('radio', { name: 'Borrow' }));
    fireEvent.change(screen.getByLabelText('Asset'), { target: { value: alice().debt[0]!.address } });
    type(amount, '1000');
    expect(after()).toBe(shownHf((10 * 1600 * 0.825) / 13000));
  });

  it('opens the chart with the simulated curve, and closes with Escape', async () => {
    const { amount } = await openSimulator();
    type(amount, '3000');
    const chart = screen.getByRole('img', { name: /Health factor against the price of WETH/ });
    expect(chart.getAttribute('aria-label')).toContain(`Liquidation at a ${(100 * (12000 / 8.25 / 2000 - 1)).toFixed(1)}% move of WETH`);
    expect(chart.querySelector('.chart-curve-after')).toBeTruthy();
    fireEvent.keyDown(amount, { key: 'Escape' });
    expect(screen.queryByTestId('sim-amount')).toBeNull();
  });
});

describe('how long and how likely', () => {
  it('says when interest alone liquidates and the 1- and 7-day chances, with volatility one click away', async () => {
    const RAY = 10n ** 27n;
    const base = alice('15000'); // HF 16 500 / 15 000 = 1.1
    const p = {
      ...base,
      oracles: [{ asset: base.collateral[0]!.address, updatedAt: 1_700_000_000n - 600n, feeds: [] }],
      interest: {
        protocol: 'aave-v3' as const,
        compounding: 'taylor' as const,
        balanceRounding: 'half-up' as const,
        reserves: [
          { asset: base.collateral[0]!.address, liquidityIndex: RAY, liquidityRate: 0n, variableBorrowIndex: RAY, variableBorrowRate: 0n, lastUpdate: base.timestamp, scaledSupply: base.collateral[0]!.amount, scaledVariableDebt: 0n },
          { asset: base.debt[0]!.address, liquidityIndex: RAY, liquidityRate: 0n, variableBorrowIndex: RAY, variableBorrowRate: RAY / 20n, lastUpdate: base.timestamp, scaledSupply: 0n, scaledVariableDebt: base.debt[0]!.amount },
        ],
      },
    };
    const e = { ...entry(p), outlook: { chance: { '1d': 0.0032, '7d': 0.2565 }, legs: [{ asset: base.collateral[0]!.address, volatility: 0.62, source: 'history' as const }] } };
    const { source } = memorySource({ snapshot: stored(snapshotOf([e])), accounts: watching(ALICE) });
    renderPopup(source);
    const outlook = await screen.findByTestId('outlook');
    // Independently: debt × (1 + x + x²/2 + x³/6) = 16 500 with x = 5 % × years.
    let lo = 0;
    let hi = 10;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      const x = 0.05 * mid;
      if (15000 * (1 + x + (x * x) / 2 + (x * x * x) / 6) > 16500) hi = mid;
      else lo = mid;
    }
    const at = 1_700_000_000 + hi * 365 * 86_400;
    const days = Math.round((at - NOW / 1000) / 86_400);
    const date = new Date(at * 1000).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
    expect(outlook.textContent).toContain(`Interest alone: liquidated on ${date} (in ${days} days)`);
    expect(outlook.textContent).toContain('Chance of liquidation: 1 day 0.3 % · 7 days 25.7 %');
    fireEvent.click(within(outlook).getByText('Volatility and price age'));
    const band = (days: number) => {
      const s = 0.62 * Math.sqrt(days / 365);
      const f = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      return `${f(2000 * Math.exp(-1.645 * s))}–${f(2000 * Math.exp(1.645 * s))}`;
    };
    expect(outlook.textContent).toContain(
      `WETH: 62 % a year (from the feed's history) · 5–95 % range: 1 day ${band(1)}, 7 days ${band(7)} · price updated 10 min ago`,
    );
  });
});
