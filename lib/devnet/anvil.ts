/**
 * Start and stop a local anvil node for tests, benchmarks and the demo.
 *
 * The binary comes from the `@foundry-rs/anvil-<platform>` npm package (installed as a dependency of
 * `@foundry-rs/anvil`). We spawn that binary directly rather than `node_modules/.bin/anvil`, which is a Node
 * wrapper that spawns anvil again: killing the wrapper could leave the real node running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Socket } from 'node:net';
import { dirname, join } from 'node:path';

export interface Anvil {
  rpcUrl: string;
  port: number;
  /** Terminates anvil and waits for it to exit (so a `dumpState` file is complete when this resolves). */
  stop(): Promise<void>;
}

export interface StartAnvilOptions {
  /** Fixed port; when absent a free one is picked (and re-picked if another process grabs it first). */
  port?: number;
  /** State file written by anvil (`--dump-state` or an `anvil_dumpState` result, gunzipped) to start from. */
  loadState?: string;
  /** Where anvil writes its state when it exits (on `stop()`). */
  dumpState?: string;
  /** Extra command-line flags, appended last. */
  args?: readonly string[];
  /** How long to wait for the first `eth_chainId` answer. */
  timeoutMs?: number;
}

export const DEVNET_CHAIN_ID = 31337;

const require = createRequire(import.meta.url);

/** The anvil binary: `$ANVIL_BIN` when set, else the one shipped for this platform on npm. */
export function anvilBinary(): string {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  const os = process.platform === 'win32' ? 'win32' : process.platform;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${os}-${arch}`;
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve(`${pkg}/package.json`));
  } catch (cause) {
    throw new Error(`anvil is not installed for ${process.platform}/${process.arch} (npm package ${pkg}).`, { cause });
  }
  const bin = join(pkgDir, 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil');
  if (!existsSync(bin)) throw new Error(`anvil binary missing at ${bin}.`);
  return bin;
}

/** A port the OS considers free right now. Another process may still take it before anvil binds it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('Could not find a free port.'))));
    });
  });
}

export async function startAnvil(opts: StartAnvilOptions = {}): Promise<Anvil> {
  const attempts = opts.port === undefined ? 5 : 1;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const port = opts.port ?? (await freePort());
    try {
      return await launch(port, opts);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw lastError;
}

class PortInUseError extends Error {}

async function launch(port: number, opts: StartAnvilOptions): Promise<Anvil> {
  const args = ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(DEVNET_CHAIN_ID), '--silent'];
  if (opts.loadState) args.push('--load-state', opts.loadState);
  if (opts.dumpState) args.push('--dump-state', opts.dumpState);
  if (opts.args) args.push(...opts.args);

  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  // Neither the process nor its pipe keep the caller's event loop alive: a script that forgets stop() still
  // exits, and the exit hook below kills anvil.
  child.unref();
  (child.stderr as Socket | null)?.unref();

  let onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => {};
  const exited = new Promise<never>((_, reject) => {
    onExit = (code, signal) => {
      const message = `anvil exited before answering (code ${code ?? signal}): ${stderr.trim() || 'no output'}`;
      reject(/address already in use/i.test(stderr) ? new PortInUseError(message) : new Error(message));
    };
    child.once('exit', onExit);
    child.once('error', (error) => reject(new Error(`Could not start anvil: ${error.message}`, { cause: error })));
  });
  exited.catch(() => {}); // only observed while starting

  const rpcUrl = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitForRpc(rpcUrl, opts.timeoutMs ?? 15_000), exited]);
  } catch (error) {
    await kill(child);
    throw error;
  }
  child.removeListener('exit', onExit);
  return { rpcUrl, port, stop: () => kill(child) };
}

/** Polls `eth_chainId` until anvil answers with the devnet chain id. */
async function waitForRpc(rpcUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      const body = (await response.json()) as { result?: string };
      if (body.result !== undefined && Number(body.result) === DEVNET_CHAIN_ID) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`anvil did not answer on ${rpcUrl} within ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

// ---- no orphans -----------------------------------------------------------------------------------------

const live = new Set<ChildProcess>();
let hooksInstalled = false;

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' handlers must be synchronous: a plain SIGKILL is the only thing that surely happens.
  process.once('exit', killAllNow);
  // Default signal handling skips 'exit' handlers, so catch the usual termination signals, clean up, then
  // re-raise the signal so the process still dies the way it was asked to (unless someone else handles it).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      killAllNow();
      process.removeListener(signal, handler);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

function killAllNow(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** SIGTERM (lets anvil write `--dump-state`), SIGKILL after 3 s; resolves once the process is gone. */
function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      live.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
