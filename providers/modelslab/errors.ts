import { isRecord } from '../../src/errors/classify-status.js';
import { MESSAGE_SCAN_CHARS, MessageWords } from '../../src/errors/message-words.js';
import { retryAfterMsFromSeconds } from '../../src/errors/retry-after-seconds.js';
import type { ApiErrorKind, ErrorDetails, ErrorResponse } from '../../src/index.js';

/** The environment variable ModelsLab clients read the key from. */
export const MODELSLAB_ENV = 'MODELSLAB_API_KEY';

// "Invalid API key", "Api key is missing", "API key not found": "api_key" and "api-key" split into
// "api" + "key", so "key" covers them; "apikey" is the one spelling that stays a single word.
const keyWords = ['key', 'keys', 'apikey'];
const keyFaultsAfter = ['invalid', 'missing', 'expired', 'revoked', 'wrong', 'incorrect', 'required'];

// Ordered, whole words only, read from the first MESSAGE_SCAN_CHARS characters: the first rule
// that matches decides. Authentication > credits > permission > rate limit > server failure.
// Documented messages: https://docs.modelslab.com/error-codes (ModelsLab/docs-v2 error-codes.mdx).
const messageKinds: Array<[ApiErrorKind, (words: MessageWords) => boolean]> = [
  [
    // "Invalid API key" (401 example); the legacy endpoints answer HTTP 200 `messege: "Invalid Api Key"`.
    'authentication',
    (w) =>
      w.hasInOrder(keyWords, [...keyFaultsAfter, 'not valid', 'not found']) ||
      w.hasInOrder(['invalid', 'missing', 'expired', 'revoked', 'wrong', 'incorrect'], keyWords) ||
      w.has('no key', 'no api key', 'no apikey', 'unauthorized', 'unauthorised', 'unauthenticated') ||
      // "Authentication required. Please provide a valid API key." (docs-v2 mcp-web-api/overview.mdx)
      w.has('authentication required', 'authentication failed'),
  ],
  // "Insufficient credits. Please add more credits to continue." (402 example). Not a bare
  // "insufficient": "insufficient permissions" is not about money.
  [
    'insufficient_credits',
    (w) => w.has('credit', 'credits', 'balance', 'wallet', 'top up', 'topup', 'insufficient funds'),
  ],
  // "This feature requires a premium subscription" (403 example).
  [
    'permission_denied',
    (w) => w.has('premium', 'subscription', 'plan', 'upgrade', 'forbidden', 'not available', 'not allowed'),
  ],
  // "Rate limit exceeded. Maximum 5 queued requests allowed." with `retry_after: 30` (429
  // example; rate-limits.mdx: the limit is on queued requests). A bare "limit" is not enough:
  // a content filter's "NSFW content detected, limit exceeded" (the wording of issue 9; ModelsLab
  // does not document its NSFW errors) is a refusal, not a reason to wait and retry.
  [
    'rate_limit',
    (w) =>
      w.has('rate limit', 'rate limited', 'rate limits', 'ratelimit', 'ratelimited', 'too many') ||
      isQueueFull(w),
  ],
  // "Processing failed: Invalid input dimensions" (webhooks.mdx) and "Failed to generate image"
  // (issue 9; not in ModelsLab's docs) in an HTTP 200 body: the job was taken and failed.
  [
    'generation_failed',
    (w) => w.has('failed to generate', 'generation failed', 'failed to process', 'processing failed'),
  ],
  // "Internal server error. Please try again." (500 example): the provider failed, and trying
  // again may succeed.
  [
    'server',
    (w) => w.has('internal server error', 'server error', 'service unavailable', 'temporarily unavailable'),
  ],
];

/**
 * A message about ModelsLab's cap on queued jobs per account (5, 10 or 15 by plan): "Rate limit
 * exceeded. Maximum 5 queued requests allowed." (docs.modelslab.com/rate-limits).
 */
function isQueueFull(w: MessageWords): boolean {
  return (
    w.hasInOrder(['queue', 'queued'], ['full', 'limit', 'maximum', 'max', 'exceeded', 'reached']) ||
    w.hasInOrder(['maximum', 'max', 'limit'], ['queue', 'queued'])
  );
}

// Statuses that mean the same thing whatever ModelsLab's message says.
const statusKinds: Record<number, ApiErrorKind> = {
  401: 'authentication',
  402: 'insufficient_credits',
  403: 'permission_denied',
  404: 'not_found',
  429: 'rate_limit',
};

/**
 * ModelsLab reports many failures as HTTP 200 with `{"status": "error", "message": ...}` (legacy
 * endpoints spell it `messege`), and others as real 401/402/403/429. Both map to the same error
 * classes: by status where it is specific, otherwise by whole words of the message's first
 * {@link MESSAGE_SCAN_CHARS} characters. Any JSON body is read without throwing.
 *
 * @param response The response facts from the transport.
 * @returns Error details, or `undefined` for a success or processing answer.
 * @see https://docs.modelslab.com/error-codes
 */
export function classifyModelsLabResponse(response: ErrorResponse): ErrorDetails | undefined {
  const body = isRecord(response.body) ? response.body : {};
  if (response.status < 400 && !reportsModelsLabError(body)) return undefined;
  const message = messageOf(body);
  const byStatus = statusKinds[response.status] ?? (response.status >= 500 ? 'server' : undefined);
  // The words are read when they can decide the class, or tell a queue cap from a rate limit.
  const words =
    message !== undefined && (byStatus === undefined || byStatus === 'rate_limit')
      ? new MessageWords(message)
      : undefined;
  // `status: "failed"` is how a job that was taken reports its end (webhooks.mdx, the video
  // fetch): it cannot have failed on its key, so its message ("key frame required") is not read
  // for another class.
  const failedJob = body.status === 'failed';
  const byMessage =
    byStatus === undefined && words !== undefined && !failedJob
      ? messageKinds.find(([, matches]) => matches(words))?.[0]
      : undefined;
  const kind = byStatus ?? byMessage ?? (failedJob ? 'generation_failed' : 'bad_request');
  const nested = isRecord(body.error) ? body.error : {};
  const queueFull = kind === 'rate_limit' && words !== undefined && isQueueFull(words);
  return {
    kind,
    code: codeOf(body.code) ?? codeOf(nested.code),
    message: message ?? (body.status === 'failed' ? 'The generation failed.' : undefined),
    hint: queueFull ? queueHint : hints[kind],
    retryAfterMs: retryAfterMsFromSeconds(body.retry_after),
    rateLimitReason: queueFull ? 'queue' : undefined,
  };
}

/**
 * Whether a ModelsLab body reports an error: `status: "error"` (a refused call) or `"failed"` (a
 * job that ended badly), which ModelsLab sends with HTTP 200 as often as with an error status.
 * The transport sends only such 2xx bodies to {@link classifyModelsLabResponse}.
 *
 * @param body A parsed body.
 * @returns `true` for a body that reports an error.
 */
export function reportsModelsLabError(body: unknown): boolean {
  return isRecord(body) && (body.status === 'error' || body.status === 'failed');
}

const queueHint =
  'Your ModelsLab account has as many jobs queued as its plan allows (5, 10 or 15): wait for one to finish, then start the next.';

const hints: Partial<Record<ApiErrorKind, string>> = {
  authentication: `Check the ModelsLab API key: set ${MODELSLAB_ENV} (or pass \`apiKey\`).`,
  insufficient_credits: 'Top up the ModelsLab wallet or upgrade the plan, then try again.',
  permission_denied: 'This model or feature needs another ModelsLab plan.',
  generation_failed: 'The job failed at ModelsLab; starting it again may succeed (and costs credits again).',
};

function codeOf(code: unknown): string | undefined {
  if (typeof code === 'string') return code.length <= 100 ? code : undefined;
  return typeof code === 'number' && Number.isFinite(code) ? String(code) : undefined;
}

/** `message`, or the legacy `messege`, or `error`; the first that holds any text. */
function messageOf(body: Record<string, unknown>): string | undefined {
  for (const raw of [body.message, body.messege, body.error]) {
    const text = textOf(raw, 0);
    if (text !== undefined) return text;
  }
  return undefined;
}

// How far into nested arrays and objects a message is looked for, and how many pieces are joined.
const maxDepth = 3;
const maxParts = 20;

/**
 * The text of a message field, whatever JSON put there: a string; a list of strings; validation
 * errors `{ field: [reasons] }` as "field: reason reason; field: reason"; `{ message }` nested.
 * Never calls `String()` or `toString` on what it reads, and stops after {@link maxParts} pieces
 * or {@link MESSAGE_SCAN_CHARS} characters, so a hostile or enormous value costs little.
 */
function textOf(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'object' || value === null || depth >= maxDepth) return undefined;
  const record = value as Record<string, unknown>;
  if (!Array.isArray(value) && typeof record.message === 'string') return textOf(record.message, depth);
  const parts: string[] = [];
  let length = 0;
  const add = (text: string | undefined) => {
    if (text === undefined) return;
    parts.push(text);
    length += text.length;
  };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && parts.length < maxParts && length < MESSAGE_SCAN_CHARS; i += 1) {
      add(textOf(value[i], depth + 1));
    }
    return parts.length > 0 ? parts.join(depth === 0 ? '; ' : ' ') : undefined;
  }
  for (const field in record) {
    if (parts.length >= maxParts || length >= MESSAGE_SCAN_CHARS) break;
    if (!Object.hasOwn(record, field)) continue;
    const reasons = textOf(record[field], depth + 1);
    add(reasons === undefined ? undefined : `${field}: ${reasons}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}
