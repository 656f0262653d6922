import { retryAfterMsFromHeaders } from '../../src/errors/classify-status.js';
import { MESSAGE_SCAN_CHARS } from '../../src/errors/message-words.js';
import { retryAfterMsFromSeconds } from '../../src/errors/retry-after-seconds.js';
import type { ErrorDetails, ErrorResponse } from '../../src/index.js';

/** The environment variable TwelveLabs clients read the key from. */
export const TWELVE_LABS_ENV = 'TWELVE_LABS_API_KEY';

/**
 * Reads TwelveLabs' error bodies (`{ code, message, docs_url }`, real HTTP statuses) and adds
 * what to do. The status decides the class; `code` is kept as TwelveLabs sent it. Any JSON body
 * is read without throwing: a `code` or `message` that is not a string is left out.
 *
 * For a 429 without a `Retry-After` header, the wait comes from the message, which says how long:
 * "You have exceeded the rate limit ({rate_limit}). Please try again later after {retry_after}."
 * (the `too_many_requests` entry of the error-codes page).
 *
 * @param response The response facts from the transport.
 * @returns Details for an error status; `undefined` for a 2xx (TwelveLabs never reports errors in one).
 * @see https://docs.twelvelabs.io/api-reference/error-codes
 */
export function classifyTwelveLabsResponse(response: ErrorResponse): ErrorDetails | undefined {
  if (response.status < 400) return undefined;
  const body =
    typeof response.body === 'object' && response.body !== null && !Array.isArray(response.body)
      ? (response.body as Record<string, unknown>)
      : {};
  const code = typeof body.code === 'string' && body.code.length <= 100 ? body.code : undefined;
  const message = typeof body.message === 'string' ? body.message : undefined;
  const details: ErrorDetails = { code, message, hint: hintFor(response.status, code) };
  // createApiError prefers `details.retryAfterMs` to the headers, so the message is read only
  // when no header says how long: a header is exact, the message is prose.
  if (
    response.status === 429 &&
    message !== undefined &&
    retryAfterMsFromHeaders(response.headers) === undefined
  ) {
    details.retryAfterMs = retryAfterMsFromMessage(message);
  }
  return details;
}

function hintFor(status: number, code: string | undefined): string | undefined {
  if (status === 401 || code === 'api_key_invalid') {
    // TwelveLabs answers api_key_invalid for expired keys too, and keys expire every 90 days.
    return `TwelveLabs keys expire every 90 days: create a new one in the TwelveLabs dashboard and set ${TWELVE_LABS_ENV} (or pass \`apiKey\`).`;
  }
  if (status === 404)
    return 'Check the id: the index, task or video does not exist, or belongs to another account.';
  if (status === 429)
    // Limits are shared by every key of the organisation (docs.twelvelabs.io, rate limits page).
    return 'TwelveLabs rate limits apply to the whole organisation, not per key: wait for retryAfterMs, or check the x-ratelimit-* headers in error.rateLimit.';
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
 * @returns Milliseconds, or `undefined` when the message names no wait keygate can read.
 */
function retryAfterMsFromMessage(message: string): number | undefined {
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
