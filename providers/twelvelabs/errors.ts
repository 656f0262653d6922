import { isRecord, retryAfterMsFromHeaders } from '../../src/errors/classify-status.js';
import { MESSAGE_SCAN_CHARS } from '../../src/errors/message-words.js';
import { retryAfterMsFromSeconds } from '../../src/errors/retry-after-seconds.js';
import type { ApiErrorKind, ErrorDetails, ErrorResponse } from '../../src/index.js';

/** The environment variable TwelveLabs clients read the key from. */
export const TWELVE_LABS_ENV = 'TWELVE_LABS_API_KEY';

/**
 * The codes that decide the class whatever the HTTP status, from the error-codes page
 * (https://docs.twelvelabs.io/api-reference/error-codes). The status alone is not enough: the
 * official SDK declares only 400 for the indexes and tasks endpoints (twelvelabs-js
 * src/api/resources/indexes/client/Client.ts), so a missing index may come as a 400 with
 * `resource_not_exist`.
 */
const kindsByCode: Readonly<Record<string, ApiErrorKind>> = {
  resource_not_exist: 'not_found',
  // "API Key is either invalid or expired."
  api_key_invalid: 'authentication',
  unauthorized: 'authentication',
  too_many_requests: 'rate_limit',
  // "API is allowed for paid plan only." / "API is not allowed to use."
  api_allowed_for_paid_plan: 'permission_denied',
  api_not_allowed: 'permission_denied',
  region_not_allowed: 'permission_denied',
  // Listed under /tasks; the only usage-exhaustion code the page names.
  usage_limit_exceeded: 'insufficient_credits',
  index_name_already_exists: 'bad_request',
};

/**
 * Reads TwelveLabs' error bodies (`{ code, message, docs_url }`, or `{ error: { code, message } }`
 * on newer endpoints: twelvelabs-js src/serialization/types/ErrorResponse.ts) and adds what to
 * do. The documented `code` decides the class where it is specific (`resource_not_exist` is a
 * `NotFoundError` even on a 400), otherwise the status does; `code` is kept as TwelveLabs sent
 * it. Any JSON body is read without throwing: a `code` or `message` that is not a string is
 * left out.
 *
 * For a rate limit without a `Retry-After` header, the wait comes from the message, which says
 * how long: "You have exceeded the rate limit ({rate_limit}). Please try again later after
 * {retry_after}." (the `too_many_requests` entry of the error-codes page).
 *
 * @param response The response facts from the transport.
 * @returns Details for an error status; `undefined` for a 2xx (TwelveLabs never reports errors in one).
 * @see https://docs.twelvelabs.io/api-reference/error-codes
 */
export function classifyTwelveLabsResponse(response: ErrorResponse): ErrorDetails | undefined {
  if (response.status < 400) return undefined;
  const body = isRecord(response.body) ? response.body : {};
  const nested = isRecord(body.error) ? body.error : {};
  const code = textField(body.code, 100) ?? textField(nested.code, 100);
  const message = textField(body.message) ?? textField(nested.message);
  const kind = twelveLabsErrorKind(code);
  const details: ErrorDetails = {
    ...(kind === undefined ? {} : { kind }),
    code,
    message,
    hint: hintFor(response, kind, code, message),
  };
  // createApiError prefers `details.retryAfterMs` to the headers, so the message is read only
  // when no header says how long: a header is exact, the message is prose.
  if (
    (response.status === 429 || kind === 'rate_limit') &&
    message !== undefined &&
    retryAfterMsFromHeaders(response.headers) === undefined
  ) {
    details.retryAfterMs = retryAfterMsFromMessage(message);
  }
  return details;
}

/**
 * The class a TwelveLabs error code stands for, whatever the HTTP status: `resource_not_exist`
 * → `not_found`, `api_key_invalid` → `authentication`, `too_many_requests` → `rate_limit`...
 *
 * @param code The `code` of an error body or event.
 * @returns The kind, or `undefined` for a code that says nothing more than its status.
 */
export function twelveLabsErrorKind(code: string | undefined): ApiErrorKind | undefined {
  return code === undefined || !Object.hasOwn(kindsByCode, code) ? undefined : kindsByCode[code];
}

function textField(value: unknown, maxLength = Number.POSITIVE_INFINITY): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= maxLength ? value : undefined;
}

// The last path segment of a collection: a 404 there is not about an id.
const collections = new Set([
  'indexes',
  'tasks',
  'videos',
  'assets',
  'indexed-assets',
  'search',
  'embed',
  'analyze',
]);

function hintFor(
  response: ErrorResponse,
  kind: ApiErrorKind | undefined,
  code: string | undefined,
  message: string | undefined,
): string | undefined {
  const { status } = response;
  if (status === 401 || kind === 'authentication') {
    // TwelveLabs answers api_key_invalid for expired keys too, and keys expire every 90 days
    // (docs.twelvelabs.io/docs/authentication).
    // The documented message already says "either invalid or expired"; another one may not.
    const saysExpired = /\bexpired\b/i.test(message?.slice(0, 300) ?? '');
    return `${saysExpired ? 'TwelveLabs keys expire every 90 days:' : 'The key is invalid or expired (TwelveLabs keys expire every 90 days):'} create a new one in the TwelveLabs dashboard and set ${TWELVE_LABS_ENV} (or pass \`apiKey\`).`;
  }
  if (status === 404 || kind === 'not_found') {
    const segment = new URL(response.url).pathname.split('/').filter(Boolean).pop() ?? '';
    if (code !== 'resource_not_exist' && collections.has(segment)) {
      // No id in the path: the base URL (or the API version in it) is what is wrong.
      return `Check the base URL: ${response.method} ${response.url} does not exist there. keygate's TwelveLabs client speaks v1.3 (https://api.twelvelabs.io/v1.3).`;
    }
    return 'Check the id: the index, task or video does not exist, or belongs to another account.';
  }
  if (status === 429 || kind === 'rate_limit')
    // Limits are shared by every key of the organisation (docs.twelvelabs.io, rate limits page).
    return 'TwelveLabs rate limits apply to the whole organisation, not per key: wait for retryAfterMs, or check the x-ratelimit-* headers in error.rateLimit.';
  if (kind === 'permission_denied')
    return 'The key works, but its plan (or region) may not use this endpoint: check the TwelveLabs plan.';
  if (kind === 'insufficient_credits')
    return 'The usage limit of the TwelveLabs plan is reached: upgrade it or wait for the next period.';
  if (code === 'index_name_already_exists')
    return 'Index names are unique per account: choose another index_name.';
  return undefined;
}

// The words that introduce the wait. The error-codes page documents "try again later after";
// the others are the usual variants of the same sentence.
const waitIntroductions = ['try again later after', 'try again after', 'retry after', 'try again in'];

// Seconds per unit. The page leaves the format of {retry_after} open, and rate-limit windows are
// per minute, hour and day (https://docs.twelvelabs.io/docs/get-started/rate-limits), so all
// the usual spellings are read; a number without a unit at the end of the sentence is seconds.
const unitSeconds = new Map<string, number>([
  ...['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'].map((unit) => [unit, 0.001] as const),
  ...['s', 'sec', 'secs', 'second', 'seconds'].map((unit) => [unit, 1] as const),
  ...['m', 'min', 'mins', 'minute', 'minutes'].map((unit) => [unit, 60] as const),
  ...['h', 'hr', 'hrs', 'hour', 'hours'].map((unit) => [unit, 3_600] as const),
  ...['d', 'day', 'days'].map((unit) => [unit, 86_400] as const),
]);

// Each pattern is anchored at both ends and tested on one short token: linear, no backtracking
// across the message. "30", "1.5", "30s", "0:01:30" (hours:minutes:seconds).
const numberToken = /^\d{1,9}(?:\.\d{1,6})?$/;
const numberWithUnit = /^(\d{1,9}(?:\.\d{1,6})?)([a-z]{1,12})$/;
const clockToken = /^(\d{1,3}):(\d{2}):(\d{2})(?:\.\d{1,6})?$/;

/**
 * How long a too_many_requests message asks to wait: "... try again later after 30 seconds.",
 * "... after 1 minute and 30 seconds", "... after 45s", "... after 0:00:45". Only the first
 * {@link MESSAGE_SCAN_CHARS} characters are searched, and 80 characters after the introduction
 * are read.
 *
 * @param message A `too_many_requests` message.
 * @returns Milliseconds, or `undefined` when the message names no wait keygate can read.
 */
export function retryAfterMsFromMessage(message: string): number | undefined {
  const head = message.slice(0, MESSAGE_SCAN_CHARS).toLowerCase();
  const introduction = waitIntroductions.find((words) => head.includes(words));
  if (introduction === undefined) return undefined;
  const from = head.indexOf(introduction) + introduction.length;
  const tokens = head
    .slice(from, from + 80)
    .split(/[\s,;()]+/)
    .filter((token) => token !== '');
  let seconds = 0;
  let read = false;
  for (let i = 0; i < tokens.length; i += 1) {
    const raw = tokens[i] ?? '';
    if (raw === 'and' && read) continue;
    // A sentence's final period is not part of the word before it ("after 30." / "30 seconds.").
    const endsSentence = raw.endsWith('.');
    const token = endsSentence ? raw.slice(0, -1) : raw;
    const clock = clockToken.exec(token);
    const joined = numberWithUnit.exec(token);
    if (clock) {
      seconds += Number(clock[1]) * 3_600 + Number(clock[2]) * 60 + Number(clock[3]);
    } else if (joined && unitSeconds.has(joined[2] ?? '')) {
      seconds += Number(joined[1]) * (unitSeconds.get(joined[2] ?? '') ?? 0);
    } else if (numberToken.test(token)) {
      const next = endsSentence ? undefined : tokens[i + 1];
      const unit = next === undefined ? 1 : unitSeconds.get(next.replace(/\.$/, ''));
      // A number that ends the sentence is seconds; "after 5 months" is a unit keygate does not know.
      if (unit === undefined) return undefined;
      seconds += Number(token) * unit;
      if (next !== undefined) i += 1;
    } else {
      break;
    }
    read = true;
    if (endsSentence || tokens[i]?.endsWith('.')) break;
  }
  return read ? retryAfterMsFromSeconds(seconds) : undefined;
}
