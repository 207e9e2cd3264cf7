/**
 * Run read-modify-write sequences on storage one at a time. Two messages (a dapp tab reporting accounts
 * while the options page hides one) must not interleave their reads and writes and lose a change.
 */
export function createSerializer(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

export const serialize = createSerializer();
