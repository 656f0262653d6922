import type { KeyInfo } from '../keys/key-source.js';

/**
 * The request a strategy authenticates, built fresh for every attempt. A strategy puts the key
 * where its provider wants it (a header, the body, the query) and calls `conceal(key)` so the
 * transport scrubs it from every error.
 */
export interface AuthRequest {
  /** The HTTP method, upper-case. */
  readonly method: string;
  /** The full URL; a strategy may add query parameters but not change the origin. */
  readonly url: URL;
  /** The request headers; a strategy may set any of them. */
  readonly headers: Headers;
  /**
   * The JSON object or multipart form to send, `undefined` for a request without a body. It is a
   * copy: a strategy may change or replace it without touching the caller's params.
   */
  body: Record<string, unknown> | FormData | undefined;
  /**
   * `true` when this attempt follows an `AuthenticationError` and the client asked to refresh
   * the key (`refreshOnAuthError`); key functions get it as `{ refresh: true }`.
   */
  readonly refreshKey?: boolean | undefined;
  /**
   * Aborts when the attempt is over: its `timeout` passed or the caller aborted. Pass it to any I/O
   * the strategy does (a secret store, a token endpoint); keygate stops waiting for the strategy at
   * that moment either way.
   */
  readonly signal?: AbortSignal | undefined;
  /** The id of the provider the call goes to, e.g. `twelvelabs` (for key sources and fingerprints). */
  readonly provider?: string | undefined;
  /** Registers a secret the transport must scrub from every error and log. */
  conceal(secret: string): void;
  /**
   * Tells the transport which key this attempt carries, by its fingerprint and what its source
   * knows about it (never the key): errors get `keyFingerprint`, logs and hooks show it, and a
   * key near its expiry is warned about. The built-in strategies call it.
   *
   * @param key The key's fingerprint, origin and age.
   */
  useKey?(key: KeyUse): void;
  /**
   * Asks to be told what the provider made of this attempt, so a key source can learn from it
   * (refresh a refused key, cool down a rate-limited one, switch to another key).
   *
   * @param listener Called once, after the attempt, with its outcome. Returning `true` tells the
   *   transport that the next attempt may carry a different key, which makes a refused key worth
   *   retrying.
   */
  onOutcome?(listener: AttemptOutcomeListener): void;
}

/** The key an attempt carries, as a strategy describes it to the transport: never the key itself. */
export interface KeyUse extends KeyInfo {
  /** The key's fingerprint (see `keyFingerprint`), e.g. `twelvelabs:e19bf5ba`. */
  readonly fingerprint: string;
}

/** What the provider made of one attempt, as told to the strategy that authenticated it. */
export interface AttemptOutcome {
  /** The HTTP status, or `undefined` when no answer arrived (connection failure, timeout, abort). */
  readonly status: number | undefined;
  /** The error the attempt ended in (scrubbed), or `undefined` for a success. */
  readonly error: Error | undefined;
  /** How long the provider asked to wait before the next call, for a rate limit. */
  readonly retryAfterMs: number | undefined;
  /**
   * `true` when the key was refused and the client asked for a fresh one (`refreshOnAuthError`):
   * the next attempt will ask its key source with `{ refresh: true }`.
   */
  readonly refreshRequested: boolean;
}

/** Receives an {@link AttemptOutcome}; `true` means the next attempt may carry a different key. */
export type AttemptOutcomeListener = (outcome: AttemptOutcome) => boolean | undefined;

/**
 * Decides where the key goes. keygate calls `authenticate` once per attempt, after the request is
 * built and before it is sent, so a key source that rotates applies on the next retry.
 *
 * @example
 * ```ts
 * import type { AuthRequest, AuthStrategy } from 'keygate';
 * const signed: AuthStrategy = {
 *   name: 'custom-header',
 *   authenticate(request: AuthRequest) {
 *     request.conceal('tl-test-key');
 *     request.headers.set('x-custom-key', 'tl-test-key');
 *   },
 * };
 * ```
 */
export interface AuthStrategy {
  /** A short name for logs and test doubles, e.g. `header-key`. */
  readonly name: string;
  /**
   * Puts the key on the request.
   *
   * @param request The attempt's request, which the strategy may change.
   */
  authenticate(request: AuthRequest): void | Promise<void>;
}
