import { KeygateError } from '../errors/keygate-error.js';

/** What a concealed secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * The spellings a secret can take once it has travelled: as is, percent-encoded (a query
 * string, a `Location` header), form-encoded, and JSON-escaped (a body that echoes it).
 */
function spellings(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ]);
  // Longest first, so a longer spelling is not left half-replaced by a shorter one inside it.
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Replaces every concealed secret in a string.
 *
 * @param text Any string.
 * @param secrets The secrets registered with `conceal`.
 * @returns The string with each spelling of each secret replaced by `[REDACTED]`.
 */
export function redactText(text: string, secrets: ReadonlySet<string>): string {
  let result = text;
  for (const secret of secrets) {
    for (const form of spellings(secret)) {
      if (result.includes(form)) result = result.split(form).join(REDACTED);
    }
  }
  return result;
}

/**
 * Deep-copies a parsed body with every string (keys included) scrubbed.
 *
 * @param value A parsed JSON value or a text body.
 * @param secrets The secrets registered with `conceal`.
 * @returns A scrubbed copy; objects and arrays are new.
 */
export function redactValue(value: unknown, secrets: ReadonlySet<string>, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value !== 'object' || value === null || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[redactText(key, secrets)] = redactValue(item, secrets, depth + 1);
  }
  return copy;
}

/**
 * Turns anything thrown below keygate (a fetch `TypeError`, a DNS error, an abort reason) into a
 * plain `Error` that carries only its name, message, `code` and cause, all scrubbed. Foreign
 * errors may hold requests, sockets or options; the copy holds none of them.
 *
 * @param error Anything thrown.
 * @param secrets The secrets registered with `conceal`.
 * @returns A safe `Error`, or `undefined` for `undefined`.
 */
export function sanitizeCause(error: unknown, secrets: ReadonlySet<string>, depth = 0): Error | undefined {
  if (error === undefined || error === null) return undefined;
  if (error instanceof KeygateError) return redactError(error, secrets);
  const source = error instanceof Error ? error : undefined;
  const name = source?.name ?? 'Error';
  const message = redactText(source ? source.message : String(error), secrets);
  const nestedCause = depth < 4 ? sanitizeCause(source?.cause, secrets, depth + 1) : undefined;
  const copy = new Error(message, nestedCause ? { cause: nestedCause } : undefined);
  copy.name = name;
  const code = (source as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  // The copy's own stack points into keygate; the original's frames are not needed to debug a
  // network failure and may carry a URL with a query key.
  copy.stack = `${name}: ${message}`;
  return copy;
}

/**
 * Scrubs a keygate error in place, whoever built it (the transport, a strategy, a provider's
 * classifier): message, stack, every own string or body field, and the cause chain.
 *
 * @param error A keygate error about to leave the transport.
 * @param secrets The secrets registered with `conceal`.
 * @returns The same error, scrubbed.
 */
export function redactError<E extends KeygateError>(error: E, secrets: ReadonlySet<string>): E {
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === 'cause') continue;
    fields[key] = redactValue(fields[key], secrets);
  }
  error.message = redactText(error.message, secrets);
  if (typeof error.stack === 'string') error.stack = redactText(error.stack, secrets);
  if (error.cause !== undefined) {
    Object.defineProperty(error, 'cause', {
      value: sanitizeCause(error.cause, secrets),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return error;
}
