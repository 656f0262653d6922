import { formsOf, REDACTED, scrub } from '../transport/redact.js';
import type { CallStart, SentRequest } from './call-trace.js';

/**
 * Credentials of other kinds (a user's own `authorization` in `headers`, a session cookie) that
 * keygate never concealed: hidden by name, in requests and answers, so no hook or log line shows them.
 */
export const credentialHeaders: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

// Headers the transport itself sets after the strategy ran (buildRequest's body encoding). Their
// values are the transport's, so they are shown; any other new or changed header is the strategy's.
const transportHeaders: Record<string, RegExp> = {
  'content-type': /^(?:application\/json|multipart\/form-data; boundary=[-\w]+)$/,
  'content-length': /^\d+$/,
};

// A placed value this long (or a word of it this long: `Token <key>`) is hunted by value in the
// rest of the call's views too. Shorter ones (`v2`, `Bearer`) would blank out innocent text.
const minLearnedLength = 8;

/** A request's redacted URL and headers. */
export interface RedactedRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Redacts the authenticated request by location, then by value. Every header and query parameter
 * the strategy added or changed (compared with the call's start, which holds no key) becomes
 * `[REDACTED]` whatever its name, so a custom strategy that forgot `conceal` still leaks nothing
 * there. Those placed values are also learned, so that where they appear again (the path, an
 * answer that echoes them) they are replaced like every concealed value, in any spelling.
 *
 * @param start The call's start: URL and headers before the strategy ran, and the secrets.
 * @param sent The request as sent, carrying the key.
 * @param learned The values placed so far on this call; this request's are added to it.
 * @returns The URL and headers, safe to show.
 */
export function redactRequest(start: CallStart, sent: SentRequest, learned: Set<string>): RedactedRequest {
  const placedHeaders = new Set<string>();
  for (const [name, value] of sent.headers) {
    if (start.headers.get(name) === value || transportHeaders[name]?.test(value) === true) continue;
    placedHeaders.add(name);
    learn(value, start.secrets, learned);
  }
  const placedParams = new Set<string>();
  const before = start.url.searchParams;
  const after = sent.url.searchParams;
  for (const name of after.keys()) {
    const was = before.getAll(name);
    const values = after.getAll(name);
    if (values.length === was.length && values.every((value, index) => value === was[index])) continue;
    placedParams.add(name);
    for (const value of values) if (!was.includes(value)) learn(value, start.secrets, learned);
  }
  const forms = formsOf(hiddenValues(start.secrets, learned));
  const headers: Record<string, string> = {};
  for (const [name, value] of sent.headers) {
    headers[name] = placedHeaders.has(name) || credentialHeaders.has(name) ? REDACTED : scrub(value, forms);
  }
  return { url: redactUrl(sent.url, placedParams, forms), headers: Object.freeze(headers) };
}

/**
 * The call's own request, for a call that failed before anything was sent (a strategy that
 * threw): its URL and headers hold no key, but are scrubbed all the same.
 *
 * @param start The call's start.
 * @param learned The values placed so far on this call.
 * @returns The URL and headers, safe to show.
 */
export function redactStart(start: CallStart, learned: Set<string>): RedactedRequest {
  return redactRequest(start, start, learned);
}

/**
 * Everything a call's views hide by value: what its strategy concealed, and what it placed.
 *
 * @param secrets The call's concealed values (live).
 * @param learned The values its strategy placed that were not concealed.
 * @returns Every value to replace: the secrets themselves when nothing was learned (the common case).
 */
export function hiddenValues(
  secrets: ReadonlySet<string>,
  learned: ReadonlySet<string>,
): ReadonlySet<string> {
  return learned.size === 0 ? secrets : new Set([...secrets, ...learned]);
}

// A value holding a concealed secret (`Bearer <key>`) is covered already: the secret is its
// sensitive part. Learning only the rest keeps the common case (every built-in strategy) at no cost.
function learn(value: string, secrets: ReadonlySet<string>, learned: Set<string>): void {
  for (const candidate of [value, ...value.split(/[\s,;]+/)]) {
    if (candidate.length < minLearnedLength || learned.has(candidate)) continue;
    let concealed = false;
    for (const secret of secrets) if (candidate.includes(secret)) concealed = true;
    if (!concealed) learned.add(candidate);
  }
}

/**
 * The redacted URL: userinfo and fragment dropped (never sent as such), the placed query
 * parameters replaced, then every hidden value scrubbed. Works on the raw query, so the
 * parameters left alone keep their exact spelling.
 */
function redactUrl(url: URL, placed: ReadonlySet<string>, forms: readonly string[]): string {
  const query = url.search
    .slice(1)
    .split('&')
    .map((pair) => {
      // One pair parsed as URLSearchParams decodes its name exactly as `searchParams` did.
      const name = [...new URLSearchParams(pair).keys()][0];
      if (name === undefined || !placed.has(name)) return pair;
      return `${pair.slice(0, pair.includes('=') ? pair.indexOf('=') : pair.length)}=${REDACTED}`;
    })
    .join('&');
  return scrub(`${url.protocol}//${url.host}${url.pathname}${query === '' ? '' : `?${query}`}`, forms);
}
