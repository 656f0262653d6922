import type { AfterResponseHook, RetryOptions } from 'ky';
import { retryAfterMsFromHeaders } from '../errors/classify-status.js';

/** Statuses worth sending again: 408 Request Timeout, 429 Too Many Requests and transient 5xx. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Methods that may be sent twice without doing the work twice. POST is retried only on 429,
 * where the provider promises it did not process the request.
 */
export const idempotentMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** The longest `Retry-After` keygate waits for; a longer one ends the call with a `RateLimitError`. */
export const maxRetryAfterMs = 60_000;

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

/**
 * ky's retry settings for network failures: idempotent methods only, exponential backoff with
 * full jitter. Status-based retries are decided by {@link retryOnStatus}, because ky cannot read
 * `retry-after-ms` nor refuse a `Retry-After` that is too long.
 *
 * @param limit How many retries at most (`maxRetries`).
 * @returns ky's `retry` option.
 */
export function networkRetryOptions(limit: number): RetryOptions {
  return {
    limit,
    methods: [...idempotentMethods].map((method) => method.toLowerCase()),
    statusCodes: [],
    afterStatusCodes: [],
    retryOnTimeout: false,
    jitter: true,
    backoffLimit: 8_000,
  };
}

/**
 * ky `afterResponse` hook: asks ky to send the request again for a retryable status, waiting as
 * long as `retry-after-ms` / `Retry-After` say (up to 60 s), or ky's jittered backoff without them.
 *
 * @param retry ky's `retry` marker factory (`ky.retry`).
 * @returns The hook.
 */
export function retryOnStatus(retry: (options?: { delay?: number }) => unknown): AfterResponseHook {
  return ({ request, response, retryCount, options }) => {
    const limit = typeof options.retry === 'object' ? (options.retry.limit ?? 0) : Number(options.retry ?? 0);
    if (retryCount >= limit || !shouldRetryStatus(request.method, response.status)) return undefined;
    const waitMs = retryAfterMsFromHeaders(response.headers);
    if (waitMs !== undefined && waitMs > maxRetryAfterMs) return undefined;
    return retry(waitMs === undefined ? undefined : { delay: waitMs }) as ReturnType<AfterResponseHook>;
  };
}
