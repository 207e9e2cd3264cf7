import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const hasFirefox = existsSync(FIREFOX);

/**
 * Debian's firefox-esr driven over WebDriver BiDi (built into Firefox; no geckodriver, no extra package):
 * Node's own WebSocket speaks the protocol, `webExtension.install` loads the unpacked build as a temporary
 * add-on, and a fixed moz-extension UUID (profile pref) lets the test open the extension's pages.
 * `--remote-allow-system-access` is what permits navigating to moz-extension:// URLs.
 */
export interface FirefoxSession {
  extensionOrigin: string;
  /** A new tab; returns its BiDi context id. */
  newTab(): Promise<string>;
  navigate(context: string, url: string): Promise<void>;
  /** Evaluate an expression (awaiting promises) in a tab; returns the JSON-decoded result of `JSON.stringify(expr)`. */
  evaluate<T>(context: string, expression: string): Promise<T>;
  close(): Promise<void>;
}

const GECKO_ID = 'liquidation-guard@liquidationguard.dev';
const EXTENSION_UUID = '3b8f1a2e-8f5b-4f7e-9a55-3c1f0d9e7a11';

export async function launchFirefox(extensionDir: string, opts: { httpsProxyPort?: number } = {}): Promise<FirefoxSession> {
  const profile = mkdtempSync(join(tmpdir(), 'lg-firefox-'));
  const prefs: Record<string, string | number | boolean> = {
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    'datareporting.policy.dataSubmissionEnabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'app.update.enabled': false,
  };
  if (opts.httpsProxyPort) {
    // HTTPS to the dapp hosts goes through a local CONNECT proxy to the test's HTTPS server; 127.0.0.1
    // (the devnet RPC) is never proxied.
    Object.assign(prefs, { 'network.proxy.type': 1, 'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': opts.httpsProxyPort });
  }
  writeFileSync(join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const port = await freePort();
  const child: ChildProcess = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, `--remote-debugging-port=${port}`, '--remote-allow-system-access'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (log.includes('WebDriver BiDi listening')) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`Firefox did not start:\n${log}`));
    }, 30_000);
  });

  const ws = new WebSocket(`ws://127.0.0.1:${port}/session`);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve);
    ws.addEventListener('error', reject);
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; type: string; result?: unknown; error?: string; message?: string };
    if (message.id === undefined || !pending.has(message.id)) return;
    const { resolve, reject } = pending.get(message.id)!;
    pending.delete(message.id);
    if (message.type === 'error') reject(new Error(`${message.error}: ${message.message}`));
    else resolve(message.result);
  });
  const send = <T>(method: string, params: object): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });

  await send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
  await send('webExtension.install', { extensionData: { type: 'path', path: extensionDir } });

  return {
    extensionOrigin: `moz-extension://${EXTENSION_UUID}`,
    async newTab() {
      return (await send<{ context: string }>('browsingContext.create', { type: 'tab' })).context;
    },
    async navigate(context, url) {
      await send('browsingContext.navigate', { context, url, wait: 'complete' });
    },
    async evaluate<T>(context: string, expression: string) {
      const result = await send<{ type: string; result?: { type: string; value?: string }; exceptionDetails?: { text: string } }>('script.evaluate', {
        expression: `Promise.resolve(${expression}).then((v) => JSON.stringify(v ?? null))`,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
      });
      if (result.type === 'exception') throw new Error(result.exceptionDetails?.text ?? 'evaluation failed');
      return JSON.parse(result.result!.value!) as T;
    },
    async close() {
      await send('session.end', {}).catch(() => undefined);
      ws.close();
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A CONNECT proxy that sends every tunnel to one local port (the test's HTTPS server), whatever host was asked. */
export async function startConnectProxy(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('data', (head) => {
      if (!/^CONNECT /.test(head.toString())) return client.destroy();
      const upstream = connect(targetPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
