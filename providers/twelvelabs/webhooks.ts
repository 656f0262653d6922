import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookVerificationReason } from '../../src/errors/webhook-verification-error.js';
import {
  parseWebhookPayload,
  positiveWebhookOption,
  type WebhookReceiver,
  webhookBodyBytes,
  webhookConfigError,
  webhookRefusal,
} from '../../src/webhook-delivery.js';
import { type TwelveLabsWebhookEvent, TwelveLabsWebhookEventSchema } from './webhook-schemas.js';

// TwelveLabs signs every webhook delivery (docs.twelvelabs.io/docs/webhooks-notification-schema and
// /docs/webhooks-requirements-for-processing-notifications): the `TL-Signature` header is
// `t=<unix seconds>,v1=<hex>`, where v1 = hex(HMAC-SHA256(secret, `${t}.${raw body}`)) with the
// secret string itself as the key (the Go sample: `hmac.New(sha256.New, []byte(secret))`). "You must
// use the raw request body. Do not parse the request body." Timestamps more than five minutes from
// now may be rejected, which stops a captured delivery from being replayed later.

// The provider's id, as in `error.provider` of every error a TwelveLabs call throws.
const provider = 'twelvelabs';
const DEFAULT_TOLERANCE_SECONDS = 300; // the docs' "five minutes"
const DEFAULT_MAX_BODY_BYTES = 1_048_576; // 1 MiB: an event is an id, a type and a small data object.
// The documented header is about 80 characters; a long one is garbage, or a flood of v1 values
// that would make us compute and compare for nothing.
const MAX_HEADER_CHARS = 1000;
const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE_HEX = /^[0-9a-f]{64}$/i;

/** Options of {@link verifyTwelveLabsWebhook}. */
export interface VerifyTwelveLabsWebhookOptions {
  /**
   * How far, in seconds, the signed timestamp may be from now, in the past or the future. Past it the
   * delivery is refused (`timestamp_out_of_tolerance`); `Infinity` turns the check off.
   * @default 300
   */
  toleranceSeconds?: number | undefined;
  /** The clock, in ms; for tests. @default Date.now */
  now?: (() => number) | undefined;
  /** Bodies longer than this are refused (`body_too_large`) before anything else. @default 1048576 (1 MiB) */
  maxBodyBytes?: number | undefined;
}

/** A webhook's signing secret, or several while rotating: any one of them verifies. */
export type TwelveLabsWebhookSecret = string | readonly string[];

/**
 * Verifies a TwelveLabs webhook delivery and returns its event. In order: the body's size, the
 * `TL-Signature` header's shape, the HMAC-SHA256 signature of `t.body` (compared in constant time;
 * any of several `v1` values may match, and any of several secrets), the timestamp's distance from
 * now, and only then the JSON payload: nothing is parsed before it is authenticated. No official
 * TwelveLabs SDK verifies these signatures, hence this function.
 *
 * Give it the raw body as received: JSON that was parsed and serialised again has other bytes and
 * never verifies. Answer 2xx quickly (TwelveLabs requires a 2xx) and drop repeats by `event.id`.
 *
 * @param rawBody The request body exactly as received, as a string or bytes.
 * @param signatureHeader The `TL-Signature` header (`request.headers['tl-signature']` in node:http,
 *   `request.headers.get('tl-signature')` for a `Request`).
 * @param secret The webhook's signing secret, or an array of them while rotating.
 * @param options The timestamp tolerance, the clock and the body cap.
 * @returns The validated event.
 * @throws {WebhookVerificationError} When the delivery is refused; answer `error.httpStatus`.
 * @throws {ConfigurationError} For an empty secret, a body that is not a string or bytes, or bad options.
 * @see https://docs.twelvelabs.io/docs/webhooks-requirements-for-processing-notifications
 * @example
 * ```ts no-run
 * import http from 'node:http'
 * import { WebhookVerificationError } from 'keygate'
 * import { verifyTwelveLabsWebhook } from 'keygate/twelvelabs'
 *
 * http.createServer(async (request, response) => {
 *   const chunks: Buffer[] = []
 *   let size = 0
 *   for await (const chunk of request as AsyncIterable<Buffer>) {
 *     chunks.push(chunk)
 *     size += chunk.length
 *     if (size > 1_048_576) break // verify refuses it (413): no need to read the rest
 *   }
 *   try {
 *     const event = verifyTwelveLabsWebhook(
 *       Buffer.concat(chunks),
 *       request.headers['tl-signature'],
 *       process.env.TWELVE_LABS_WEBHOOK_SECRET!,
 *     )
 *     // Answer at once, work in the background; TwelveLabs may deliver an event more than once.
 *     if (event.type === 'index.task.ready') enqueue(event.id, event.data.id)
 *     response.writeHead(200).end()
 *   } catch (error) {
 *     response.writeHead(error instanceof WebhookVerificationError ? error.httpStatus : 500).end()
 *   }
 * }).listen(8080)
 * ```
 */
export function verifyTwelveLabsWebhook(
  rawBody: string | Uint8Array,
  signatureHeader: string | readonly string[] | null | undefined,
  secret: TwelveLabsWebhookSecret,
  options: VerifyTwelveLabsWebhookOptions = {},
): TwelveLabsWebhookEvent {
  const secrets = secretList(secret);
  const { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now, maxBodyBytes } = options ?? {};
  if (typeof toleranceSeconds !== 'number' || !(toleranceSeconds >= 0)) {
    throw configError('`toleranceSeconds` must be a number of seconds, 0 or more (Infinity turns it off).');
  }
  if (typeof now !== 'function') throw configError('`now` must be a function returning milliseconds.');
  const body = bodyBytes(rawBody, positiveInteger(maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'));
  const { timestamp, signatures } = parseHeader(signatureHeader);
  if (!signatureMatches(secrets, timestamp, body, signatures)) {
    throw refused(
      'bad_signature',
      "No v1 signature in TL-Signature matches the body: check that the secret is this webhook's signing secret and that the body is the raw bytes received, not re-serialised JSON.",
    );
  }
  // After the signature: `t` is signed, so a refusal here is about a real (if old) delivery.
  if (toleranceSeconds !== Number.POSITIVE_INFINITY) {
    const skew = now() / 1000 - Number(timestamp);
    if (!(Math.abs(skew) <= toleranceSeconds)) {
      const off = Number.isFinite(skew)
        ? `${Math.round(Math.abs(skew))} s in the ${skew > 0 ? 'past' : 'future'}`
        : 'not comparable with the clock (`now` did not return milliseconds)';
      throw refused(
        'timestamp_out_of_tolerance',
        `The signed timestamp is ${off}, over the ${toleranceSeconds} s tolerance: a replayed delivery, or a clock that is off (sync it with NTP).`,
      );
    }
  }
  return parsePayload(body);
}

/**
 * Signs a body as TwelveLabs does, for your own tests: `t=<seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">`, the value of the `TL-Signature` header.
 *
 * @param rawBody The body to send, as a string or bytes.
 * @param secret The webhook's signing secret.
 * @param timestampSeconds The signing time in Unix seconds. @default now
 * @returns The `TL-Signature` header value.
 * @throws {ConfigurationError} For an empty secret or a timestamp that is not whole seconds.
 * @see https://docs.twelvelabs.io/docs/webhooks-notification-schema
 * @example
 * ```ts no-run
 * const body = JSON.stringify({ id: 'whe_1', created_at: new Date().toISOString(), type: 'index.task.ready', data: { id: 'task_1' } })
 * await fetch('http://127.0.0.1:8080/', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json', 'tl-signature': signTwelveLabsWebhook(body, 'test-secret') },
 *   body,
 * })
 * ```
 */
export function signTwelveLabsWebhook(
  rawBody: string | Uint8Array,
  secret: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): string {
  const [key] = secretList(typeof secret === 'string' ? secret : '');
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw configError('`timestampSeconds` must be whole Unix seconds.');
  }
  const t = String(timestampSeconds);
  return `t=${t},v1=${hmac(key ?? '', t, bodyBytes(rawBody, Number.POSITIVE_INFINITY)).toString('hex')}`;
}

function hmac(secret: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

function parseHeader(header: string | readonly string[] | null | undefined): {
  timestamp: string;
  signatures: string[];
} {
  // node:http types a header as string | string[] (it joins repeats of this one with ", "); a
  // list is read as those repeats would be: joined, so two different t= values are refused.
  const value = Array.isArray(header) ? (header.length === 1 ? header[0] : header.join(',')) : header;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw refused(
      'missing_signature',
      'The request has no TL-Signature header: it was not sent by TwelveLabs, or a proxy dropped the header.',
    );
  }
  if (typeof value !== 'string' || value.length > MAX_HEADER_CHARS) {
    throw malformed(`is not a string of at most ${MAX_HEADER_CHARS} characters`);
  }
  let timestamp: string | undefined;
  const signatures: string[] = [];
  // "Split the header on ','" (requirements page); spaces around parts and unknown parts are
  // tolerated, several v1 values are all tried (a sender rotating secrets may send two).
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const key = part.slice(0, equals).trim();
    const item = part.slice(equals + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined && timestamp !== item) throw malformed('has two different t= values');
      timestamp = item;
    } else if (key === 'v1') {
      signatures.push(item);
    }
  }
  if (timestamp === undefined || !TIMESTAMP.test(timestamp)) {
    throw malformed('has no t=<unix seconds>');
  }
  if (signatures.length === 0) throw malformed('has no v1=<signature>');
  return { timestamp, signatures };
}

function signatureMatches(
  secrets: readonly string[],
  timestamp: string,
  body: Uint8Array,
  signatures: readonly string[],
): boolean {
  // Compare bytes, not strings: a non-hex or wrong-length value is simply not a match, and
  // timingSafeEqual (which throws on different lengths) always sees two 32-byte buffers.
  const given = signatures.filter((hex) => SIGNATURE_HEX.test(hex)).map((hex) => Buffer.from(hex, 'hex'));
  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secret, timestamp, body);
    for (const candidate of given) {
      if (timingSafeEqual(candidate, expected)) matched = true;
    }
  }
  return matched;
}

function parsePayload(bytes: Uint8Array): TwelveLabsWebhookEvent {
  return parseWebhookPayload(
    receiver,
    bytes,
    TwelveLabsWebhookEventSchema,
    'the documented { id, created_at, type, data: { id } }',
  );
}

function secretList(secret: TwelveLabsWebhookSecret): string[] {
  const list: unknown[] = Array.isArray(secret) ? [...secret] : [secret];
  if (list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
    // Never echo the value: it is, or is close to, the secret.
    throw configError(
      "`secret` must be the webhook's signing secret (a non-empty string), or an array of them while rotating.",
    );
  }
  return list as string[];
}

const receiver: WebhookReceiver = { name: 'TwelveLabs', provider };
const configError = (detail: string) => webhookConfigError(receiver, detail);
const refused = (reason: WebhookVerificationReason, detail: string) =>
  webhookRefusal(receiver, reason, detail);
const positiveInteger = (value: number | undefined, fallback: number, name: string) =>
  positiveWebhookOption(receiver, value, fallback, name);
const bodyBytes = (body: unknown, maxBytes: number) => webhookBodyBytes(receiver, body, maxBytes);

const malformed = (detail: string) =>
  refused(
    'malformed_signature',
    `The TL-Signature header ${detail}; TwelveLabs sends t=<unix seconds>,v1=<hex>.`,
  );
