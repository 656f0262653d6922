/**
 * Runs user code that watches a call (a logger method, a hook) so that it can never change the
 * call: a synchronous throw is ignored, and a returned promise (an async hook, a logger that
 * writes asynchronously) gets a no-op rejection handler, so its failure is not an unhandled
 * rejection in the user's process either. The promise is not awaited: calls never wait for
 * their watchers.
 *
 * @param run The user code, already bound to its arguments.
 */
export function callSafely(run: () => unknown): void {
  try {
    const returned = run();
    // Read once: a `then` getter could answer differently the second time.
    const then = (returned as { then?: unknown } | null | undefined)?.then;
    if (typeof then === 'function') then.call(returned, undefined, ignore);
  } catch {
    // A watcher's failure is the watcher's business, not the call's.
  }
}

function ignore(): void {}
