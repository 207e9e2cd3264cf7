import { serveHtml } from '../../fixtures/sites/serve.ts';

/**
 * A local HTTPS server the browser reaches as `https://app.aave.com/` (and other names) through
 * `--host-resolver-rules`, with a self-signed certificate made now by openssl (Chromium is started with
 * `--ignore-certificate-errors`). Pages are plain HTML strings by path.
 */
export interface PageServer {
  port: number;
  /** Host names this server answers for (for the resolver rules). */
  hosts: string[];
  pages: Map<string, string>;
  close(): Promise<void>;
}

export async function startPageServer(hosts: string[]): Promise<PageServer> {
  const pages = new Map<string, string>();
  const { port, close } = await serveHtml(hosts, (req) => pages.get(new URL(req.url ?? '/', 'https://x').pathname));
  return { port, hosts, pages, close };
}

/**
 * A dapp page with an injected EIP-1193 wallet (announced through EIP-6963 and set as window.ethereum)
 * connected with `accounts`. Every call the wallet receives is recorded in `window.__walletCalls`, so a
 * test can prove that nothing but read-only methods were asked (and no prompt was opened).
 */
export function walletPage(accounts: string[], chainIdHex: string): string {
  return `<!doctype html><html><head><title>Fake dapp</title><script>
  window.__walletCalls = [];
  const listeners = {};
  const state = { accounts: ${JSON.stringify(accounts)}, chainId: ${JSON.stringify(chainIdHex)} };
  const provider = {
    request: async ({ method }) => {
      window.__walletCalls.push(method);
      if (method === 'eth_accounts') return state.accounts;
      if (method === 'eth_chainId') return state.chainId;
      if (method === 'eth_requestAccounts') { window.__prompted = true; return state.accounts; }
      throw Object.assign(new Error('unsupported'), { code: 4200 });
    },
    on: (event, fn) => { (listeners[event] ||= []).push(fn); },
    removeListener: () => {},
  };
  window.__wallet = { state, emit: (event, value) => (listeners[event] || []).forEach((fn) => fn(value)) };
  window.ethereum = provider;
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', {
    detail: Object.freeze({ info: { uuid: '00000000-0000-4000-8000-000000000001', name: 'Fake Wallet', icon: 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>', rdns: 'dev.fake.wallet' }, provider }),
  }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
  </script></head><body><h1>Fake dapp</h1></body></html>`;
}

export const blankPage = '<!doctype html><html><head><title>blank</title></head><body>blank</body></html>';
