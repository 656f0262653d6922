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
  readonly refreshKey?: boolean;
  /** Registers a secret the transport must scrub from every error and log. */
  conceal(secret: string): void;
}

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
