import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Build the extension for a browser into a fresh temporary directory (never the developer's `.output`),
 * through WXT's programmatic `build` with `outDir` overridden; everything else is wxt.config.ts.
 * Runs in a child process: the build's Vite must not share this test process's module graph, and with
 * NODE_ENV=production (vitest sets "test", which would ship React's development JSX runtime).
 */
export async function buildExtension(browser: 'chrome' | 'firefox', env: Record<string, string> = {}): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), `lg-build-${browser}-`));
  const script = `import('wxt').then((w) => w.build({ root: ${JSON.stringify(ROOT)}, outDir: ${JSON.stringify(outDir)}, browser: ${JSON.stringify(browser)}, logLevel: 1 }))`;
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => {
      if (code === 0) return resolvePromise();
      rmSync(outDir, { recursive: true, force: true });
      reject(new Error(`wxt build failed (${code}):\n${output}`));
    });
  });
  const dir = join(outDir, `${browser}-mv3`);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`no manifest in ${dir}`);
  return dir;
}

/** Remove a build made by `buildExtension`. */
export function removeBuild(dir: string | undefined): void {
  if (dir) rmSync(dirname(dir), { recursive: true, force: true });
}
