import { useState } from 'react';

/**
 * A job the user started with a button (refresh, add an account, answer a detected address): which one is
 * running and the message of the last failure, shown beside the button. `busy` is the running job's key
 * (rows with a button each: the address being answered), or `true`; `null` when idle.
 */
export function useTask<K = true>() {
  const [busy, setBusy] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (job: () => Promise<unknown>, key: K = true as K): Promise<void> => {
    setBusy(key);
    setError(null);
    try {
      await job();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, setError, run };
}
