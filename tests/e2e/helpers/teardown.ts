import { removeBuild } from './build.ts';

/**
 * An e2e suite's afterAll: closes the browser, the page server and the devnet (each may be unset when
 * beforeAll failed part way), then removes the extension build.
 */
export async function tearDown(started: {
  browser?: { close(): Promise<void> };
  server?: { close(): Promise<void> };
  devnet?: { stop(): Promise<void> };
  extensionDir?: string;
}): Promise<void> {
  await started.browser?.close();
  await started.server?.close();
  await started.devnet?.stop();
  removeBuild(started.extensionDir);
}
