import type { BeforeRetryState, RetryOptions } from 'ky';
import { retryAfterMsFromHeaders } from '../errors/classify-status.js';
import { sleep } from '../sleep.js';

/** Statuses worth sending again: 408 Request Timeout, 429 Too Many Requests and transient 5xx. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Methods that may be sent twice without doing the work twice. POST is retried only on 429,
 * where the provider promises it did not process the request.
 */
export const idempotentMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** The longest `Retry-After` keygate waits for; a longer one ends the call with a `RateLimitError`. */
export const maxRetryAfterMs = 60_000;

const backoffBaseMs = 300;
const backoffLimitMs = 8_000;

/**
 * Whether a response status should be retried for a method.
 *
 * @param method The request method, upper-case.
 * @param status The response status.
 * @returns `true` when the policy allows another attempt.
 */
export function shouldRetryStatus(method: string, status: number): boolean {
  if (!retryableStatuses.has(status)) return false;
  return idempotentMethods.has(method) || status === 429;
}

/** What ky hands `shouldRetry`: the error of the failed attempt. */
interface RetryError {
  request?: Request;
  response?: Response;
}

/**
 * ky's retry settings. ky decides *whether* (statuses, network errors, `limit`) with keygate's
 * veto in `shouldRetry`; keygate decides *how long*, in {@link waitBeforeRetry}, because ky can
 * read neither `retry-after-ms` nor refuse a `Retry-After` that is too long. ky's own delay is 0.
 *
 * @param limit How many retries at most (`maxRetries`).
 * @returns ky's `retry` option.
 */
export function retryOptions(limit: number): RetryOptions {
  return {
    limit,
    // POST is listed so that a 429 can be retried; shouldRetry vetoes everything else for it.
    methods: ['get', 'head', 'put', 'delete', 'options', 'post'],
    statusCodes: [...retryableStatuses],
    afterStatusCodes: [],
    retryOnTimeout: false,
    delay: () => 0,
    jitter: false,
    shouldRetry: ({ error }) => {
      const { request, response } = error as RetryError;
      const method = request?.method ?? 'GET';
      if (response === undefined) return idempotentMethods.has(method) ? undefined : false;
      if (!shouldRetryStatus(method, response.status)) return false;
      const waitMs = retryAfterMsFromHeaders(response.headers);
      return waitMs !== undefined && waitMs > maxRetryAfterMs ? false : undefined;
    },
  };
}

/**
 * Waits before a retry: as long as `retry-after-ms` / `Retry-After` say (at most 60 s), or
 * exponential backoff with full jitter. Ends early when `signal` aborts.
 *
 * @param state ky's `beforeRetry` state (the error and the retry count).
 * @param signal The caller's signal.
 */
export async function waitBeforeRetry(
  state: Pick<BeforeRetryState, 'error' | 'retryCount'>,
  signal?: AbortSignal,
): Promise<void> {
  const { response } = state.error as RetryError;
  const fromHeaders = response ? retryAfterMsFromHeaders(response.headers) : undefined;
  const waitMs =
    fromHeaders ?? Math.random() * Math.min(backoffLimitMs, backoffBaseMs * 2 ** (state.retryCount - 1));
  await sleep(waitMs, signal);
}
