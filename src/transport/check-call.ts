import { ConfigurationError } from '../errors/configuration-error.js';
import type { HttpMethod } from './transport-types.js';

// Only these: fetch refuses CONNECT, TRACE and TRACK with a TypeError, and any other name would
// be sent as is (`FETCH`) and answered with a 400 that reads like the server's fault.
const methods: ReadonlySet<string> = new Set<HttpMethod>([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
]);

// RFC 9110 §5.6.2 `token`: what fetch accepts as a header name.
const headerNameChar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
// Fetch trims these from both ends of a header value before checking it (Fetch §2.2 "normalize").
const httpWhitespace = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * Refuses a call that is wrong before anything is built or sent, so a caller's mistake is a
 * {@link ConfigurationError} that names it, not a fetch `TypeError` reported as "could not reach
 * the server" or a 400 from a request that did go out. Messages name the option and the kind of
 * value, never the value itself.
 *
 * Accepted: `method` one of the {@link HttpMethod}s in any case (`'get'` is sent as `GET`);
 * `path` a non-empty string (`'/'` addresses baseUrl itself); `json` a plain object, not an
 * array or scalar (a body key needs an object to sit in); `form` a `FormData`, not both; no
 * body on GET or HEAD; `query` values strings, finite numbers or booleans (`undefined` leaves
 * one out, `null` is refused); `signal` an `AbortSignal`; `timeout` a whole number of
 * milliseconds; `upload` a boolean, only with `form`; `onUploadProgress` a function.
 *
 * @param call What was passed to `transport.request()`.
 * @param provider The provider, for the message and `error.provider`.
 * @returns The method, upper-case.
 * @throws {ConfigurationError} For the first mistake found.
 */
export function checkCall(call: unknown, provider: string): HttpMethod {
  const fail = (message: string) => new ConfigurationError(`${provider}: ${message}`, { provider });
  if (typeof call !== 'object' || call === null) {
    throw fail(`request() takes a call object like { method: 'GET', path: 'indexes' }; got ${kindOf(call)}.`);
  }
  const { method, path, json, form, body, query, signal, timeout, upload, onUploadProgress } = call as Record<
    string,
    unknown
  >;
  const upper = typeof method === 'string' ? method.toUpperCase() : undefined;
  if (upper === undefined || !methods.has(upper)) {
    const got = typeof method === 'string' ? JSON.stringify(method.slice(0, 20)) : kindOf(method);
    throw fail(`\`method\` must be one of ${[...methods].join(', ')}; got ${got}.`);
  }
  if (typeof path !== 'string') {
    const hint =
      path instanceof URL ? ' (pass the part after baseUrl as a string: the key only goes to baseUrl)' : '';
    throw fail(
      `\`path\` must be a string relative to baseUrl, like "indexes/123"; got ${kindOf(path)}${hint}.`,
    );
  }
  if (path.trim() === '') throw fail('`path` is empty; use "/" to call baseUrl itself.');
  if (json !== undefined && Object.prototype.toString.call(json) !== '[object Object]') {
    throw fail(
      `\`json\` must be a plain object of body fields; got ${kindOf(json)}. Wrap other values in a field.`,
    );
  }
  if (form !== undefined && !(form instanceof FormData)) {
    throw fail(`\`form\` must be a FormData; got ${kindOf(form)}.`);
  }
  if (body !== undefined && !(body instanceof Blob)) {
    throw fail(`\`body\` must be a Blob (e.g. a slice of fs.openAsBlob(path)); got ${kindOf(body)}.`);
  }
  const bodies = (json === undefined ? 0 : 1) + (form === undefined ? 0 : 1) + (body === undefined ? 0 : 1);
  if (bodies > 1) throw fail('a request has one body: `json`, `form` or `body`, not several.');
  if ((upper === 'GET' || upper === 'HEAD') && bodies > 0) {
    const which = json !== undefined ? 'json' : form !== undefined ? 'form' : 'body';
    throw fail(
      `a ${upper} request cannot have a body (\`${which}\`); send the fields as \`query\` or use POST.`,
    );
  }
  checkQuery(query, fail);
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw fail(
      `\`signal\` must be an AbortSignal, like controller.signal or AbortSignal.timeout(5000); got ${kindOf(signal)}.`,
    );
  }
  const wholeMs = typeof timeout === 'number' && Number.isInteger(timeout) && timeout >= 1;
  if (timeout !== undefined && !(wholeMs && timeout <= 2_147_483_647)) {
    throw fail('`timeout` must be a whole number of milliseconds from 1 to 2147483647.');
  }
  if (upload !== undefined && typeof upload !== 'boolean') {
    throw fail(`\`upload\` must be true or false; got ${kindOf(upload)}.`);
  }
  if (upload === true && form === undefined) throw fail('an upload needs a multipart form.');
  // Checked now: a listener that is not a function would fail mid-upload, after part of the body went out.
  if (onUploadProgress !== undefined && typeof onUploadProgress !== 'function') {
    throw fail(`\`onUploadProgress\` must be a function; got ${kindOf(onUploadProgress)}.`);
  }
  return upper as HttpMethod;
}

function isQueryScalar(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function checkQuery(query: unknown, fail: (message: string) => ConfigurationError): void {
  if (query === undefined) return;
  if (Object.prototype.toString.call(query) !== '[object Object]') {
    throw fail(`\`query\` must be a plain object of parameters; got ${kindOf(query)}.`);
  }
  for (const [name, value] of Object.entries(query as object)) {
    // A list is sent as repeated keys (`status=ready&status=failed`), so each item is checked.
    const ok = Array.isArray(value)
      ? value.every(isQueryScalar)
      : value === undefined || isQueryScalar(value);
    if (!ok) {
      // `String(value)` would send "[object Object]", "1,2" or "null": never what was meant.
      throw fail(
        `query parameter ${JSON.stringify(name)} is ${kindOf(value)}; query values must be strings, finite numbers ` +
          'or booleans, or lists of them (sent as repeated keys); undefined leaves one out.',
      );
    }
  }
}

/**
 * Builds the `Headers` of a transport from what the caller passed, checking every name and
 * value first: `new Headers()` throws a `TypeError` that quotes the value, and header values are
 * often secrets. Messages name the header, never its value.
 *
 * @param init A `Headers`, an iterable of `[name, value]` pairs or a plain object; values are
 *   strings (numbers are turned into strings, as fetch does).
 * @param provider The provider, for the message and `error.provider`.
 * @param where The option, for the message, e.g. `` `headers` ``.
 * @returns A new `Headers` with the same entries.
 * @throws {ConfigurationError} For a malformed option, an invalid name, or a value with CR, LF,
 *   NUL or a character above U+00FF.
 */
export function checkHeaders(init: unknown, provider: string, where: string): Headers {
  const fail = (message: string) => new ConfigurationError(`${provider}: ${where} ${message}`, { provider });
  const headers = new Headers();
  if (init === undefined) return headers;
  if (typeof init !== 'object' || init === null) {
    throw fail(
      `must be a Headers object, an array of [name, value] pairs or a plain object; got ${kindOf(init)}.`,
    );
  }
  const pairs: Iterable<unknown> =
    Symbol.iterator in init ? (init as Iterable<unknown>) : Object.entries(init);
  for (const pair of pairs) {
    const entry =
      typeof pair === 'object' && pair !== null && Symbol.iterator in pair
        ? [...(pair as Iterable<unknown>)]
        : [];
    if (entry.length !== 2) throw fail('must list [name, value] pairs; one entry is not a pair.');
    const [name, value] = entry;
    if (typeof name !== 'string' || name === '') throw fail(`has a header name that is ${kindOf(name)}.`);
    const nameProblem = headerNameProblem(name);
    if (nameProblem !== undefined) throw fail(`has an invalid header name: ${nameProblem}`);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw fail(`gives header ${JSON.stringify(name)} ${kindOf(value)}; header values are strings.`);
    }
    const text = String(value).replace(httpWhitespace, '');
    const valueProblem = headerValueProblem(text);
    if (valueProblem !== undefined)
      throw fail(`gives header ${JSON.stringify(name)} a value with ${valueProblem}.`);
    headers.append(name, text);
  }
  return headers;
}

/**
 * `JSON.stringify` for request bodies: a BigInt or a circular structure is a
 * {@link ConfigurationError} that says which and where (`meta.count`), never the `TypeError`
 * that fetch's caller would report as a connection failure. Only field names are shown, never
 * values: the body may hold the key (BodyKeyStrategy adds it before serialisation).
 *
 * @param body The body, key included.
 * @param provider The provider, for the message and `error.provider`.
 * @returns The JSON text.
 * @throws {ConfigurationError} When the body cannot be serialised.
 */
export function serializeJson(body: unknown, provider: string): string {
  const fail = (message: string, cause?: unknown) =>
    new ConfigurationError(`${provider}: the JSON body cannot be serialised: ${message}`, {
      provider,
      cause,
    });
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    // Walked again only on failure, so a good body is serialised once (getters and toJSON then
    // run twice). JSON.stringify's own message names no values either, but not the whole path.
    const found = locateUnserialisable(body);
    if (found?.kind === 'bigint') throw fail(`${found.at} is a BigInt. Send it as a string or number.`);
    if (found?.kind === 'circular') {
      throw fail(`${found.at} refers back to an object that contains it (a circular structure).`);
    }
    // A toJSON method or getter of the caller's threw, or the body is nested too deeply. The
    // transport scrubs concealed secrets from the cause on its way out.
    const thrown = error instanceof Error ? error.name : kindOf(error);
    throw fail(
      `JSON.stringify threw ${thrown} (a toJSON method or getter, or nesting too deep); see the cause.`,
      error,
    );
  }
  if (text === undefined) throw fail(`the body is ${kindOf(body)}, which JSON cannot represent.`);
  return text;
}

interface Unserialisable {
  kind: 'bigint' | 'circular';
  /** Where, as a field path, e.g. `` `meta.tags[2]` ``. */
  at: string;
}

function locateUnserialisable(body: unknown): Unserialisable | undefined {
  try {
    return findUnserialisable(body, '', '', []);
  } catch {
    // Too deep for the walk as for JSON.stringify (RangeError), or a getter that throws only once.
    return undefined;
  }
}

function findUnserialisable(
  value: unknown,
  key: string,
  path: string,
  ancestors: object[],
): Unserialisable | undefined {
  const at = path === '' ? 'the body itself' : `\`${path}\``;
  let current = value;
  try {
    const toJSON = (current as { toJSON?: unknown } | null | undefined)?.toJSON;
    if (typeof toJSON === 'function') current = toJSON.call(current, key);
  } catch {
    return undefined;
  }
  if (typeof current === 'bigint') return { kind: 'bigint', at };
  if (typeof current !== 'object' || current === null) return undefined;
  if (ancestors.includes(current)) return { kind: 'circular', at };
  const inner = [...ancestors, current];
  const keys = Array.isArray(current) ? current.map((_, index) => String(index)) : Object.keys(current);
  for (const name of keys) {
    const step = Array.isArray(current)
      ? `${path}[${name}]`
      : /^[A-Za-z_$][\w$]*$/.test(name)
        ? `${path}${path === '' ? '' : '.'}${name}`
        : `${path}[${JSON.stringify(name)}]`;
    let child: unknown;
    try {
      child = (current as Record<string, unknown>)[name];
    } catch {
      return undefined;
    }
    const found = findUnserialisable(child, name, step, inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * What makes a string an invalid header name (RFC 9110 `token`), in words that never quote past
 * the first bad character.
 *
 * @param name The candidate name.
 * @returns The problem, or `undefined` for a valid name.
 */
export function headerNameProblem(name: string): string | undefined {
  for (let index = 0; index < name.length; index++) {
    if (headerNameChar.test(name.charAt(index))) continue;
    // Only the valid part before it is quoted: a whole "Authorization: Bearer …" line pasted as a
    // name would otherwise put the key in the message.
    const before =
      index === 0 ? 'it starts with' : `${JSON.stringify(name.slice(0, Math.min(index, 40)))} is followed by`;
    return `${before} ${describeChar(name.codePointAt(index) ?? 0)}. Header names are letters, digits and !#$%&'*+-.^_\`|~.`;
  }
  return undefined;
}

function headerValueProblem(text: string): string | undefined {
  if (text.includes('\r') || text.includes('\n')) return 'a line break (CR or LF)';
  if (text.includes('\0')) return 'a NUL character';
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0xff) return 'a character above U+00FF (header values are bytes)';
  }
  return undefined;
}

function describeChar(code: number): string {
  const names: Record<number, string> = {
    0: 'a NUL character',
    9: 'a tab',
    10: 'a line feed (LF)',
    13: 'a carriage return (CR)',
    32: 'a space',
    58: 'a colon',
  };
  return names[code] ?? `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A value's kind for a message ("a number", "an array"), never the value: it may be a secret. */
function kindOf(value: unknown): string {
  // null, undefined, NaN and Infinity are their own names and cannot be secrets.
  if (value == null || (typeof value === 'number' && !Number.isFinite(value))) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof URL) return 'a URL object';
  if (typeof value === 'bigint') return 'a BigInt';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return tag === 'Object' ? 'an object' : `a ${tag}`;
}
