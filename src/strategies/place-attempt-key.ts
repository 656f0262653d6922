import type { KeyResolver } from '../keys/key-resolver.js';
import type { AuthRequest } from './strategy.js';

/**
 * Gets the key for one attempt, conceals it, and wires the attempt's outcome back to the key's
 * resolver: a key the provider refuses (with `refreshOnAuthError` on) is refreshed once for every
 * call that saw it refused. Then `place` puts it on the request. Synchronous for a plain string
 * key (no promise per request); shared by the built-in strategies.
 *
 * @param keys The strategy's key resolver.
 * @param request The attempt's request.
 * @param place Puts the key where the strategy wants it.
 * @returns Nothing, or a promise when the key source is asynchronous.
 */
export function placeAttemptKey(
  keys: KeyResolver,
  request: AuthRequest,
  place: (key: string) => void,
): void | Promise<void> {
  const generation = keys.generation;
  const apply = (key: string) => {
    request.conceal(key);
    request.onOutcome?.((outcome) => (outcome.refreshRequested ? keys.refuse(key, generation) : false));
    place(key);
  };
  try {
    const key = keys.resolve({ refresh: request.refreshKey === true, signal: request.signal });
    if (typeof key === 'string') return apply(key);
    return key.then(apply);
  } catch (error) {
    // Failures stay rejections, as from an async strategy: callers await them either way.
    return Promise.reject(error);
  }
}
