import { ConfigurationError } from '../errors/configuration-error.js';
import type { AttemptOutcome } from '../strategies/strategy.js';
import type { IssuedKey, KeyIssuer, KeyRequest } from './key-source.js';

/** What a secret fetch is given by {@link cachedKey}. */
export interface SecretFetchRequest {
  /**
   * Aborts when the fetch's deadline (`fetchTimeoutMs`) passes: hand it to your SDK call
   * (`client.send(command, { abortSignal: signal })`) so an abandoned fetch stops its I/O.
   */
  signal: AbortSignal;
}

/** A call to a secret manager that returns the key (AWS Secrets Manager, Vault, 1Password...). */
export type SecretFetch = (request: SecretFetchRequest) => string | Promise<string>;

/** Options of {@link cachedKey}. */
export interface CachedKeyOptions {
  /** How long a fetched key is used before it is fetched again, in milliseconds. */
  ttlMs: number;
  /**
   * How long before expiry a request starts a background fetch, in milliseconds. The request (and
   * every other until the fetch ends) gets the cached key at once; no caller waits for the secret
   * manager while a key is cached. `0` turns it off. Must be below `ttlMs`.
   *
   * @default 0
   */
  refreshAheadMs?: number | undefined;
  /**
   * The deadline of each fetch, in milliseconds: a secret manager that does not answer by then
   * fails the callers waiting for it (and is asked again next time).
   *
   * @default 30000
   */
  fetchTimeoutMs?: number | undefined;
}

/** After a failed background refresh, the next one waits this long (the cached key still works). */
const backgroundRetryMs = 1000;
/** The largest delay a timer accepts; a larger one would fire at once. */
const maxTimerMs = 2_147_483_647;

interface Entry {
  /** Counts fetches: a higher generation was fetched later. */
  readonly generation: number;
  /** What every request gets while the entry is cached: one object, no allocation per request. */
  readonly issued: IssuedKey;
  readonly expiresAt: number;
  /** When a request starts a background refresh; pushed back after a failed one. */
  refreshAt: number;
}

/**
 * Caches the key a secret-manager call returns, so the secret manager is asked once per `ttlMs`
 * and not on every request:
 *
 * - concurrent callers share one fetch (single-flight), and a failed fetch is not cached;
 * - within `refreshAheadMs` of expiry, a request gets the cached key and starts **one**
 *   background fetch; if it fails, the cached key is used until it expires;
 * - `{ refresh: true }` (the provider refused the key, with `refreshOnAuthError`) drops the
 *   cache and fetches at once, so a key rotated in the secret manager is picked up. Calls refused
 *   with the same key share that one fetch, even those whose refusal arrives after it ended:
 *   they get the key that replaced the refused one;
 * - each fetch has its own deadline (`fetchTimeoutMs`); a caller whose own signal aborts stops
 *   waiting, while the shared fetch goes on for the others.
 *
 * It returns a {@link KeyIssuer}, like every keygate key source: wrap it in `withKeyInfo` to name
 * its origin or issue date.
 *
 * @param fetchKey Fetches the key; gets a signal that aborts at the fetch's deadline.
 * @param options The time to live, the refresh-ahead window and the fetch deadline.
 * @returns A {@link KeyIssuer}.
 * @throws {ConfigurationError} When an option is not a whole number of milliseconds in range.
 * @example
 * ```ts
 * import { HeaderKeyStrategy, cachedKey } from 'keygate';
 * const key = cachedKey(async ({ signal }) => {
 *   const response = await fetch('http://127.0.0.1:8200/v1/secret/twelvelabs', { signal });
 *   return ((await response.json()) as { key: string }).key;
 * }, { ttlMs: 5 * 60_000, refreshAheadMs: 30_000 });
 * const strategy = new HeaderKeyStrategy({ key });
 * ```
 */
export function cachedKey(fetchKey: SecretFetch, options: CachedKeyOptions): KeyIssuer {
  if (typeof fetchKey !== 'function') {
    throw new ConfigurationError('cachedKey needs a function that fetches the key from your secret manager.');
  }
  const { ttlMs, refreshAheadMs = 0, fetchTimeoutMs = 30_000 } = options ?? {};
  checkMs('ttlMs', ttlMs, 1, Number.MAX_SAFE_INTEGER);
  checkMs('refreshAheadMs', refreshAheadMs, 0, Number.MAX_SAFE_INTEGER);
  checkMs('fetchTimeoutMs', fetchTimeoutMs, 1, maxTimerMs);
  if (refreshAheadMs >= ttlMs) {
    throw new ConfigurationError(
      `cachedKey: \`refreshAheadMs\` (${refreshAheadMs}) must be below \`ttlMs\` (${ttlMs}): it is how long before expiry a background refresh starts.`,
    );
  }
  const cache = new KeyCache(fetchKey, ttlMs, refreshAheadMs, fetchTimeoutMs);
  return { issueKey: (request) => cache.issue(request) };
}

/** The state behind {@link cachedKey}. */
class KeyCache {
  #entry: Entry | undefined;
  #inflight: Promise<Entry> | undefined;
  #fetches = 0;
  /** The latest generation the provider refused (reported by the attempt loop), or -1. */
  #refused = -1;

  constructor(
    readonly fetchKey: SecretFetch,
    readonly ttlMs: number,
    readonly refreshAheadMs: number,
    readonly fetchTimeoutMs: number,
  ) {}

  issue(request: KeyRequest): IssuedKey | Promise<IssuedKey> {
    const now = Date.now();
    const current = this.#entry;
    const fresh = current !== undefined && now < current.expiresAt ? current : undefined;
    if (request.refresh) {
      // Already replaced: the refused key was older than the cached one, which nobody refused yet.
      if (
        this.#inflight === undefined &&
        fresh !== undefined &&
        this.#refused >= 0 &&
        fresh.generation > this.#refused
      ) {
        return fresh.issued;
      }
      this.#entry = undefined;
    } else if (fresh !== undefined) {
      if (this.refreshAheadMs > 0 && now >= fresh.refreshAt && this.#inflight === undefined) {
        this.#shared().catch(() => {
          // Keep serving the cached key until it expires; try again a little later.
          fresh.refreshAt = Date.now() + backgroundRetryMs;
        });
      }
      return fresh.issued;
    }
    return untilAborted(this.#shared(), request.signal, () => request.signal?.reason).then(
      (entry) => entry.issued,
    );
  }

  #shared(): Promise<Entry> {
    if (this.#inflight !== undefined) return this.#inflight;
    const started = this.#fetch(++this.#fetches);
    this.#inflight = started;
    const clear = () => {
      if (this.#inflight === started) this.#inflight = undefined;
    };
    started.then(clear, clear);
    return started;
  }

  async #fetch(generation: number): Promise<Entry> {
    const startedAt = Date.now();
    const signal = AbortSignal.timeout(this.fetchTimeoutMs);
    const timedOut = () =>
      new ConfigurationError(
        `cachedKey: the secret fetch did not finish within ${this.fetchTimeoutMs} ms (\`fetchTimeoutMs\`). Check that the secret manager is reachable.`,
      );
    let key: unknown;
    try {
      const answer = new Promise<unknown>((resolve) => resolve(this.fetchKey({ signal })));
      key = await untilAborted(answer, signal, timedOut);
    } catch (error) {
      // An SDK that honours the signal rejects with its own abort error: report the deadline.
      throw signal.aborted ? timedOut() : error;
    }
    if (typeof key !== 'string' || key === '') {
      throw new ConfigurationError(
        `cachedKey: the secret fetch returned ${key === '' ? 'an empty string' : typeof key} instead of the key. Check that it returns the secret's text (e.g. SecretString).`,
      );
    }
    const report = (outcome: AttemptOutcome): boolean => {
      // The attempt loop asks for a fresh key next: remember which key was refused, so the
      // calls refused with it share one fetch (see `issue`).
      if (!outcome.refreshRequested) return false;
      if (generation > this.#refused) this.#refused = generation;
      return true;
    };
    // The time to live counts from the start of the fetch: the secret was read no earlier.
    const entry: Entry = {
      generation,
      issued: { key, report },
      expiresAt: startedAt + this.ttlMs,
      refreshAt: startedAt + this.ttlMs - this.refreshAheadMs,
    };
    this.#entry = entry;
    return entry;
  }
}

/**
 * Waits for `promise`, or rejects with `reason()` as soon as `signal` aborts; `promise` itself
 * goes on (other callers may be waiting for it).
 */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  reason: () => unknown,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function checkMs(name: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === maxTimerMs ? ` (at most ${maxTimerMs})` : '';
    throw new ConfigurationError(
      `cachedKey: \`${name}\` must be a whole number of milliseconds${min > 0 ? ' above 0' : ''}${range}, got ${String(value)}.`,
    );
  }
}
