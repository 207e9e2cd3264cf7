import { useEffect, useState } from 'react';
import type { WxtStorageItem } from 'wxt/utils/storage';

/**
 * A storage item's value, decoded (validated) on every read, kept current through `watch`: the options
 * page shows what the background wrote, whoever changed it.
 */
export function useStored<R, T>(item: WxtStorageItem<R, Record<string, never>>, decode: (raw: R) => T): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void item.getValue().then((raw) => alive && setValue(decode(raw)));
    const unwatch = item.watch((raw) => setValue(decode(raw)));
    return () => {
      alive = false;
      unwatch();
    };
    // `decode` is a module-level function at every call site, so `item` is the only dependency.
  }, [item]);
  return value;
}

/** Re-render every `ms` so "read 12 s ago" stays true. */
export function useNow(ms = 5_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
