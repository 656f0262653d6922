import type { KeygateError } from '../errors/keygate-error.js';
import type { KeyUse } from '../strategies/strategy.js';
import type { RetryReason } from '../transport/retry-policy.js';

/**
 * The contract between the attempt loop and everything that watches it (the logger, the hooks,
 * OpenTelemetry). The loop reports raw facts, some of which carry the key (the authenticated
 * request's headers and URL); an {@link Observer} turns them into redacted views before any
 * user code sees them. Nothing here is exported from `keygate`: users see only the views.
 */

/** The start of one call, before any key is placed. */
export interface CallStart {
  /** The provider's id, e.g. `twelvelabs` (the word of `error.provider` and of the entry point). */
  readonly provider: string;
  /** The provider's display name, e.g. `TwelveLabs`, for messages. */
  readonly providerName: string;
  readonly method: string;
  /** The call's URL with its query, before the strategy ran: holds no key. */
  readonly url: URL;
  /** The call's headers before the strategy ran: hold no key. */
  readonly headers: Headers;
  /**
   * Every value a strategy concealed on this call so far. Live: it grows as attempts run, so an
   * observer reads it when it redacts, not when the call starts.
   */
  readonly secrets: ReadonlySet<string>;
}

/**
 * One request as it goes on the wire, authenticated. Carries the key: an observer must never
 * hand it (or its `headers` / `url`) to user code; it compares it with {@link CallStart} to
 * learn where the strategy put the key (the headers and query parameters it added or changed)
 * and redacts those by location, then every concealed value wherever else it appears.
 */
export interface SentRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The key the strategy said it placed: its fingerprint and age, never the key. */
  readonly key?: KeyUse | undefined;
}

/** How one attempt ended. Neither `status` nor `error`: no answer arrived (the connection failed). */
export interface AttemptResult {
  /** The answer's status, when one arrived (a 2xx, or an error answer). */
  readonly status?: number | undefined;
  /** The answer's headers, when one arrived. Not scrubbed: a server may echo the key. */
  readonly headers?: Headers | undefined;
  /** The attempt's error, already scrubbed of every concealed value. */
  readonly error?: KeygateError | undefined;
}

/** What the loop reports about one call, in order. Every method must not throw (the loop ignores it if it does). */
export interface CallTrace {
  /** An attempt (1 for the first) is about to be sent; called again for each same-origin redirect hop. */
  send(attempt: number, request: SentRequest): void;
  /** The attempt ended: an answer of any status, or a failure. */
  attemptEnd(attempt: number, result: AttemptResult): void;
  /** The loop will send the call again after `waitMs`. */
  retry(attempt: number, reason: RetryReason, waitMs: number, error: KeygateError | undefined): void;
  /** The key was refused; the key source is asked for a fresh one and the call sent again at once. */
  refresh(attempt: number): void;
  /** The call is over: with the final answer's status and headers, or with the error it throws. */
  end(result: { readonly attempts: number } & AttemptResult): void;
}

/** Watches calls. `start` may return `undefined` to watch nothing (then the loop does no work for it). */
export interface Observer {
  /**
   * Settles when the observer can trace (e.g. once `@opentelemetry/api` has been looked for).
   * The transport waits for it before its first call, as it waits for ky; it never rejects.
   */
  readonly ready?: Promise<void> | undefined;
  start(call: CallStart): CallTrace | undefined;
}
