import { requestIdOf } from '../errors/classify-status.js';
import type { KeygateError } from '../errors/keygate-error.js';
import { formsOf, REDACTED, scrub } from '../transport/redact.js';
import type { RetryReason } from '../transport/retry-policy.js';
import type { CallStart } from './call-trace.js';
import type { ErrorView, RequestView, ResponseView, RetryView } from './options.js';
import { credentialHeaders, type RedactedRequest } from './redact-request.js';

/**
 * The frozen views the logger, the hooks and tracing see, built from facts already redacted (the
 * request, by `redactRequest`) or redacted here (the answer's headers and request id).
 */

/**
 * Response headers with every hidden value replaced: a hostile or buggy server may echo the key.
 *
 * @param headers The answer's headers.
 * @param hidden The call's concealed values (and those its strategy placed).
 * @returns A plain record, names in lower case, frozen.
 */
export function redactHeaders(
  headers: Headers | undefined,
  hidden: ReadonlySet<string>,
): Record<string, string> {
  const forms = formsOf(hidden);
  const record: Record<string, string> = {};
  for (const [name, value] of headers ?? []) {
    const shown = credentialHeaders.has(name) ? REDACTED : scrub(value, forms);
    // `set-cookie` is the one header Headers yields more than once.
    record[name] = record[name] === undefined ? shown : `${record[name]}, ${shown}`;
  }
  return Object.freeze(record);
}

/**
 * The provider's request id, from the same headers errors read it from, scrubbed (a server may
 * echo the key in it too).
 *
 * @param headers The answer's headers.
 * @param hidden The values to replace.
 * @returns The id, or `undefined`.
 */
export function redactedRequestId(headers: Headers, hidden: ReadonlySet<string>): string | undefined {
  const id = requestIdOf(headers);
  return id === undefined ? undefined : scrub(id, formsOf(hidden));
}

/**
 * The view of one request as sent (an attempt, or a redirect hop).
 *
 * @param start The call's start.
 * @param attempt 1 for the first attempt.
 * @param request The redacted URL and headers.
 * @param keyFingerprint The fingerprint of the key the request carries, once placed.
 * @returns The frozen view hooks and logs see.
 */
export function requestView(
  start: CallStart,
  attempt: number,
  request: RedactedRequest,
  keyFingerprint?: string | undefined,
): RequestView {
  const { provider, method } = start;
  return Object.freeze({
    provider,
    method,
    url: request.url,
    attempt,
    headers: request.headers,
    keyFingerprint,
  });
}

/**
 * The view of an answer, whatever its status, with its headers and request id scrubbed.
 *
 * @param request The attempt's request view.
 * @param status The answer's status.
 * @param durationMs From sending the attempt to its end.
 * @param headers The answer's headers, raw.
 * @param hidden The values to replace.
 * @returns The frozen view of an answer.
 */
export function responseView(
  request: RequestView,
  status: number,
  durationMs: number,
  headers: Headers | undefined,
  hidden: ReadonlySet<string>,
): ResponseView {
  const responseHeaders = redactHeaders(headers, hidden);
  const requestId = headers === undefined ? undefined : redactedRequestId(headers, hidden);
  return Object.freeze({ ...request, status, durationMs, requestId, responseHeaders });
}

/**
 * The view of a retry: the request that failed, why, and how long the loop waits.
 *
 * @param request The request that failed.
 * @param reason Why the loop sends the call again.
 * @param waitMs How long it waits first.
 * @param error The attempt's error, already scrubbed.
 * @returns The frozen view of a retry about to be made.
 */
export function retryView(
  request: RequestView,
  reason: RetryReason,
  waitMs: number,
  error: KeygateError | undefined,
): RetryView {
  return Object.freeze({ ...request, reason, waitMs, error });
}

/**
 * The view of a call that failed for good.
 *
 * @param request The last request sent (or the call's own, when none was).
 * @param error The error the call throws, already scrubbed.
 * @param durationMs From the start of the call.
 * @returns The frozen view of a call that failed for good.
 */
export function errorView(request: RequestView, error: KeygateError, durationMs: number): ErrorView {
  return Object.freeze({ ...request, error, durationMs });
}
