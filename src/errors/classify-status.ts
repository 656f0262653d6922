import { ApiError } from './api-error.js';
import { AuthenticationError } from './authentication-error.js';
import { BadRequestError } from './bad-request-error.js';
import { GenerationFailedError } from './generation-failed-error.js';
import { InsufficientCreditsError } from './insufficient-credits-error.js';
import { NotFoundError } from './not-found-error.js';
import { PermissionDeniedError } from './permission-denied-error.js';
import { RateLimitError, type RateLimitReason } from './rate-limit-error.js';
import { ServerError } from './server-error.js';

/** The kinds of provider error, one per {@link ApiError} subclass (`api` is the plain class). */
export type ApiErrorKind =
  | 'bad_request'
  | 'authentication'
  | 'insufficient_credits'
  | 'permission_denied'
  | 'not_found'
  | 'rate_limit'
  | 'server'
  | 'generation_failed'
  | 'api';

/** What a provider's `classify` hook says about a response; every field is optional. */
export interface ErrorDetails {
  /** The error class to throw; defaults to the one the HTTP status maps to. */
  kind?: ApiErrorKind | undefined;
  /** The provider's machine-readable code. */
  code?: string | undefined;
  /** The provider's human-readable message. */
  message?: string | undefined;
  /** One sentence on what to do, appended to the message. */
  hint?: string | undefined;
  /** How long the provider asked to wait (e.g. from a body field), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** For a rate limit: what was exhausted (`queue` for a provider's cap on queued jobs). */
  rateLimitReason?: RateLimitReason | undefined;
}

/** The response facts an {@link ApiError} is built from. */
export interface ErrorResponse {
  provider: string;
  status: number;
  statusText: string;
  method: string;
  /** The URL without its query string (a query key must never reach a message). */
  url: string;
  headers: Headers;
  /** The parsed body (JSON, or text). It may echo a key: never log it from a classifier. */
  body: unknown;
}

/**
 * The error kind an HTTP status maps to when the provider says nothing more specific.
 *
 * @param status An HTTP status.
 * @returns The kind; `undefined` for a 2xx/3xx status, which is not an error by itself.
 */
export function kindForStatus(status: number): ApiErrorKind | undefined {
  if (status < 400) return undefined;
  switch (status) {
    case 400: // Bad Request
    case 409: // Conflict
    case 422: // Unprocessable Content
      return 'bad_request';
    case 401:
      return 'authentication';
    case 402: // Payment Required: what providers use for "out of credits"
      return 'insufficient_credits';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 429:
      return 'rate_limit';
    default:
      return status >= 500 ? 'server' : 'api';
  }
}

const defaultHints: Record<ApiErrorKind, string> = {
  bad_request: 'Check the request parameters against the provider docs.',
  authentication: 'Check that the API key is valid, not expired, and meant for this provider.',
  insufficient_credits: 'Add credits or upgrade the plan, then try again.',
  permission_denied: 'The key is valid but not allowed to do this: check the plan or the key scopes.',
  not_found: 'Check the id and the base URL.',
  rate_limit: 'Slow down, then try again.',
  server: 'The provider failed; trying again later may succeed.',
  generation_failed:
    'The job failed at the provider; starting it again may succeed (it costs credits again).',
  api: 'See the status and the body for details.',
};

// 408 Request Timeout and the transient 5xx are worth sending again; 501 Not Implemented is not.
const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Builds the {@link ApiError} subclass for a response: `details.kind` when a provider classified
 * the body, otherwise the HTTP status.
 *
 * @param response The response facts. The error built here is scrubbed of concealed keys by the
 *   transport before it is thrown (message, body and every other field).
 * @param details What the provider's classifier found, if anything.
 * @returns The error to throw; its message names provider, status, method, URL, code and a hint.
 */
export function createApiError(response: ErrorResponse, details: ErrorDetails = {}): ApiError {
  const kind = details.kind ?? kindForStatus(response.status) ?? 'api';
  const code = details.code ?? genericCode(response.body);
  const providerMessage = truncate(details.message ?? genericMessage(response.body), 300);
  const statusLine = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const message =
    `${response.provider} answered ${statusLine} to ${response.method} ${response.url}` +
    `${code ? ` (${code})` : ''}${providerMessage ? `: ${providerMessage.replace(/\.?$/, '.')}` : '.'}` +
    ` ${details.hint ?? defaultHints[kind]}`;
  const options = {
    provider: response.provider,
    status: response.status,
    code,
    requestId: requestIdOf(response.headers),
    // A failed generation may succeed if started again, but that costs credits again: it is the
    // caller's decision, so it does not claim to be retryable.
    retryable:
      kind !== 'generation_failed' &&
      (kind === 'rate_limit' || kind === 'server' || retryableStatuses.has(response.status)),
    body: response.body,
  };
  switch (kind) {
    case 'bad_request':
      return new BadRequestError(message, options);
    case 'authentication':
      return new AuthenticationError(message, options);
    case 'insufficient_credits':
      return new InsufficientCreditsError(message, options);
    case 'permission_denied':
      return new PermissionDeniedError(message, options);
    case 'not_found':
      return new NotFoundError(message, options);
    case 'rate_limit':
      return new RateLimitError(message, {
        ...options,
        retryAfterMs: details.retryAfterMs ?? retryAfterMsFromHeaders(response.headers),
        rateLimit: rateLimitHeaders(response.headers),
        reason: details.rateLimitReason ?? 'rate',
      });
    case 'server':
      return new ServerError(message, options);
    case 'generation_failed':
      return new GenerationFailedError(message, options);
    default:
      return new ApiError(message, options);
  }
}

/**
 * How long a response asks the client to wait: `retry-after-ms` first, then `Retry-After` as
 * seconds or as an HTTP date.
 *
 * @param headers The response headers.
 * @returns Milliseconds (never negative), or `undefined` when absent or unparseable.
 */
export function retryAfterMsFromHeaders(headers: Headers): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && /^\s*\d+(\.\d+)?\s*$/.test(milliseconds))
    return Math.ceil(Number(milliseconds));
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function rateLimitHeaders(headers: Headers): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name.startsWith('x-ratelimit-') || name.startsWith('ratelimit')) found[name] = value;
  }
  return found;
}

/**
 * The provider's request id, from the first of the headers providers use for it.
 *
 * @param headers A response's headers.
 * @returns The id, or `undefined` when the answer carries none.
 */
export function requestIdOf(headers: Headers): string | undefined {
  return (
    headers.get('x-request-id') ?? headers.get('request-id') ?? headers.get('x-amzn-requestid') ?? undefined
  );
}

// Most JSON APIs put a code and a message at the top level or under `error`. The body is whatever
// the provider sent, so nothing here converts a value it did not check: a number code becomes its
// digits; an object, a list or a 10 KB string is skipped for the next candidate (no "[object
// Object]", no hostile `toString` called).
function genericCode(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const nested = isRecord(body.error) ? body.error : {};
  for (const code of [body.code, nested.code, nested.type]) {
    if (typeof code === 'string' && code !== '' && code.length <= 100) return code;
    if (typeof code === 'number' && Number.isFinite(code)) return String(code);
  }
  return undefined;
}

function genericMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const nested = isRecord(body.error) ? body.error : {};
  // The first candidate that is text: `{ message: {...}, detail: "..." }` still has a message.
  for (const message of [body.message, nested.message, body.error, body.detail]) {
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return undefined;
}

/**
 * Whether a parsed JSON value is an object with fields (not null, not a list): what error
 * classifiers check before reading a body's fields.
 *
 * @param value Any parsed value.
 * @returns `true` for a plain JSON object.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  // Cut first, then flatten whitespace: the message may be a 10 MiB body, and only `max`
  // characters of it are shown. Four times `max` leaves room for runs of whitespace to collapse.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  return flat.length > max || head.length < text.length ? `${flat.slice(0, max)}…` : flat;
}
