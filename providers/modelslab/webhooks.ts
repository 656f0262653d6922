import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  WebhookVerificationError,
  type WebhookVerificationReason,
} from '../../src/errors/webhook-verification-error.js';
import { isLoopbackHost } from '../../src/transport/base-url.js';
import {
  parseWebhookPayload,
  positiveWebhookOption,
  readWebhookRequest,
  type WebhookReceiver,
  webhookBodyBytes,
  webhookConfigError,
  webhookRefusal,
} from '../../src/webhook-delivery.js';
import { DeliveryMemory } from './delivery-memory.js';
import { type ModelsLabWebhookEvent, PayloadSchema } from './webhook-schemas.js';

// ModelsLab webhooks (https://docs.modelslab.com/webhooks, ModelsLab/docs-v2 webhooks.mdx): a
// generation request may carry `webhook` (a URL) and `track_id` ("your own identifier"); when the
// job ends ModelsLab POSTs JSON there. Deliveries carry NO signature, so the proof of origin is a
// token keygate puts in the URL itself: HMAC-SHA256(secret, track id), checked statelessly.
// "Webhooks may be sent multiple times. Use id or track_id for idempotency": hence the dedupe.
// Receivers must answer 2xx within 30 s: handle() does no I/O beyond reading the body.

// The provider's id, as in `error.provider` of every error a ModelsLab call throws.
const provider = 'modelslab';
const TOKEN_CONTEXT = 'modelslab-webhook:';
const TRACK_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const MIN_SECRET_CHARS = 32;
const DEFAULT_MAX_BODY_BYTES = 1_048_576; // 1 MiB: a payload is a few URLs and a meta object.
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_FAILURE_MESSAGE = 'The generation failed.';

/** Options of {@link createModelsLabWebhookHandler}. */
export interface ModelsLabWebhookHandlerOptions {
  /** Signs webhook URLs: at least 32 characters, kept server-side (e.g. `randomBytes(32).toString('base64url')`). */
  secret: string;
  /** The public `https` URL of your receiver; `http` only for 127.x, `::1` and `localhost`. */
  url: string | URL;
  /** Bodies longer than this are refused (`body_too_large`). @default 1048576 (1 MiB) */
  maxBodyBytes?: number | undefined;
  /** How long, and how many, delivered ids are remembered to report repeats as `duplicate`. */
  dedupe?:
    | {
        /** @default 86400000 (24 h) */
        ttlMs?: number | undefined;
        /** The oldest id is forgotten past this many. @default 10000 */
        maxEntries?: number | undefined;
      }
    | undefined;
  /** The clock the dedupe memory uses, in ms; for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/** The two fields to spread into a generation request's JSON body. */
export interface ModelsLabWebhookTarget {
  /** Your receiver's URL with `kg_track` and `kg_token` query parameters. */
  webhook: string;
  /** Your identifier of the job, echoed back in the delivery. */
  track_id: string;
}

/** A delivery: a WHATWG `Request`, or what a `node:http` server saw (`request.url` and the raw body). */
export type ModelsLabWebhookInput = Request | { url: string; body: string | Uint8Array };

/** A verified delivery. */
export interface ModelsLabWebhookDelivery {
  /** `true` when the same `track_id` (else `id`) was already delivered: answer 200, do nothing. */
  duplicate: boolean;
  /** The validated payload. */
  event: ModelsLabWebhookEvent;
}

/** Makes webhook targets and verifies the deliveries sent to them. Holds no secret in its fields. */
export interface ModelsLabWebhookHandler {
  /**
   * @param trackId Your identifier (1–100 of `A-Z a-z 0-9 . _ : -`); a random UUID by default.
   * @returns `{ webhook, track_id }` for the request body.
   * @throws {ConfigurationError} For an invalid `trackId`.
   */
  target(trackId?: string): ModelsLabWebhookTarget;
  /**
   * @param input The delivery.
   * @returns The event, and whether it is a repeat.
   * @throws {WebhookVerificationError} When the delivery is refused; answer `error.httpStatus`.
   */
  handle(input: ModelsLabWebhookInput): Promise<ModelsLabWebhookDelivery>;
}

/**
 * Receives ModelsLab webhooks safely. ModelsLab does not sign deliveries, so `target()` puts a
 * per-job HMAC token in the webhook URL and `handle()` checks it in constant time, bounds and
 * validates the body, and reports repeated deliveries. Stateless across restarts, except the
 * in-memory dedupe: keep your own idempotency on `id` / `track_id` for durable storage.
 *
 * @param options The secret, your receiver's URL, and limits.
 * @returns The handler.
 * @throws {ConfigurationError} For a short secret or an unsafe URL.
 * @see https://docs.modelslab.com/webhooks
 * @example
 * ```ts no-run
 * import http from 'node:http'
 * const webhooks = createModelsLabWebhookHandler({
 *   secret: process.env.MODELSLAB_WEBHOOK_SECRET!,
 *   url: 'https://example.com/modelslab',
 * })
 * await client.images.text2img({ prompt: 'a lighthouse', model_id: 'flux', ...webhooks.target() })
 *
 * http.createServer(async (request, response) => {
 *   const chunks: Buffer[] = []
 *   let size = 0
 *   for await (const chunk of request as AsyncIterable<Buffer>) {
 *     chunks.push(chunk)
 *     size += chunk.length
 *     if (size > 1_048_576) break // handle() refuses it (413): no need to read the rest
 *   }
 *   try {
 *     const { duplicate, event } = await webhooks.handle({ url: request.url ?? '/', body: Buffer.concat(chunks) })
 *     // ModelsLab wants a 2xx within 30 s: do slow work in the background, answer 200 to repeats too.
 *     if (!duplicate) save(event).catch(console.error)
 *     response.writeHead(200).end()
 *   } catch (error) {
 *     response.writeHead(error instanceof WebhookVerificationError ? error.httpStatus : 500).end()
 *   }
 * }).listen(8080)
 * ```
 */
export function createModelsLabWebhookHandler(
  options: ModelsLabWebhookHandlerOptions,
): ModelsLabWebhookHandler {
  // The secret stays in this closure: no field of the handler holds it, so printing one cannot leak it.
  if (typeof options !== 'object' || options === null) {
    throw configError('pass `{ secret, url }`.');
  }
  const { secret } = options;
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_CHARS) {
    throw configError(`\`secret\` must be a string of at least ${MIN_SECRET_CHARS} characters.`);
  }
  const base = receiverUrl(options.url);
  const maxBodyBytes = positiveInteger(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes');
  const seen = new DeliveryMemory(
    positiveInteger(options.dedupe?.ttlMs, DEFAULT_TTL_MS, 'dedupe.ttlMs'),
    positiveInteger(options.dedupe?.maxEntries, DEFAULT_MAX_ENTRIES, 'dedupe.maxEntries'),
    options.now ?? Date.now,
  );
  const tokenFor = (trackId: string) =>
    createHmac('sha256', secret)
      .update(TOKEN_CONTEXT + trackId)
      .digest('base64url');

  return {
    target(trackId) {
      if (trackId !== undefined && (typeof trackId !== 'string' || !TRACK_ID.test(trackId))) {
        throw configError('`trackId` must be 1 to 100 characters of A-Z, a-z, 0-9, ".", "_", ":" or "-".');
      }
      const track = trackId ?? randomUUID();
      const webhook = new URL(base);
      webhook.searchParams.append('kg_track', track);
      webhook.searchParams.append('kg_token', tokenFor(track));
      return { webhook: webhook.href, track_id: track };
    },

    async handle(input) {
      if (
        typeof input !== 'object' ||
        input === null ||
        typeof input.url !== 'string' ||
        !(input instanceof Request || isRawInput(input))
      ) {
        throw configError(
          'handle() takes a Request, or `{ url, body }` with the raw body as a string or bytes.',
        );
      }
      const raw = isRawInput(input);
      // The token is checked before the body is read: an unauthenticated sender costs no buffering.
      const track = verifiedTrack(input.url, tokenFor);
      if (track instanceof WebhookVerificationError) {
        if (!raw) await input.body?.cancel().catch(() => undefined);
        throw track;
      }
      const event = parsePayload(
        raw
          ? webhookBodyBytes(receiver, input.body, maxBodyBytes)
          : await readWebhookRequest(receiver, input, maxBodyBytes),
      );
      // The token was made for `kg_track`; the payload must name that same job, or a URL that
      // leaked once could carry forged results for any job. ModelsLab echoes the track_id it was
      // sent in every delivery (webhooks.mdx), and target() always sends one.
      if (event.track_id !== track) {
        throw refused(
          'track_mismatch',
          'The payload track_id is missing or not the one its webhook URL was made for.',
        );
      }
      // By job and track: a job started again with the same track_id is a new delivery.
      return { duplicate: seen.checkAndRemember(`${track}\n${String(event.id)}`), event };
    },
  };
}

function verifiedTrack(url: string, tokenFor: (track: string) => string): string | WebhookVerificationError {
  let params: URLSearchParams;
  try {
    params = new URL(url, 'http://localhost').searchParams;
  } catch {
    params = new URLSearchParams();
  }
  const tracks = params.getAll('kg_track');
  const tokens = params.getAll('kg_token');
  if (tracks.length === 0 || tokens.length === 0) {
    return refused('missing_token', 'The webhook URL has no kg_track/kg_token: it was not made by target().');
  }
  const track = tracks[0] ?? '';
  const given = Buffer.from(tokens[0] ?? '');
  const expected = Buffer.from(tokenFor(track));
  // timingSafeEqual throws on buffers of different lengths; a token's length is public (43 chars).
  const valid =
    tracks.length === 1 &&
    tokens.length === 1 &&
    TRACK_ID.test(track) &&
    given.length === expected.length &&
    timingSafeEqual(given, expected);
  return valid ? track : refused('bad_token', 'The webhook token is not valid for its track id.');
}

function parsePayload(bytes: Uint8Array): ModelsLabWebhookEvent {
  const payload = parseWebhookPayload(receiver, bytes, PayloadSchema, 'a documented shape');
  if (payload.status === 'success') return payload;
  return { ...payload, message: payload.message || payload.messege || DEFAULT_FAILURE_MESSAGE };
}

function isRawInput(input: ModelsLabWebhookInput): input is { url: string; body: string | Uint8Array } {
  // `ArrayBuffer.isView` rather than `instanceof`: a Buffer from another realm is still bytes.
  return typeof input.body === 'string' || ArrayBuffer.isView(input.body);
}

function receiverUrl(value: string | URL): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError('`url` must be an absolute URL, e.g. "https://example.com/modelslab".');
  }
  // A token in a cleartext URL can be read on the way: http is only for a receiver on this machine.
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    throw configError('`url` must use https (http is allowed for 127.x, ::1 and localhost only).');
  }
  if (url.searchParams.has('kg_token') || url.searchParams.has('kg_track')) {
    throw configError('`url` must not already carry kg_token or kg_track query parameters.');
  }
  url.hash = '';
  return url;
}

const receiver: WebhookReceiver = { name: 'ModelsLab', provider };
const configError = (detail: string) => webhookConfigError(receiver, detail);
const refused = (reason: WebhookVerificationReason, detail: string) =>
  webhookRefusal(receiver, reason, detail);
const positiveInteger = (value: number | undefined, fallback: number, name: string) =>
  positiveWebhookOption(receiver, value, fallback, name);
