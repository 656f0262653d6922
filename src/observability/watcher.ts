import type { KeygateError } from '../errors/keygate-error.js';
import type { CallStart } from './call-trace.js';
import type { ErrorView, KeyExpiryView, RequestView, ResponseView, RetryView } from './options.js';

/**
 * The inside of the observability layer: the logger, the hooks and tracing each watch a call
 * through redacted views only. `view-trace.ts` turns the attempt loop's raw facts (which carry
 * the key) into these views once, and hands the same frozen views to every watcher.
 */

/** How a call ended, redacted. */
export interface CallEnd {
  /** The attempts made, 1 for a call answered at once. */
  readonly attempts: number;
  /** The final answer's status, when one arrived. */
  readonly status: number | undefined;
  /** The final answer's request id, when the provider sent one. */
  readonly requestId: string | undefined;
  /** The last request sent, or the call's own request when none was sent. */
  readonly request: RequestView;
  /** The failure as hooks see it; `undefined` when the call succeeded. */
  readonly failure: ErrorView | undefined;
}

/**
 * One call's events, redacted. Every method is optional: a watcher that leaves one out (the
 * logger at `warn` leaves out all but `end`) spares the call the work of building that view.
 */
export interface CallWatcher {
  /** A request (an attempt, or a same-origin redirect hop) is about to be sent. */
  request?(view: RequestView): void;
  /**
   * An attempt ended. `response` is there when an answer arrived, whatever its status;
   * `error` when the attempt failed (an error answer, or no answer at all).
   */
  attemptEnd?(
    request: RequestView,
    response: ResponseView | undefined,
    error: KeygateError | undefined,
  ): void;
  /** The loop will wait and send the call again. */
  retry?(view: RetryView): void;
  /** The key was refused and a fresh one is asked for; the call is sent again at once. */
  refresh?(view: RequestView): void;
  /** The call is over. */
  end?(result: CallEnd): void;
  /** The attempt's key is close to its expiry (at most once a day per key and transport). */
  keyExpiring?(view: KeyExpiryView): void;
}

/** Decides, per call, whether to watch it. */
export interface Watcher {
  /**
   * @param call The call's start (no key in it).
   * @returns A watcher for this call, or `undefined` to skip it.
   */
  watch(call: CallStart): CallWatcher | undefined;
}
