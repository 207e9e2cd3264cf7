import { describe, expect, it } from 'vitest';
import { checkSender, MAX_POSITION_KEY_CHARS, parseRequest } from '../../../lib/messages.ts';
import { positionKey } from '../../../lib/snapshot/position.ts';
import { alicePosition } from '../fixtures/sites.ts';

describe("'open-position' (badge click → simulator)", () => {
  it('is accepted from the dapp content script only, with a bounded string key', () => {
    const key = positionKey(alicePosition());
    expect(parseRequest({ type: 'open-position', key })).toEqual({ type: 'open-position', key });
    expect(checkSender('open-position', 'dapp-content-script')).toBeNull();
    expect(checkSender('open-position', 'extension-page')).toMatch(/not accepted/);
    expect(checkSender('open-position', null)).toMatch(/not accepted/);
    expect(() => parseRequest({ type: 'open-position', key: 'x'.repeat(MAX_POSITION_KEY_CHARS + 1) })).toThrow(/key/);
    expect(() => parseRequest({ type: 'open-position', key: 42 })).toThrow(/key/);
    expect(() => parseRequest({ type: 'open-position' })).toThrow(/key/);
  });
});
