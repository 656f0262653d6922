/**
 * Waits `ms` milliseconds, or less when `signal` aborts first. Never rejects: the caller checks
 * the signal afterwards and reports the abort in its own terms.
 *
 * @param ms How long to wait.
 * @param signal Ends the wait early.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
