import { ConfigurationError } from '../errors/configuration-error.js';
import { checkHeaders } from './check-call.js';
import type { TransportRequest } from './transport-types.js';

/** The per-call options that change what is sent, checked. */
export interface CheckedCallOptions {
  /** The call's own headers, over the transport's; `undefined` when it has none. */
  headers: Headers | undefined;
  /** The call's retry budget; `undefined` keeps the transport's. */
  maxRetries: number | undefined;
  /** Whether the call carries an idempotency key (then a POST is as safe to retry as a PUT). */
  idempotent: boolean;
}

const noOptions: CheckedCallOptions = { headers: undefined, maxRetries: undefined, idempotent: false };
// RFC 9110 field values allow more, but a key with control characters or 256+ characters is a bug.
const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * Checks a call's `headers`, `maxRetries` and `idempotencyKey`, and merges the headers over the
 * transport's. Messages name the option, never the value.
 *
 * @param call The call (already checked for method, path and body by `checkCall`).
 * @param base The transport's headers.
 * @param provider The provider, for messages.
 * @param idempotencyHeader The header an idempotency key goes in, when the provider takes one.
 * @returns The checked options.
 * @throws {ConfigurationError} For a malformed option, or an idempotency key the provider cannot take.
 */
export function checkCallOptions(
  call: TransportRequest<unknown>,
  base: Headers,
  provider: string,
  idempotencyHeader: string | undefined,
): CheckedCallOptions {
  const { headers, maxRetries, idempotencyKey } = call;
  if (headers === undefined && maxRetries === undefined && idempotencyKey === undefined) return noOptions;
  const fail = (message: string) => new ConfigurationError(`${provider}: ${message}`, { provider });
  if (maxRetries !== undefined) checkWholeNumber(maxRetries, 'maxRetries', 0, 10, provider);
  let merged: Headers | undefined;
  if (headers !== undefined) {
    merged = new Headers(base);
    for (const [name, value] of checkHeaders(headers, provider, "the call's `headers`"))
      merged.set(name, value);
  }
  if (idempotencyKey !== undefined) {
    if (idempotencyHeader === undefined) {
      throw fail(
        '`idempotencyKey` is not supported: this provider documents no idempotency header, so a key would be ignored and a retried POST could run twice.',
      );
    }
    if (typeof idempotencyKey !== 'string' || !idempotencyKeyPattern.test(idempotencyKey)) {
      throw fail('`idempotencyKey` must be 1 to 255 visible ASCII characters, e.g. crypto.randomUUID().');
    }
    merged ??= new Headers(base);
    merged.set(idempotencyHeader, idempotencyKey);
  }
  return { headers: merged, maxRetries, idempotent: idempotencyKey !== undefined };
}

/**
 * Checks a numeric option, of the transport or of one call, with the same words for both.
 *
 * @param value The option's value.
 * @param name The option's name, for the message.
 * @param min The smallest value allowed.
 * @param max The largest value allowed.
 * @param provider The provider, for the message and `error.provider`.
 * @returns The value.
 * @throws {ConfigurationError} When it is not a whole number from `min` to `max`.
 */
export function checkWholeNumber(
  value: unknown,
  name: string,
  min: number,
  max: number,
  provider: string,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`${provider}: \`${name}\` must be a whole number from ${min} to ${max}.`, {
      provider,
    });
  }
  return value;
}
