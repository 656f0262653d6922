import * as v from 'valibot';
import { ConfigurationError } from './errors/configuration-error.js';
import {
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './errors/webhook-verification-error.js';

// What every provider's webhook receiver does the same way: name its mistakes and refusals, read
// the raw body under a cap, and parse the payload only as JSON of a documented shape, naming the
// field that is wrong and never its value.

/** Whose webhooks: the display name for messages and the id for `error.provider`. */
export interface WebhookReceiver {
  /** e.g. `TwelveLabs`. */
  readonly name: string;
  /** e.g. `twelvelabs`. */
  readonly provider: string;
}

/**
 * @param receiver Whose webhooks.
 * @param detail What is wrong with the options, never a secret.
 * @returns The error for a caller's mistake.
 */
export function webhookConfigError(receiver: WebhookReceiver, detail: string): ConfigurationError {
  return new ConfigurationError(`${receiver.name} webhooks: ${detail}`, { provider: receiver.provider });
}

/**
 * @param receiver Whose webhooks.
 * @param reason Why the delivery is refused.
 * @param detail What to check, never the secret, a token or the body.
 * @returns The refusal.
 */
export function webhookRefusal(
  receiver: WebhookReceiver,
  reason: WebhookVerificationReason,
  detail: string,
): WebhookVerificationError {
  return new WebhookVerificationError(`${receiver.name} webhook refused (${reason}). ${detail}`, {
    provider: receiver.provider,
    reason,
  });
}

function tooLarge(receiver: WebhookReceiver, maxBytes: number): WebhookVerificationError {
  return webhookRefusal(
    receiver,
    'body_too_large',
    `The body is over ${maxBytes} bytes; raise maxBodyBytes if that is expected.`,
  );
}

/**
 * A positive whole-number option, or its default.
 *
 * @param receiver Whose webhooks.
 * @param value What the caller passed.
 * @param fallback The default.
 * @param name The option, for the message.
 * @returns The value.
 * @throws {ConfigurationError} Unless it is a positive safe integer.
 */
export function positiveWebhookOption(
  receiver: WebhookReceiver,
  value: number | undefined,
  fallback: number,
  name: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw webhookConfigError(receiver, `\`${name}\` must be a positive integer.`);
  }
  return value;
}

/**
 * The raw body as bytes, refused past `maxBytes` (a string is measured before it is copied).
 *
 * @param receiver Whose webhooks.
 * @param body The body as received.
 * @param maxBytes The cap.
 * @returns The bytes.
 * @throws {WebhookVerificationError} `body_too_large`.
 * @throws {ConfigurationError} For anything but a string or bytes (parsed JSON has lost the raw bytes).
 */
export function webhookBodyBytes(receiver: WebhookReceiver, body: unknown, maxBytes: number): Uint8Array {
  let bytes: Uint8Array;
  if (typeof body === 'string') {
    if (Buffer.byteLength(body, 'utf8') > maxBytes) throw tooLarge(receiver, maxBytes);
    bytes = Buffer.from(body, 'utf8');
  } else if (ArrayBuffer.isView(body)) {
    // `ArrayBuffer.isView` rather than `instanceof`: a Buffer from another realm is still bytes.
    bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  } else {
    throw webhookConfigError(
      receiver,
      'pass the raw request body as a string or bytes, not parsed JSON: the signature covers the exact bytes sent.',
    );
  }
  if (bytes.byteLength > maxBytes) throw tooLarge(receiver, maxBytes);
  return bytes;
}

/**
 * Reads a `Request`'s body chunk by chunk, so a body that lies about (or omits) its length is
 * cut off at the cap; what was read is then dropped.
 *
 * @param receiver Whose webhooks.
 * @param request The delivery.
 * @param maxBytes The cap.
 * @returns The bytes.
 * @throws {WebhookVerificationError} `body_too_large`.
 */
export async function readWebhookRequest(
  receiver: WebhookReceiver,
  request: Request,
  maxBytes: number,
): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array();
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await request.body.cancel().catch(() => undefined);
    throw tooLarge(receiver, maxBytes);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(receiver, maxBytes);
    }
    chunks.push(value);
  }
}

/**
 * Parses an authenticated body: UTF-8 JSON, an object, of the documented shape.
 *
 * @param receiver Whose webhooks.
 * @param bytes The body.
 * @param schema The payload's schema.
 * @param shape How the message names the documented shape, e.g. `a documented shape`.
 * @returns The validated payload.
 * @throws {WebhookVerificationError} `malformed_payload`, naming the field, never its value.
 */
export function parseWebhookPayload<S extends v.GenericSchema>(
  receiver: WebhookReceiver,
  bytes: Uint8Array,
  schema: S,
  shape: string,
): v.InferOutput<S> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw webhookRefusal(receiver, 'malformed_payload', 'The webhook body is not UTF-8 JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw webhookRefusal(receiver, 'malformed_payload', 'The webhook body is not a JSON object.');
  }
  const result = v.safeParse(schema, json);
  if (!result.success) {
    // Name the field, never its value: the body is the sender's and may hold anything.
    const path = v.getDotPath(result.issues[0]) ?? '(root)';
    throw webhookRefusal(
      receiver,
      'malformed_payload',
      `The webhook payload is not ${shape}: field "${path.slice(0, 100)}".`,
    );
  }
  return result.output;
}
