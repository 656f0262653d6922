import type { ApiError } from '../errors/api-error.js';
import { isRateLimitError } from '../errors/guards.js';

/** Statuses worth sending again: 408 Request Timeout, 429 Too Many Requests and transient 5xx. */
export const retryableStatuses: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Methods that may be sent twice without doing the work twice. POST is retried only when the
 * provider said it did not take the request (a rate limit), never after an ambiguous failure.
 */
export const idempotentMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** The longest wait keygate accepts from a provider; a longer one ends the call at once. */
export const maxRetryAfterMs = 60_000;

const backoffBaseMs = 300;
const backoffLimitMs = 8_000;

/** Why the loop may send a call again. */
export type RetryReason = 'status' | 'rate_limit' | 'connection' | 'key';

/** The policy's verdict on a failed attempt. */
export type RetryDecision =
  | { readonly retry: false }
  | { readonly retry: true; readonly reason: RetryReason; readonly waitMs: number };

const stop: RetryDecision = { retry: false };

/**
 * Whether and when to send an API error's call again. A rate limit is retried for every method
 * (the provider refused the call before doing any work), waiting what it asked for: the
 * `retry-after-ms` / `Retry-After` headers, a body field or the message, as the provider's
 * classifier found it. Other retryable statuses are retried for idempotent calls only (an
 * idempotent method, or a call with an idempotency key), with exponential backoff and full
 * jitter unless the provider gave a wait.
 *
 * @param idempotent Whether the call may be sent twice.
 * @param error The classified error of the attempt.
 * @param retryNumber Which retry this would be (1 for the first).
 * @param headerWaitMs What `retry-after-ms` / `Retry-After` asked for (a 503 may carry one too).
 * @returns The decision.
 */
export function decideApiRetry(
  idempotent: boolean,
  error: ApiError,
  retryNumber: number,
  headerWaitMs: number | undefined,
): RetryDecision {
  const rateLimited = isRateLimitError(error);
  const waitMs = rateLimited ? (error.retryAfterMs ?? headerWaitMs) : headerWaitMs;
  if (waitMs !== undefined && waitMs > maxRetryAfterMs) return stop;
  if (rateLimited) return { retry: true, reason: 'rate_limit', waitMs: waitMs ?? backoffMs(retryNumber) };
  if (!retryableStatuses.has(error.status) || !idempotent) return stop;
  return { retry: true, reason: 'status', waitMs: waitMs ?? backoffMs(retryNumber) };
}

/**
 * Whether to send a call again after the connection failed (reset, refused, DNS). Only
 * idempotent calls: a POST may have reached the provider before the connection broke (unless
 * it carries an idempotency key the provider de-duplicates by).
 *
 * @param idempotent Whether the call may be sent twice (its method, or an idempotency key).
 * @param retryNumber Which retry this would be (1 for the first).
 * @returns The decision.
 */
export function decideConnectionRetry(idempotent: boolean, retryNumber: number): RetryDecision {
  if (!idempotent) return stop;
  return { retry: true, reason: 'connection', waitMs: backoffMs(retryNumber) };
}

/**
 * Exponential backoff with full jitter: a random wait in [0, min(8 s, 300 ms × 2^(n-1))), so
 * many clients that failed together do not come back together.
 *
 * @param retryNumber Which retry (1 for the first).
 * @returns Milliseconds to wait.
 */
export function backoffMs(retryNumber: number): number {
  return Math.random() * Math.min(backoffLimitMs, backoffBaseMs * 2 ** Math.max(0, retryNumber - 1));
}
