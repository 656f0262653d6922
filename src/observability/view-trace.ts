import type { KeygateError } from '../errors/keygate-error.js';
import { formsOf, scrub } from '../transport/redact.js';
import type { RetryReason } from '../transport/retry-policy.js';
import type { AttemptResult, CallStart, CallTrace, SentRequest } from './call-trace.js';
import type { KeyExpiryMonitor } from './key-expiry.js';
import type { RequestView } from './options.js';
import { hiddenValues, redactRequest, redactStart } from './redact-request.js';
import { errorView, redactedRequestId, requestView, responseView, retryView } from './redacted-view.js';
import type { CallWatcher } from './watcher.js';

/**
 * The one {@link CallTrace} keygate hands the attempt loop: it keeps the raw facts (the sent
 * request carries the key) to itself, builds each redacted view at most once and only when a
 * watcher wants it, and gives the same frozen view to every watcher. Nothing it does can throw
 * into the loop, and one watcher failing does not keep the others from their event.
 *
 * @param start The call's start.
 * @param watchers The call's watchers (at least one).
 * @param expiry The transport's expiry warnings, when a watcher wants them.
 * @returns The call's trace.
 */
export function createViewTrace(
  start: CallStart,
  watchers: readonly CallWatcher[],
  expiry?: KeyExpiryMonitor | undefined,
): CallTrace {
  const wants = (event: keyof CallWatcher) => watchers.some((watcher) => watcher[event] !== undefined);
  const each = (use: (watcher: CallWatcher) => void) => {
    for (const watcher of watchers) {
      try {
        use(watcher);
      } catch {
        // Watching a call must never change it.
      }
    }
  };
  const callStartedAt = performance.now();
  let attemptStartedAt = callStartedAt;
  let current: { attempt: number; request: SentRequest | undefined; view: RequestView | undefined } = {
    attempt: 1,
    request: undefined,
    view: undefined,
  };
  // What the strategy placed without concealing it: hidden by value too, once seen.
  const learned = new Set<string>();
  const hidden = () => hiddenValues(start.secrets, learned);
  // Built on first use: a logger at `warn` needs a view only when the call fails.
  const viewOf = (attempt: number): RequestView => {
    if (current.view === undefined || current.view.attempt !== attempt) {
      const redacted =
        current.request === undefined
          ? redactStart(start, learned)
          : redactRequest(start, current.request, learned);
      current.view = requestView(start, attempt, redacted, current.request?.key?.fingerprint);
    }
    return current.view;
  };
  const guarded = (run: () => void) => {
    try {
      run();
    } catch {
      // A view that could not be built (a hostile header getter) is a view not shown.
    }
  };

  return {
    send(attempt: number, request: SentRequest) {
      guarded(() => {
        if (attempt !== current.attempt || current.request === undefined)
          attemptStartedAt = performance.now();
        current = { attempt, request, view: undefined };
        const { key } = request;
        if (key?.issuedAt !== undefined && expiry !== undefined) {
          const expiring = expiry.check(start.provider, key);
          if (expiring !== undefined) each((watcher) => watcher.keyExpiring?.(expiring));
        }
        if (!wants('request')) return;
        const view = viewOf(attempt);
        each((watcher) => watcher.request?.(view));
      });
    },
    attemptEnd(attempt: number, result: AttemptResult) {
      guarded(() => {
        if (!wants('attemptEnd')) return;
        const request = viewOf(attempt);
        const { status } = result;
        const response =
          status === undefined
            ? undefined
            : responseView(request, status, since(attemptStartedAt), result.headers, hidden());
        each((watcher) => watcher.attemptEnd?.(request, response, result.error));
      });
    },
    retry(attempt: number, reason: RetryReason, waitMs: number, error: KeygateError | undefined) {
      guarded(() => {
        if (!wants('retry')) return;
        const view = retryView(viewOf(attempt), reason, waitMs, error);
        each((watcher) => watcher.retry?.(view));
      });
    },
    refresh(attempt: number) {
      guarded(() => {
        if (!wants('refresh')) return;
        const view = viewOf(attempt);
        each((watcher) => watcher.refresh?.(view));
      });
    },
    end(result: { readonly attempts: number } & AttemptResult) {
      guarded(() => {
        if (!wants('end')) return;
        const request = viewOf(result.attempts);
        const { error } = result;
        // A call that throws may end with its error alone: an API error still knows its answer.
        const answered = error as { status?: unknown; requestId?: unknown } | undefined;
        const fromError = typeof answered?.requestId === 'string' ? answered.requestId : undefined;
        const requestId =
          result.headers === undefined
            ? fromError && scrub(fromError, formsOf(hidden()))
            : redactedRequestId(result.headers, hidden());
        const ended = Object.freeze({
          attempts: result.attempts,
          status: result.status ?? (typeof answered?.status === 'number' ? answered.status : undefined),
          requestId,
          request,
          failure: error === undefined ? undefined : errorView(request, error, since(callStartedAt)),
        });
        each((watcher) => watcher.end?.(ended));
      });
    },
  };
}

/** Milliseconds since `from`, to the hundredth. */
function since(from: number): number {
  return Math.round((performance.now() - from) * 100) / 100;
}
