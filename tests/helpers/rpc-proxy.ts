import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback JSON-RPC proxy in front of anvil that counts what a reader really sends: HTTP requests,
 * JSON-RPC calls (a batch counts each call) and calls per method. Tests and the benchmark use it to
 * prove the request count stays flat; `mode` lets e2e tests make the RPC misbehave.
 */
export type ProxyMode = 'pass' | 'down' | 'slow' | '429' | 'garbage' | 'wrong-chain';

export interface RpcProxy {
  url: string;
  counts: { http: number; calls: number; methods: Record<string, number> };
  reset(): void;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startRpcProxy(target: string, opts: { slowMs?: number; wrongChainTarget?: string } = {}): Promise<RpcProxy> {
  let mode: ProxyMode = 'pass';
  const counts = { http: 0, calls: 0, methods: {} as Record<string, number> };
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-methods': 'POST, OPTIONS',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });
    counts.http++;
    try {
      const parsed = JSON.parse(body) as { method: string } | { method: string }[];
      for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
        counts.calls++;
        counts.methods[call.method] = (counts.methods[call.method] ?? 0) + 1;
      }
    } catch {
      // not JSON: forward as is, anvil answers with an error
    }
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === '429') {
      res.writeHead(429, { ...cors, 'content-type': 'text/plain' }).end('Too Many Requests');
      return;
    }
    if (mode === 'garbage') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","result":<html>');
      return;
    }
    if (mode === 'slow') await new Promise((r) => setTimeout(r, opts.slowMs ?? 15_000));
    // 'wrong-chain' forwards to another node (an anvil started with another chain id).
    const to = mode === 'wrong-chain' && opts.wrongChainTarget ? opts.wrongChainTarget : target;
    const upstream = await fetch(to, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await upstream.text();
    res.writeHead(upstream.status, { ...cors, 'content-type': 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reset() {
      counts.http = 0;
      counts.calls = 0;
      counts.methods = {};
    },
    setMode(m) {
      mode = m;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
