import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A JSON-RPC proxy in front of a real node (anvil) whose failure mode a test switches at run time (the
 * e2e counterpart of tests/helpers/rpc-counter.ts, which counts requests; this one fakes a wrong chain
 * by rewriting eth_chainId so it needs no second node):
 * the RPC failures the guard must survive, produced at the HTTP level exactly as a browser sees them.
 * Answers CORS (like anvil and public RPCs), so an extension worker can call it without host permission.
 */
export type FaultMode =
  | 'pass' // forward as is
  | 'down' // connection reset: fetch fails
  | 'slow' // answer after `slowMs`
  | '429' // HTTP 429 Too Many Requests
  | 'garbage' // 200 with a body that is not JSON
  | 'wrong-chain'; // eth_chainId says 1 (as if the URL pointed at mainnet); other calls forwarded

export interface FaultyRpc {
  url: string;
  mode: FaultMode;
  slowMs: number;
  /** Requests seen per mode (for asserting that traffic happened). */
  hits: Record<FaultMode, number>;
  close(): Promise<void>;
}

interface RpcCall {
  id: number;
  method: string;
}
interface RpcAnswer {
  id: number;
  result?: unknown;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type',
  'access-control-allow-methods': 'POST, OPTIONS',
};

export async function startFaultyRpc(upstream: string): Promise<FaultyRpc> {
  const target = new URL(upstream);
  const sockets = new Set<import('node:net').Socket>();
  const state: FaultyRpc = {
    url: '',
    mode: 'pass',
    slowMs: 12_000,
    hits: { pass: 0, down: 0, slow: 0, '429': 0, garbage: 0, 'wrong-chain': 0 },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const forward = (body: Buffer, res: ServerResponse, rewrite?: (json: RpcAnswer | RpcAnswer[]) => unknown) => {
    const upstreamReq = httpRequest(
      { hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          let out = Buffer.concat(chunks);
          if (rewrite) out = Buffer.from(JSON.stringify(rewrite(JSON.parse(out.toString()))));
          res.writeHead(upstreamRes.statusCode ?? 502, { ...CORS, 'content-type': 'application/json' });
          res.end(out);
        });
      },
    );
    upstreamReq.on('error', () => {
      res.writeHead(502, CORS);
      res.end();
    });
    upstreamReq.end(body);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const mode = state.mode;
      state.hits[mode]++;
      switch (mode) {
        case 'pass':
          return forward(body, res);
        case 'down':
          return req.socket.destroy();
        case 'slow': {
          const timer = setTimeout(() => forward(body, res), state.slowMs);
          res.on('close', () => clearTimeout(timer));
          return;
        }
        case '429':
          res.writeHead(429, { ...CORS, 'content-type': 'text/plain', 'retry-after': '1' });
          return res.end('Too Many Requests');
        case 'garbage':
          res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
          return res.end('<html>502 Bad Gateway</html>{"jsonrpc":');
        case 'wrong-chain': {
          const chainIdOf = (call: RpcCall | null) => (call?.method === 'eth_chainId' ? { jsonrpc: '2.0', id: call.id, result: '0x1' } : null);
          let parsed: RpcCall | RpcCall[] | null;
          try {
            parsed = JSON.parse(body.toString());
          } catch {
            parsed = null;
          }
          const calls = Array.isArray(parsed) ? parsed : [parsed];
          if (calls.every((c) => chainIdOf(c))) {
            const answers = calls.map(chainIdOf);
            res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
            return res.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]));
          }
          return forward(body, res, (json) =>
            Array.isArray(json) ? json.map((r, i) => (calls[i]?.method === 'eth_chainId' ? { ...r, result: '0x1' } : r)) : json,
          );
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A minimal JSON-RPC node for unit tests: answers eth_chainId and eth_blockNumber. */
export async function startFakeNode(chainId: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = JSON.parse(Buffer.concat(chunks).toString() || '{}') as RpcCall | RpcCall[];
      const answer = (c: RpcCall) => ({ jsonrpc: '2.0', id: c.id, result: c.method === 'eth_chainId' ? `0x${chainId.toString(16)}` : '0x64' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(Array.isArray(call) ? call.map(answer) : answer(call)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
