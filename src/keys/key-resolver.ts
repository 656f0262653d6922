import type { KeyUse } from '../strategies/strategy.js';
import { keyFingerprint } from './fingerprint.js';
import {
  type IssuedKey,
  isKeyIssuer,
  type KeyPlacement,
  type KeyRequest,
  type KeySource,
} from './key-source.js';
import { issueFrom, validateKey } from './validate.js';

/**
 * A refresh that hangs (a secret store that never answers) is joined by later calls only this
 * long; after that the next refused key starts a new one. Each waiter is bounded by its own
 * attempt deadline anyway: this only stops one hung refresh from failing every later call.
 */
const staleRefreshMs = 60_000;

interface Refresh {
  readonly promise: Promise<IssuedKey>;
  readonly startedAt: number;
  /** How many refreshes had started before this one: keys handed out before it have a lower generation. */
  readonly generation: number;
  pending: boolean;
  /** The key it produced, once settled successfully. */
  result?: string | undefined;
}

/**
 * Asks a key source for keys on behalf of a strategy, and refreshes a refused key **once** for
 * all the calls that saw it refused: with `refreshOnAuthError`, N concurrent calls that all get a
 * 401 for the same key make one `{ refresh: true }` call of the key function; the others wait for
 * it and send its result. A plain string cannot be refreshed, so a 401 for it is final.
 *
 * The built-in strategies use one resolver each; a custom strategy can use one too.
 *
 * @example
 * ```ts
 * import { KeyResolver } from 'keygate';
 * const keys = new KeyResolver(async () => 'tl-test-key', 'header');
 * const key = await keys.resolve({ refresh: false });
 * ```
 */
export class KeyResolver {
  readonly #source: KeySource;
  readonly #placement: KeyPlacement;
  /** The latest refresh, pending or settled (successfully or not). */
  #refresh: Refresh | undefined;
  /** How many refreshes have started. */
  #refreshes = 0;
  /** A plain string key, once it passed validation. */
  #validated: IssuedKey | undefined;
  /** The fingerprints of the last few keys (a pool alternates between some), by key. */
  readonly #uses = new Map<string, { provider: string | undefined; use: KeyUse }>();

  /**
   * @param source The key, a function that returns it, or a key issuer.
   * @param placement Where the key travels (decides which characters are allowed).
   */
  constructor(source: KeySource, placement: KeyPlacement) {
    this.#source = source;
    this.#placement = placement;
  }

  /**
   * The number of refreshes started so far. Read it before {@link resolve} and pass it to
   * {@link refuse}, so the resolver can tell a key handed out before the latest refresh (join
   * that refresh) from one handed out after it (the refreshed key failed too: refresh again).
   */
  get generation(): number {
    return this.#refreshes;
  }

  /**
   * Returns the key for one attempt. With `refresh: true` (the attempt after a refused key) it
   * waits for the shared refresh that {@link refuse} started, or starts one.
   *
   * @param request Whether to refresh, the attempt's signal (passed on to the key source) and the provider.
   * @returns The validated key and what its source says about it (synchronously for a plain string).
   * @throws {ConfigurationError} When the source fails or returns an invalid key.
   */
  resolve(request: KeyRequest): IssuedKey | Promise<IssuedKey> {
    // A plain string is checked once and handed out synchronously: no promise per request.
    if (typeof this.#source === 'string') {
      this.#validated ??= { key: validateKey(this.#source, this.#placement) };
      return this.#validated;
    }
    // A key issuer (a pool, a cache, a file) decides itself what a refresh means.
    if (!request.refresh || isKeyIssuer(this.#source))
      return issueFrom(this.#source, this.#placement, request);
    const refresh = this.#currentRefresh() ?? this.#startRefresh(request.provider);
    return refresh.promise;
  }

  /**
   * What the transport is told about the attempt's key (`AuthRequest.useKey`): its fingerprint
   * ({@link keyFingerprint}) and the facts its source gave. For a key without facts (a string, a
   * function's answer) the view is remembered per key, so a call costs neither a hash nor an
   * allocation.
   *
   * @param issued The key and its facts.
   * @param provider The provider's id (the fingerprint's prefix).
   * @returns The key's fingerprint, origin and age; never the key.
   */
  keyUse(issued: IssuedKey, provider: string | undefined): KeyUse {
    const { key, origin, issuedAt, maxAgeDays } = issued;
    let known = this.#uses.get(key);
    if (known === undefined || known.provider !== provider) {
      if (this.#uses.size >= 16) this.#uses.clear();
      known = { provider, use: Object.freeze({ fingerprint: keyFingerprint(key, provider) }) };
      this.#uses.set(key, known);
    }
    if (origin === undefined && issuedAt === undefined && maxAgeDays === undefined) return known.use;
    return { fingerprint: known.use.fingerprint, origin, issuedAt, maxAgeDays };
  }

  /**
   * Tells the resolver that the provider refused `key` and the next attempt will ask with
   * `refresh: true`. Joins the refresh in flight, or the one that started after `key` was handed
   * out (many calls refused with the same key share it, even if it already failed); otherwise
   * starts one.
   *
   * @param key The refused key.
   * @param generation {@link generation} as it was when the key was asked for.
   * @returns `true` when the next attempt may get another key.
   */
  refuse(key: string, generation: number, provider?: string | undefined): boolean {
    if (typeof this.#source === 'string') return false;
    if (isKeyIssuer(this.#source)) return true;
    const current = this.#currentRefresh();
    const joinable =
      current !== undefined &&
      (current.pending || (current.generation >= generation && current.result !== key));
    if (!joinable) this.#startRefresh(provider);
    return true;
  }

  #currentRefresh(): Refresh | undefined {
    const refresh = this.#refresh;
    if (refresh === undefined) return undefined;
    if (refresh.pending && Date.now() - refresh.startedAt > staleRefreshMs) return undefined;
    return refresh;
  }

  #startRefresh(provider: string | undefined): Refresh {
    const request: KeyRequest = { refresh: true, signal: AbortSignal.timeout(staleRefreshMs) };
    if (provider !== undefined) request.provider = provider;
    const started: Refresh = {
      startedAt: Date.now(),
      generation: this.#refreshes++,
      pending: true,
      promise: issueFrom(this.#source, this.#placement, request),
    };
    started.promise.then(
      (issued) => {
        started.pending = false;
        started.result = issued.key;
      },
      () => {
        // Kept: the calls refused together share its failure; a key handed out later starts anew.
        started.pending = false;
      },
    );
    this.#refresh = started;
    return started;
  }
}
