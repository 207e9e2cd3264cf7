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
  | '500' // HTTP 500 with an HTML body (a gateway error page)
  | 'garbage' // 200 with a body that is not JSON
  | 'wrong-chain' // eth_chainId says 1 (as if the URL pointed at mainnet); other calls forwarded
  | 'lagging'; // the right chain, but pinned to `pinnedBlock`: eth_blockNumber says it, calls at 'latest' run there

export interface FaultyRpc {
  url: string;
  mode: FaultMode;
  slowMs: number;
  /** The block a 'lagging' proxy serves as the latest (hex quantity), e.g. one read before the chain moved on. */
  pinnedBlock: bigint;
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
    pinnedBlock: 0n,
    hits: { pass: 0, down: 0, slow: 0, '429': 0, '500': 0, garbage: 0, 'wrong-chain': 0, lagging: 0 },
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

  /** eth_blockNumber answered here with the pinned block; everything else forwarded with 'latest' pinned to it. */
  const forwardPinned = (body: Buffer, res: ServerResponse) => {
    let parsed: PinnableCall | PinnableCall[];
    try {
      parsed = JSON.parse(body.toString()) as PinnableCall | PinnableCall[];
    } catch {
      return forward(body, res);
    }
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    const tag = `0x${state.pinnedBlock.toString(16)}`;
    const local = new Map(calls.filter((c) => c.method === 'eth_blockNumber').map((c) => [c.id, { jsonrpc: '2.0', id: c.id, result: tag }]));
    const rest = calls.filter((c) => !local.has(c.id)).map((c) => pin(c, state.pinnedBlock));
    const reply = (answers: Map<number, unknown>) => {
      const ordered = calls.map((c) => answers.get(c.id) ?? local.get(c.id));
      res.writeHead(200, { ...CORS, 'content-type': 'application/json' });
      res.end(JSON.stringify(Array.isArray(parsed) ? ordered : ordered[0]));
    };
    if (rest.length === 0) return reply(new Map());
    return forward(Buffer.from(JSON.stringify(rest)), res, (json) => {
      const answers = new Map((Array.isArray(json) ? json : [json]).map((a) => [a.id, a as unknown]));
      const ordered = calls.map((c) => answers.get(c.id) ?? local.get(c.id));
      return Array.isArray(parsed) ? ordered : ordered[0];
    });
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
        case '500':
          res.writeHead(500, { ...CORS, 'content-type': 'text/html' });
          return res.end('<html><body>500 Internal Server Error</body></html>');
        case 'lagging':
          return forwardPinned(body, res);
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

interface PinnableCall extends RpcCall {
  jsonrpc?: string;
  params?: unknown[];
}

/** The call as a node stuck at `block` would see it: 'latest' (or a missing block, 'pending', 'safe', 'finalized') becomes `block`. */
function pin(c: PinnableCall, block: bigint): PinnableCall {
  const tag = `0x${block.toString(16)}`;
  const latest = (p: unknown) => p === undefined || p === 'latest' || p === 'pending' || p === 'safe' || p === 'finalized';
  const params = [...(c.params ?? [])];
  const at: Record<string, number> = { eth_call: 1, eth_estimateGas: 1, eth_getBalance: 1, eth_getCode: 1, eth_getTransactionCount: 1, eth_getStorageAt: 2, eth_getBlockByNumber: 0 };
  const slot = at[c.method];
  if (slot !== undefined) {
    if (latest(params[slot])) params[slot] = tag;
    return { ...c, params };
  }
  if (c.method === 'eth_getLogs') {
    const filter = { ...(params[0] as Record<string, unknown>) };
    if (latest(filter.toBlock)) filter.toBlock = tag;
    params[0] = filter;
    return { ...c, params };
  }
  return c;
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
