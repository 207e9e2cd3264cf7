/**
 * Versioned stored data: each migration takes the stored value of version `n - 1` and returns version
 * `n`, keyed by the version it produces (the same convention as WXT's `storage.defineItem` migrations,
 * so the same functions can be handed to it).
 */
export type Migrations = Record<number, (old: Record<string, unknown>) => Record<string, unknown>>;

export type MigrationResult =
  | { ok: true; value: unknown; from: number }
  | { ok: false; reason: 'newer' | 'missing-version' | 'no-path' | 'failed'; message: string };

/**
 * Bring a stored value that carries its own `version` field up to `current`.
 *
 * A value from a newer version (the user downgraded, or an old view reads what a newer worker wrote
 * during an update) is not guessed at: the caller treats it as absent.
 */
export function migrate(raw: unknown, current: number, migrations: Migrations): MigrationResult {
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    return { ok: false, reason: 'missing-version', message: 'stored value has no version' };
  }
  if (version > current) {
    return { ok: false, reason: 'newer', message: `stored version ${version} is newer than ${current}` };
  }
  let value = raw as Record<string, unknown>;
  for (let v = version + 1; v <= current; v++) {
    const step = migrations[v];
    if (!step) return { ok: false, reason: 'no-path', message: `no migration to version ${v}` };
    try {
      value = { ...step(value), version: v };
    } catch (error) {
      return { ok: false, reason: 'failed', message: `migration to version ${v} failed: ${(error as Error).message}` };
    }
  }
  return { ok: true, value, from: version };
}
