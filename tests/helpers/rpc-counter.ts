import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback JSON-RPC proxy in front of anvil that counts what a reader really sends: HTTP requests and
 * JSON-RPC calls (each call of a batch counts), per method. Tests and the benchmark use it to show the
 * request count stays flat as accounts grow.
 */
export interface RpcCounter {
  url: string;
  counts: { http: number; calls: number; methods: Record<string, number> };
  reset(): void;
  close(): Promise<void>;
}

export async function startRpcCounter(target: string): Promise<RpcCounter> {
  const counts = { http: 0, calls: 0, methods: {} as Record<string, number> };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      counts.http++;
      try {
        const parsed = JSON.parse(body) as { method: string } | { method: string }[];
        for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
          counts.calls++;
          counts.methods[call.method] = (counts.methods[call.method] ?? 0) + 1;
        }
      } catch {
        // not JSON: forwarded as is, the node answers with an error
      }
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
