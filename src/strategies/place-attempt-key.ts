import type { KeyResolver } from '../keys/key-resolver.js';
import type { IssuedKey } from '../keys/key-source.js';
import type { AttemptOutcome, AuthRequest } from './strategy.js';

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
  const { provider } = request;
  const apply = (issued: IssuedKey) => {
    const { key, report } = issued;
    request.conceal(key);
    request.onOutcome?.((outcome) => {
      // A source that reports (a pool) decides itself whether another key can come; for the
      // others, a refused key is refreshed once for every call that saw it refused.
      if (report !== undefined) return safeReport(report, outcome);
      return outcome.refreshRequested ? keys.refuse(key, generation, provider) : false;
    });
    request.useKey?.(keys.keyUse(issued, provider));
    place(key);
  };
  try {
    const issued = keys.resolve({ refresh: request.refreshKey === true, signal: request.signal, provider });
    if (!(issued instanceof Promise)) return apply(issued);
    return issued.then(apply);
  } catch (error) {
    // Failures stay rejections, as from an async strategy: callers await them either way.
    return Promise.reject(error);
  }
}

/** A key source's bookkeeping failing is no reason to lose the provider's answer. */
function safeReport(report: NonNullable<IssuedKey['report']>, outcome: AttemptOutcome): boolean {
  try {
    return report(outcome) === true;
  } catch {
    return false;
  }
}
