import { describe, expect, it } from 'vitest';
import {
  checkSender,
  classifySender,
  MESSAGE_SENDERS,
  PAGE_MESSAGE_SOURCE,
  parsePageMessage,
  parseRequest,
  type SenderInfo,
} from '../../../lib/messages.ts';
import { isDappUrl } from '../../../lib/sites/index.ts';
import { ALICE, BOB } from '../fixtures/snapshot.ts';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const classify = (s: SenderInfo) => classifySender(s, ID, ORIGIN);

describe('sender check', () => {
  it('accepts our own pages', () => {
    expect(classify({ id: ID, url: `${ORIGIN}options.html` })).toBe('extension-page');
    // The options page opened in a tab still is an extension page.
    expect(classify({ id: ID, url: `${ORIGIN}options.html`, tab: { id: 3, url: `${ORIGIN}options.html` } })).toBe('extension-page');
  });

  it('accepts the relay only from a dapp tab', () => {
    const tab = { id: 7, url: 'https://app.aave.com/dashboard' };
    expect(classify({ id: ID, url: 'https://app.aave.com/dashboard', tab, frameId: 0 })).toBe('dapp-content-script');
    expect(classify({ id: ID, url: 'https://app.morpho.org/', tab: { id: 1, url: 'https://app.morpho.org/' } })).toBe('dapp-content-script');
  });

  it('refuses other extensions, other sites, look-alikes, frames of other sites and tab-less senders', () => {
    const tab = { id: 7, url: 'https://app.aave.com/' };
    expect(classify({ id: 'other-extension', url: 'https://app.aave.com/', tab })).toBeNull();
    expect(classify({ url: 'https://app.aave.com/', tab })).toBeNull();
    expect(classify({ id: ID, url: 'https://evil.example/', tab: { id: 1, url: 'https://evil.example/' } })).toBeNull();
    expect(classify({ id: ID, url: 'https://app.aave.com.evil.example/', tab: { id: 1, url: 'https://app.aave.com.evil.example/' } })).toBeNull();
    expect(classify({ id: ID, url: 'http://app.aave.com/', tab: { id: 1, url: 'http://app.aave.com/' } })).toBeNull();
    expect(classify({ id: ID, url: 'https://evil.example/frame', tab })).toBeNull(); // iframe inside a dapp tab
    expect(classify({ id: ID, url: 'https://app.aave.com/' })).toBeNull(); // no tab
    expect(classify({ id: ID, url: `chrome-extension://${'x'.repeat(32)}/options.html` })).toBeNull();
  });

  it('lets each kind send only its own messages', () => {
    expect(checkSender('wallet-detected', 'dapp-content-script')).toBeNull();
    expect(checkSender('wallet-detected', 'extension-page')).toMatch(/not accepted/);
    for (const type of Object.keys(MESSAGE_SENDERS) as (keyof typeof MESSAGE_SENDERS)[]) {
      if (MESSAGE_SENDERS[type] === 'dapp-content-script') continue;
      expect(checkSender(type, 'dapp-content-script')).toMatch(/not accepted from dapp-content-script/);
      expect(checkSender(type, 'extension-page')).toBeNull();
      expect(checkSender(type, null)).toBe('sender not accepted');
    }
  });

  it('knows exactly the four dapp hosts', () => {
    expect(isDappUrl('https://app.spark.fi/my/')).toBe(true);
    expect(isDappUrl('https://app.compound.finance/?market=usdc-mainnet')).toBe(true);
    expect(isDappUrl('https://app.aave.com:8443/')).toBe(false);
    expect(isDappUrl('https://aave.com/')).toBe(false);
    expect(isDappUrl('not a url')).toBe(false);
    expect(isDappUrl(undefined)).toBe(false);
  });
});

describe('runtime message validation', () => {
  it('parses a valid message and checksums addresses', () => {
    expect(parseRequest({ type: 'hide-account', address: ALICE.toLowerCase(), hidden: true })).toEqual({
      type: 'hide-account',
      address: ALICE,
      hidden: true,
    });
  });

  it('names the bad field', () => {
    expect(() => parseRequest({ type: 'nope' })).toThrow(/type: expected a known message type/);
    expect(() => parseRequest({ type: 'hide-account', address: ALICE })).toThrow(/hidden: expected a boolean/);
    expect(() => parseRequest({ type: 'set-chain', chainId: 1, rpcUrls: ['javascript:alert(1)'] })).toThrow(/rpcUrls\[0\]/);
    expect(() => parseRequest({ type: 'set-chain', chainId: 1, rpcUrls: ['https://user:pw@rpc.example'] })).toThrow(/rpcUrls\[0\]/);
    expect(() => parseRequest({ type: 'set-settings', patch: { warnBelow: 0.5 } })).toThrow(/patch.warnBelow/);
    expect(() => parseRequest({ type: 'wallet-detected', accounts: Array(11).fill(ALICE), chainId: 1, origin: 'x' })).toThrow(/accounts/);
    expect(() => parseRequest(null)).toThrow();
    expect(() => parseRequest('refresh')).toThrow();
  });

  it('drops unknown fields', () => {
    expect(parseRequest({ type: 'refresh', extra: 'x' })).toEqual({ type: 'refresh' });
  });
});

describe('page message validation', () => {
  const valid = { source: PAGE_MESSAGE_SOURCE, version: 1, kind: 'accounts', accounts: [ALICE.toLowerCase()], chainId: '0x7a69' };

  it('accepts what the page script posts, checksummed and deduplicated', () => {
    expect(parsePageMessage(valid)).toEqual({ accounts: [ALICE], chainId: 31337 });
    expect(parsePageMessage({ ...valid, accounts: [ALICE, ALICE.toLowerCase(), BOB], chainId: null })).toEqual({ accounts: [ALICE, BOB], chainId: null });
    expect(parsePageMessage({ ...valid, accounts: [] })).toEqual({ accounts: [], chainId: 31337 });
  });

  it('refuses everything else', () => {
    const bad: unknown[] = [
      null,
      'string',
      [valid],
      { ...valid, source: 'metamask-inpage' },
      { ...valid, version: 2 },
      { ...valid, kind: 'sign' },
      { ...valid, extra: 1 },
      { ...valid, accounts: ['0x70997970c51812dc3A010C7d01b50e0d17dc79C8'] }, // bad checksum
      { ...valid, accounts: ['0x1234'] },
      { ...valid, accounts: [ALICE, 42] },
      { ...valid, accounts: Array(11).fill(ALICE) },
      { ...valid, accounts: 'x'.repeat(1_000_000) },
      { ...valid, chainId: 31337 },
      { ...valid, chainId: '0x' },
      { ...valid, chainId: '0x0' },
      { ...valid, chainId: `0x${'f'.repeat(64)}` },
      { ...valid, chainId: '0xzz' },
      Object.assign(Object.create({ inherited: true }), valid), // not a plain object
    ];
    for (const message of bad) expect(parsePageMessage(message)).toBeNull();
  });
});
