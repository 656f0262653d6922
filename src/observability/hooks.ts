import { callSafely } from './call-safely.js';
import type { Hooks } from './options.js';
import type { CallWatcher, Watcher } from './watcher.js';

/**
 * Calls the user's hooks with the frozen, redacted views: `onRequest` before each request (each
 * attempt and each redirect hop), `onResponse` for each answer whatever its status, `onRetry`
 * before the loop waits, `onError` when the call fails for good. A hook that throws, or returns
 * a promise that rejects, is ignored: metrics must never change a call. Hooks are not awaited.
 *
 * @param hooks The hooks (already validated: each one present is a function).
 * @returns The watcher, or `undefined` when no hook is set.
 */
export function createHookWatcher(hooks: Hooks): Watcher | undefined {
  const watcher: CallWatcher = {};
  // Called as methods of `hooks`, so a hook that is a method of a class keeps its `this`.
  if (hooks.onRequest) watcher.request = (view) => callSafely(() => hooks.onRequest?.(view));
  if (hooks.onResponse) {
    watcher.attemptEnd = (_request, response) => {
      if (response !== undefined) callSafely(() => hooks.onResponse?.(response));
    };
  }
  if (hooks.onRetry) watcher.retry = (view) => callSafely(() => hooks.onRetry?.(view));
  if (hooks.onKeyExpiring) {
    watcher.keyExpiring = (view) => callSafely(() => hooks.onKeyExpiring?.(view));
  }
  if (hooks.onError) {
    watcher.end = ({ failure }) => {
      if (failure !== undefined) callSafely(() => hooks.onError?.(failure));
    };
  }
  if (Object.keys(watcher).length === 0) return undefined;
  // One watcher serves every call: the hooks see each call through its views alone.
  return { watch: () => watcher };
}
