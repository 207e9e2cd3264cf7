import { describe, expect, it } from 'vitest';
import { parseMarketsFile } from '../../../../lib/markets/file.ts';
import { parseRequest } from '../../../../lib/messages.ts';
import { isLocalHost, rpcUrlProblem } from '../../../../lib/markets/rpc-url.ts';

describe('one rule for a new RPC URL (markets file, options page, messages)', () => {
  it.each([
    'https://eth.llamarpc.com',
    'https://mainnet.infura.io/v3/0123456789abcdef', // a key in the path is the providers' norm
    'http://127.0.0.1:8545',
    'http://localhost:8545',
    'http://anvil.localhost:8545',
    'http://devbox.local:8545',
    'http://10.0.0.7:8545',
    'http://172.20.1.2:8545',
    'http://192.168.1.10:8545',
    'http://169.254.1.1:8545',
    'http://[::1]:8545',
    'http://[fd12:3456::1]:8545',
    'http://[::ffff:127.0.0.1]:8545',
  ])('accepts %s', (url) => {
    expect(rpcUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['https://user:secret@rpc.example.com', /credentials/],
    ['https://:secret@rpc.example.com', /credentials/],
    ['http://rpc.example.com', /plain http: is only for this machine or the local network/],
    ['http://8.8.8.8:8545', /plain http:/],
    ['http://172.32.0.1:8545', /plain http:/], // just outside 172.16/12
    ['http://[2001:db8::1]:8545', /plain http:/],
    ['ws://127.0.0.1:8545', /only http\(s\)/],
    ['javascript:alert(1)', /only http\(s\)/],
    ['not a url', /not a URL/],
    [`https://rpc.example.com/${'a'.repeat(600)}`, /longer than 500/],
  ])('refuses %s', (url, reason) => {
    expect(rpcUrlProblem(url)).toMatch(reason);
  });

  it('is what the markets file and the set-chain message apply', () => {
    const file = (url: string) => ({ chains: [{ chainId: 5, name: 'X', rpcUrls: [url] }], markets: [] });
    expect(() => parseMarketsFile(file('http://rpc.example.com'))).toThrow(/plain http:/);
    expect(() => parseMarketsFile(file('https://u:p@rpc.example.com'))).toThrow(/credentials/);
    expect(() => parseRequest({ type: 'set-chain', chainId: 5, rpcUrls: ['http://rpc.example.com'] })).toThrow(/plain http:/);
    expect(parseRequest({ type: 'set-chain', chainId: 5, rpcUrls: ['http://127.0.0.1:8545'] })).toMatchObject({ rpcUrls: ['http://127.0.0.1:8545'] });
  });

  it('a file accepted under the older rule still reads back from storage (never dropped on read)', () => {
    const stored = { chains: [{ chainId: 5, name: 'X', rpcUrls: ['http://rpc.example.com'] }], markets: [] };
    expect(parseMarketsFile(stored, [], { stored: true }).chains[0]!.rpcUrls).toEqual(['http://rpc.example.com']);
  });

  it('isLocalHost', () => {
    expect(isLocalHost('127.0.0.53')).toBe(true);
    expect(isLocalHost('example.com')).toBe(false);
    expect(isLocalHost('localhost.example.com')).toBe(false);
  });
});
