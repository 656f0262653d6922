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
  /** Fingerprints of the last few keys (a pool alternates between some), by provider and key. */
  readonly #fingerprints = new Map<string, string>();

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
   * The key's fingerprint ({@link keyFingerprint}), remembered for the last few keys: computing a
   * hash on every attempt would cost more than the rest of the key's handling.
   *
   * @param key The key.
   * @param provider The provider's id.
   * @returns E.g. `twelvelabs:e19bf5ba`.
   */
  fingerprint(key: string, provider: string | undefined): string {
    const memo = `${provider ?? ''}\n${key}`;
    let fingerprint = this.#fingerprints.get(memo);
    if (fingerprint === undefined) {
      if (this.#fingerprints.size >= 16) this.#fingerprints.clear();
      fingerprint = keyFingerprint(key, provider);
      this.#fingerprints.set(memo, fingerprint);
    }
    return fingerprint;
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
